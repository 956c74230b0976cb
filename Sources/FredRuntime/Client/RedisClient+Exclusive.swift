import NIOConcurrencyHelpers
import NIOCore

/// Connections a client opens besides the shared one, each serving one user at a time: a blocking
/// command in progress, or a ``RedisClient/withConnection(_:)`` closure. Idle ones are kept and
/// reused; one whose state is uncertain (a session change, a timeout, a cancellation, an error of the
/// connection) is closed instead of being reused.
extension RedisClient {
    /// One connection of the client, the shared one or an exclusive one, whatever carries it.
    struct Transport: Sendable, RedisClientStateMachineConnection {
        let base: any RedisTransport

        init(_ base: any RedisTransport) { self.base = base }

        func isSame(as other: Transport) -> Bool { base === other.base }

        func send(_ command: RESPCommand, timeout: Duration?) async throws -> RESPValue {
            try await base.send(command, timeout: timeout)
        }

        func close() async { await base.close() }

        /// Whether the connection is still open (a server may have closed it while it was idle).
        var isOpen: Bool { base.isOpen }
    }

    /// The client's exclusive connections: the idle ones, and how many are in use.
    struct ExclusivePool {
        var idle: [Transport] = []
        var leased = 0
        /// No exclusive connection before ``connect()`` or after ``quit()``.
        var closed = true
    }

    /// An idle exclusive connection, or a new one (full handshake) while fewer than
    /// ``RedisConfig/maxExclusiveConnections`` are open.
    func leaseExclusive() async throws -> Transport {
        enum Next { case reuse(Transport), open, full, closed }
        while true {
            let next = exclusivePool.withLockedValue { pool -> Next in
                guard !pool.closed else { return .closed }
                if let transport = pool.idle.popLast() {
                    pool.leased += 1
                    return .reuse(transport)
                }
                guard pool.leased < config.maxExclusiveConnections else { return .full }
                pool.leased += 1
                return .open
            }
            switch next {
            case .reuse(let transport):
                if transport.isOpen { return transport }
                exclusivePool.withLockedValue { $0.leased -= 1 }  // died while idle: open another
                await transport.close()
            case .open:
                do {
                    return try await openExclusive()
                } catch {
                    exclusivePool.withLockedValue { $0.leased -= 1 }
                    throw error
                }
            case .full:
                throw RedisError.tooManyConnections(limit: config.maxExclusiveConnections)
            case .closed:
                throw RedisError.notConnected
            }
        }
    }

    /// Gives a leased connection back: kept for reuse when `reusable`, else closed.
    func release(_ transport: Transport, reusable: Bool) async {
        let keep = exclusivePool.withLockedValue { pool -> Bool in
            pool.leased -= 1
            guard reusable, !pool.closed, transport.isOpen else { return false }
            pool.idle.append(transport)
            return true
        }
        if !keep { await transport.close() }
    }

    /// Closes the idle exclusive connections; those in use close when they are given back.
    func closeExclusiveConnections() async {
        let idle = exclusivePool.withLockedValue { pool -> [Transport] in
            pool.closed = true
            defer { pool.idle.removeAll() }
            return pool.idle
        }
        for transport in idle { await transport.close() }
    }

    /// Lets exclusive connections be opened again after ``connect()``.
    func reopenExclusiveConnections() {
        exclusivePool.withLockedValue { $0.closed = false }
    }

    private func openExclusive() async throws -> Transport {
        Transport(try await openTransport().transport)
    }

    /// Runs `operation` on `transport`; cancelling the task closes the connection, which ends the
    /// wait at once (a blocking command cannot be called back any other way).
    static func cancellable(
        _ transport: Transport, _ operation: () async throws -> RESPValue
    ) async throws -> RESPValue {
        do {
            return try await withTaskCancellationHandler(operation: operation) {
                Task { await transport.close() }
            }
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw error
        }
    }

    /// A blocking command (`BLPOP`, `XREAD BLOCK`, `WAIT`, …) on an exclusive connection, so that
    /// its wait stalls no other task. ``RedisConfig/commandTimeout`` does not bound it (its own
    /// timeout argument does); ``withCommandTimeout(_:_:)`` and task cancellation do.
    func executeBlocking(_ command: RESPCommand) async throws -> RESPValue {
        let transport = try await leaseExclusive()
        do {
            let reply = try await Self.cancellable(transport) {
                try await transport.send(command, timeout: RedisClient.timeoutOverride)
            }
            await release(transport, reusable: true)
            return reply
        } catch RedisError.server(let error) {
            await release(transport, reusable: true)  // an error reply leaves the connection as it was
            throw RedisError.server(error)
        } catch {
            await release(transport, reusable: false)
            throw error
        }
    }
}
