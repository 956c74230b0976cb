import NIOCore

/// Running commands: on the current connection (or the next one while reconnecting), with the
/// command timeout, resent when that is safe.
extension RedisClient {
    @TaskLocal static var timeoutOverride: Duration?
    @TaskLocal static var writeRetryOverride: Bool?

    /// Runs `operation` with `timeout` as the command timeout of every command it sends, on any
    /// client, instead of ``RedisConfig/commandTimeout``.
    ///
    /// ```swift
    /// let value = try await RedisClient.withCommandTimeout(.milliseconds(200)) {
    ///     try await client.get("feature-flags")
    /// }
    /// ```
    public static func withCommandTimeout<Result>(
        _ timeout: Duration,
        _ operation: () async throws -> Result,
        isolation: isolated (any Actor)? = #isolation
    ) async rethrows -> Result {
        try await $timeoutOverride.withValue(timeout, operation: operation, isolation: isolation)
    }

    /// Runs `operation` with ``RedisConfig/retryWrittenWrites`` set to `retry` for every command it
    /// sends, on any client: `false` makes its writes at most once on a client configured to
    /// resend them; `true` lets an idempotent write (a `SET` of a fixed value) be resent when its
    /// connection dies before the reply.
    ///
    /// ```swift
    /// try await RedisClient.withWrittenWriteRetries(true) {
    ///     try await client.set("greeting", "hello")
    /// }
    /// ```
    public static func withWrittenWriteRetries<Result>(
        _ retry: Bool,
        _ operation: () async throws -> Result,
        isolation: isolated (any Actor)? = #isolation
    ) async rethrows -> Result {
        try await $writeRetryOverride.withValue(retry, operation: operation, isolation: isolation)
    }

    /// A task executor on the event loop of the client's connection, or nil when the client is not
    /// connected or its connection has no event loop (the mock engine).
    ///
    /// Tasks that send many commands one after another and want the lowest latency can run on it:
    ///
    /// ```swift
    /// if let executor = client.taskExecutor {
    ///     try await withTaskExecutorPreference(executor) { try await work(client) }
    /// }
    /// ```
    ///
    /// Their commands then go out and their replies come back with no thread switch.
    @available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, *)
    public var taskExecutor: RedisEventLoopExecutor? {
        guard let eventLoop = lifecycle.withLockedValue({ $0.connection })?.base.eventLoop else { return nil }
        return RedisEventLoopExecutor(eventLoop: eventLoop)
    }

    /// The connection to send on: the current one, or the next one while reconnecting.
    func transport(deadline: NIODeadline?) async throws -> any RedisTransport {
        if let current = lifecycle.withLockedValue({ $0.connection }) { return current.base }
        return try await waitForConnection(deadline: deadline)
    }

    public func execute(_ command: RESPCommand) async throws -> RESPValue {
        if let refusal = command.info.sharedConnectionRefusal { throw refusal }
        if command.blocks { return try await executeBlocking(command) }
        let timeout = RedisClient.timeoutOverride ?? config.commandTimeout
        // One deadline from the call, whatever the command waits for: a reconnection, a reply,
        // the reconnection before a resend.
        let deadline = timeout.map { NIODeadline.now() + TimeAmount($0) }
        var connection = try await transport(deadline: deadline)
        var attempt = 1
        var loadingDeadline: ContinuousClock.Instant?
        while true {
            do {
                return try await connection.send(command, deadline: deadline)
            } catch RedisError.server(let error)
                where error.kind == .loading && ContinuousClock.now < (loadingDeadline ?? .now + config.maxLoadingWait) {
                // The server is loading its dataset and ran nothing: ask again shortly.
                loadingDeadline = loadingDeadline ?? .now + config.maxLoadingWait
                logger.debug("the server is loading its dataset; asking again in 50 ms")
                try await Task.sleep(for: .milliseconds(50))
                if let deadline, deadline <= .now() {
                    throw RedisError.timeout("the server was still loading its dataset when the command timeout passed")
                }
            } catch RedisError.connectionClosed(let mayHaveRun)
                where attempt < config.maxCommandAttempts && config.reconnectPolicy != nil
                && (!mayHaveRun || command.info.flags.contains(.readonly)
                    || (RedisClient.writeRetryOverride ?? config.retryWrittenWrites)) {
                // Never written, or read-only (or the configuration accepts a write running twice):
                // sent again on the next connection.
                attempt += 1
                connectionLost(connection)
                connection = try await waitForConnection(deadline: deadline)
            } catch RedisError.server(let error)
                where error.kind == .noAuth && config.reconnectOnAuthError && config.reconnectPolicy != nil
                && attempt < config.maxCommandAttempts {
                // The session lost its authentication (the command did not run): connect and
                // authenticate again, then resend.
                attempt += 1
                logger.warning("NOAUTH: reconnecting to authenticate again")
                connectionLost(connection, because: .server(error))
                await connection.close()
                connection = try await waitForConnection(deadline: deadline)
            }
        }
    }

    /// Sends `commands` back to back on the connection (one write) and returns every reply in
    /// order: an error reply is the `failure` of its own slot and does not stop the others.
    ///
    /// The batch is written in one piece, so `MULTI` … `EXEC` in it is a whole transaction that no
    /// other task's command can enter. What would outlive the batch (a session change, a transaction
    /// left open, `WATCH`) or stall the connection (a blocking command outside a transaction) throws
    /// ``RedisError/needsDedicatedConnection(command:reason:)`` before anything is sent.
    public func execute(_ commands: [RESPCommand]) async throws -> [Result<RESPValue, RedisError>] {
        if let refusal = RedisBatchRules.refusal(commands) { throw refusal }
        let timeout = RedisClient.timeoutOverride ?? config.commandTimeout
        let deadline = timeout.map { NIODeadline.now() + TimeAmount($0) }
        var connection = try await transport(deadline: deadline)
        var results = await connection.send(commands, deadline: deadline)
        try Task.checkCancellation()
        // The commands never written are the end of the batch: resend them, in order, on the next
        // connection. (Written ones are not resent, so that the batch keeps its order.)
        var attempt = 1
        while attempt < config.maxCommandAttempts, config.reconnectPolicy != nil {
            guard let first = results.firstIndex(where: { $0 == .failure(.connectionClosed(mayHaveRun: false)) }),
                  results[first...].allSatisfy({ $0 == .failure(.connectionClosed(mayHaveRun: false)) }),
                  RedisBatchRules.tailMayBeResent(commands, from: first)
            else { break }
            attempt += 1
            connectionLost(connection)
            guard let next = try? await waitForConnection(deadline: deadline) else { break }
            connection = next
            let again = await connection.send(Array(commands[first...]), deadline: deadline)
            try Task.checkCancellation()
            results.replaceSubrange(first..., with: again)
        }
        return results
    }

}
