import NIOConcurrencyHelpers

/// A connection of a client's own, lent to one ``RedisClient/withConnection(_:)`` closure: the place
/// for what must not happen on the connection every task shares: `SELECT`, `CLIENT SETNAME`,
/// `MULTI` … `EXEC` sent one by one, `WATCH`, blocking loops.
///
/// It has every generated command method. It is never reconnected behind your back (a reconnect
/// would silently undo the session you set up): once it is lost, commands fail with
/// ``RedisError/connectionClosed(mayHaveRun:)``. It is given back when the closure returns; using it
/// afterwards throws ``RedisError/badArgument(_:)``. Commands answered with pushes or not at all
/// (`SUBSCRIBE`, `MONITOR`, `CLIENT REPLY`) are refused: Fred's connections pair every command with
/// one reply.
public final class RedisExclusiveConnection: RedisCommandExecutor, Sendable {
    public let commandTable: RedisCommandTable
    private let transport: RedisClient.Transport
    private let commandTimeout: Duration?
    private let state = NIOLockedValueBox(State())

    struct State {
        var ended = false
        /// Whether the connection may go back to the idle ones: nothing changed its session, no
        /// transaction or WATCH is open, no reply is outstanding.
        var clean = true
    }

    init(transport: RedisClient.Transport, commandTable: RedisCommandTable, commandTimeout: Duration?) {
        self.transport = transport
        self.commandTable = commandTable
        self.commandTimeout = commandTimeout
    }

    public func execute(_ command: RESPCommand) async throws -> RESPValue {
        let info = command.info
        guard info.semantics.answer == .reply else {
            throw RedisError.unsupported("\(info.name): Fred's connections pair every command with one reply; pushes and missing replies need the pub/sub API, which is not built yet")
        }
        try state.withLockedValue { state in
            guard !state.ended else { throw RedisError.badArgument("\(info.name) was sent on a connection after its withConnection closure returned") }
            if info.semantics.change != .none { state.clean = false }
        }
        let timeout = command.blocks ? RedisClient.timeoutOverride : RedisClient.timeoutOverride ?? commandTimeout
        do {
            return try await RedisClient.cancellable(transport) { try await transport.send(command, timeout: timeout) }
        } catch let error as RedisError {
            if case .server = error {} else { state.withLockedValue { $0.clean = false } }
            throw error
        } catch {
            state.withLockedValue { $0.clean = false }
            throw error
        }
    }

    /// Ends the lease; returns whether the connection may be reused.
    func end() -> Bool {
        state.withLockedValue { state in
            state.ended = true
            return state.clean
        }
    }
}

extension RedisClient {
    /// Lends `body` a connection of its own for commands that must not run on the shared one:
    /// session changes, transactions sent command by command, `WATCH`, blocking loops.
    ///
    /// ```swift
    /// let moved = try await client.withConnection { connection in
    ///     try await connection.watch(["balance"])
    ///     let balance = try await connection.get("balance")?.int ?? 0
    ///     try await connection.multi()
    ///     try await connection.set("balance", RedisValue(balance - 10))
    ///     return try await connection.exec() != nil
    /// }
    /// ```
    ///
    /// The connection is opened (or taken from the idle ones) with the client's configuration. When
    /// `body` returns, it goes back to the idle ones if nothing changed its session and no
    /// transaction, `WATCH` or reply is left open; otherwise it is closed. At most
    /// ``RedisConfig/maxExclusiveConnections`` are in use at once.
    public func withConnection<Result: Sendable>(
        _ body: (RedisExclusiveConnection) async throws -> Result,
        isolation: isolated (any Actor)? = #isolation
    ) async throws -> Result {
        let transport = try await leaseExclusive()
        let connection = RedisExclusiveConnection(transport: transport, commandTable: commandTable, commandTimeout: config.commandTimeout)
        do {
            let result = try await body(connection)
            await release(transport, reusable: connection.end())
            return result
        } catch {
            _ = connection.end()
            await release(transport, reusable: false)
            throw error
        }
    }
}
