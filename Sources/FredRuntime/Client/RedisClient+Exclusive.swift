import NIOConcurrencyHelpers
import NIOCore

/// Connections a client opens besides the shared one, each serving one user at a time: a blocking
/// command in progress, or a ``RedisClient/withConnection(_:isolation:)`` closure. At most
/// ``RedisConfig/maxExclusiveConnections`` exist; past that, tasks wait in line for one to come
/// free. Idle ones are kept for reuse until ``RedisConfig/exclusiveConnectionIdleTimeout``.
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

    typealias ExclusivePool = RedisExclusivePoolStateMachine<Transport, PoolWaiter>

    /// A task waiting for an exclusive connection.
    struct PoolWaiter: Sendable {
        let continuation: UnsafeContinuation<PoolGrant, any Error>
    }

    /// What a waiting task is given: a connection, or the right to open one.
    enum PoolGrant: Sendable {
        case connection(Transport)
        case open
    }

    /// An exclusive connection: an idle one, a new one (full handshake) while fewer than
    /// ``RedisConfig/maxExclusiveConnections`` exist, or the next one given back, waiting at most
    /// ``RedisConfig/exclusiveConnectionWaitTimeout`` for it.
    func leaseExclusive() async throws -> Transport {
        let id = nextWaiterID.wrappingIncrementThenLoad(ordering: .relaxed)
        let grant = try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<PoolGrant, any Error>) in
                let action = exclusivePool.withLockedValue { $0.lease(id: id, waiter: PoolWaiter(continuation: continuation)) }
                switch action {
                case .use(let transport): continuation.resume(returning: .connection(transport))
                case .open: continuation.resume(returning: .open)
                case .fail(let error): continuation.resume(throwing: error)
                case .wait: waitForExclusive(id: id)
                }
            }
        } onCancel: {
            exclusivePool.withLockedValue { $0.withdraw(id: id) }?.continuation.resume(throwing: CancellationError())
        }
        if case .connection(let transport) = grant {
            if transport.isOpen { return transport }
            await transport.close()  // closed by the server while idle: open another in its place
        }
        do {
            return Transport(try await openTransport().transport)
        } catch {
            await release(nil, reusable: false)
            throw error
        }
    }

    /// Bounds the wait of the task `id` that joined the line: cancelled already, no wait allowed,
    /// or a timer that fails it with ``RedisError/poolTimeout(limit:waited:)``.
    private func waitForExclusive(id: UInt64) {
        let waitTimeout = config.exclusiveConnectionWaitTimeout
        let limit = config.maxExclusiveConnections
        if Task.isCancelled || waitTimeout <= .zero {
            let error: any Error = Task.isCancelled ? CancellationError() : RedisError.poolTimeout(limit: limit, waited: .zero)
            exclusivePool.withLockedValue { $0.withdraw(id: id) }?.continuation.resume(throwing: error)
            return
        }
        group.next().scheduleTask(in: TimeAmount(waitTimeout)) { [weak self] in
            self?.exclusivePool.withLockedValue { $0.withdraw(id: id) }?.continuation.resume(
                throwing: RedisError.poolTimeout(limit: limit, waited: waitTimeout))
        }
    }

    /// Gives a leased connection back (nil: the lease never got one): kept for reuse when
    /// `reusable`, else closed; first to the task that has waited longest.
    func release(_ transport: Transport?, reusable: Bool) async {
        let keep = reusable && transport?.isOpen == true
        switch exclusivePool.withLockedValue({ $0.release(transport, reusable: keep, now: .now) }) {
        case .none:
            break
        case .close(let transport):
            await transport.close()
        case .hand(let transport, let waiter):
            waiter.continuation.resume(returning: .connection(transport))
        case .openFor(let waiter, let closing):
            waiter.continuation.resume(returning: .open)
            await closing?.close()
        case .armIdleTimer(let delay):
            armIdleTimer(after: delay)
        }
    }

    /// Closes idle connections once they have been idle for ``RedisConfig/exclusiveConnectionIdleTimeout``.
    private func armIdleTimer(after delay: Duration) {
        group.next().scheduleTask(in: TimeAmount(delay)) { [weak self] in
            guard let self else { return }
            let (expired, again) = self.exclusivePool.withLockedValue { $0.idleTimerFired(now: .now) }
            if let again { self.armIdleTimer(after: again) }
            guard !expired.isEmpty else { return }
            self.logger.debug("closing idle exclusive connections", metadata: ["count": "\(expired.count)"])
            Task { for transport in expired { await transport.close() } }
        }
    }

    /// Closes the idle exclusive connections and fails the tasks waiting for one; those in use
    /// close when they are given back.
    func closeExclusiveConnections() async {
        let (idle, waiters) = exclusivePool.withLockedValue { $0.close() }
        for waiter in waiters { waiter.continuation.resume(throwing: RedisError.notConnected) }
        for transport in idle { await transport.close() }
    }

    /// Lets exclusive connections be leased again after ``connect()``.
    func reopenExclusiveConnections() {
        exclusivePool.withLockedValue { $0.open() }
    }

    /// The time a blocking command may take: the task's ``withCommandTimeout(_:_:isolation:)``, else
    /// `commandTimeout` plus the command's own blocking timeout; nil (no limit) when either is
    /// unknown or the command may block for ever.
    static func timeout(ofBlocking command: RESPCommand, commandTimeout: Duration?) -> Duration? {
        if let override = timeoutOverride { return override }
        guard let commandTimeout, let wait = command.blockingTimeout, wait > .zero else { return nil }
        return commandTimeout + wait
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

    /// A blocking command (`BLPOP`, `XREAD BLOCK`, …) on an exclusive connection, so that its wait
    /// stalls no other task. Its deadline is ``RedisConfig/commandTimeout`` plus how long the server
    /// may block (none when it may block for ever); ``withCommandTimeout(_:_:isolation:)`` sets it
    /// outright, and cancelling the task ends it at once (closing the connection).
    func executeBlocking(_ command: RESPCommand) async throws -> RESPValue {
        let transport = try await leaseExclusive()
        let timeout = Self.timeout(ofBlocking: command, commandTimeout: config.commandTimeout)
        do {
            let reply = try await Self.cancellable(transport) {
                try await transport.send(command, timeout: timeout)
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
