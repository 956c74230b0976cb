extension RedisClient {
    /// Lends `body` a connection of its own for commands that must not run on the shared one:
    /// session changes, `WATCH`, transactions sent command by command, blocking loops.
    ///
    /// ```swift
    /// let name = try await client.withConnection { connection in
    ///     try await connection.select(2)
    ///     return try await connection.get("name")
    /// }
    /// ```
    ///
    /// The connection is an idle one of the client's, or a new one set up with the client's
    /// configuration; when all ``RedisConfig/maxExclusiveConnections`` are in use, the call waits
    /// in line for one (``RedisConfig/exclusiveConnectionWaitTimeout``). The connection must not
    /// be kept past `body`: commands sent on it afterwards throw. When `body` returns or throws,
    /// the connection is cleaned for the next user (see ``RedisExclusiveConnection``).
    @discardableResult
    public func withConnection<Result: Sendable>(
        _ body: (RedisExclusiveConnection) async throws -> Result,
        isolation: isolated (any Actor)? = #isolation
    ) async throws -> Result {
        let transport = try await leaseExclusive()
        let connection = RedisExclusiveConnection(transport: transport, commandTable: commandTable, commandTimeout: config.commandTimeout)
        let result: Swift.Result<Result, any Error>
        do {
            result = .success(try await body(connection))
        } catch {
            result = .failure(error)
        }
        await giveBack(transport, cleanup: connection.end())
        return try result.get()
    }

    /// Cleans a lent connection as `cleanup` says and releases it; closed when cleaning fails.
    func giveBack(_ transport: Transport, cleanup: RedisExclusiveConnectionState.Cleanup) async {
        let command: RESPCommand
        switch cleanup {
        case .reuse:
            await release(transport, reusable: true)
            return
        case .close:
            await release(transport, reusable: false)
            return
        case .discard: command = sessionCommands.discard()
        case .unwatch: command = sessionCommands.unwatch()
        }
        // Cleaning must not hang on a frozen server, nor be stopped by the caller's cancellation.
        let cleaned = await Task {
            (try? await transport.send(command, timeout: min(config.commandTimeout ?? .seconds(1), .seconds(1)))) != nil
        }.value
        await release(transport, reusable: cleaned)
    }
}
