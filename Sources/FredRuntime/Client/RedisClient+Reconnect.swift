import NIOCore

/// Reconnection: when the connection is lost (not closed by ``RedisClient/quit()``), the client
/// connects again following ``RedisConfig/reconnectPolicy``, re-running the whole handshake, while
/// new commands wait in a bounded buffer.
extension RedisClient {
    /// Starts watching `connection`: its end, unless the client closed it, starts a reconnection.
    func watch(_ connection: any RedisTransport) {
        connection.whenClosed { [weak self] reason in
            self?.connectionLost(connection, because: reason)
        }
    }

    /// `connection` ended. Idempotent: only the first call for the current connection acts.
    func connectionLost(_ connection: any RedisTransport, because reason: RedisError = .connectionClosed(mayHaveRun: true)) {
        let action = lifecycle.withLockedValue { lifecycle in
            let action = lifecycle.connectionLost(Transport(connection), because: reason, reconnects: config.reconnectPolicy != nil)
            switch action {
            case .lost(let event), .reconnect(let event): eventSubscribers.emit(event)
            case .stale: break
            }
            return action
        }
        switch action {
        case .stale:
            return  // an earlier connection, or closed by quit()
        case .lost:
            logger.warning("connection lost", metadata: ["reason": "\(reason)"])
            return
        case .reconnect:
            break
        }
        logger.warning("connection lost; reconnecting", metadata: ["reason": "\(reason)"])
        let client = WeakClient(self)
        Task { await Self.reconnect(client) }
    }

    /// The client, held weakly by its background work, so that a client its user dropped is freed.
    struct WeakClient: Sendable {
        weak var client: RedisClient?
        init(_ client: RedisClient) { self.client = client }
    }

    /// Tries to connect again until it works, the policy gives up, the client is closed, or dropped:
    /// the client is held only while an attempt runs, never while waiting between attempts.
    private static func reconnect(_ weakClient: WeakClient) async {
        var attempt = 1
        var lastError: any Error = RedisError.connectionClosed(mayHaveRun: false)
        while let delay = weakClient.client?.announce(attempt: attempt, lastError: lastError) {
            try? await Task.sleep(for: delay)
            guard let client = weakClient.client else { return }
            guard let error = await client.reconnect(attempt: attempt) else { return }
            lastError = error
            attempt += 1
        }
    }

    /// The delay before attempt `attempt`, announced as an event; nil when the client was closed
    /// meanwhile, or when the policy gives up (waiting commands then fail with `lastError`).
    private func announce(attempt: Int, lastError: any Error) -> Duration? {
        guard let policy = config.reconnectPolicy else { return nil }
        guard policy.allows(attempt: attempt) else {
            giveUp(after: attempt, lastError: lastError)
            return nil
        }
        var generator = SystemRandomNumberGenerator()
        let delay = policy.delay(forAttempt: attempt, using: &generator)
        logger.debug("reconnecting", metadata: ["attempt": "\(attempt)", "delay": "\(delay)"])
        let announced = lifecycle.withLockedValue { lifecycle -> Bool in
            guard let event = lifecycle.attemptStarting(attempt, delay: delay) else { return false }
            eventSubscribers.emit(event)
            return true
        }
        return announced ? delay : nil
    }

    /// Attempt number `attempt`: nil when the client is connected again (or was closed), else why
    /// the attempt failed.
    private func reconnect(attempt: Int) async -> (any Error)? {
        guard isReconnecting else { return nil }
        do {
            let (connection, version) = try await openTransport()
            let waiters = lifecycle.withLockedValue { lifecycle -> [Waiter]? in
                switch lifecycle.reconnected(Transport(connection), version) {
                case .resume(let waiters, let event):
                    eventSubscribers.emit(event)
                    return waiters
                case .closeNew:
                    return nil
                }
            }
            guard let waiters else {
                await connection.close()  // closed by quit() meanwhile
                return nil
            }
            watch(connection)
            logger.info("reconnected", metadata: ["attempt": "\(attempt)", "waiting commands": "\(waiters.count)"])
            for waiter in waiters { waiter.resume(returning: connection) }
            return nil
        } catch {
            logger.warning("reconnecting failed", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
            if case RedisError.server(let refusal) = error, [.wrongPass, .noPerm, .noAuth].contains(refusal.kind) {
                // Wrong or revoked credentials: the commands waiting now learn it at once instead
                // of waiting out every attempt; the next attempts (and a credential provider) may
                // still succeed.
                let waiters = lifecycle.withLockedValue { $0.credentialsRefused() }
                for waiter in waiters { waiter.resume(throwing: error) }
            }
            return error
        }
    }

    /// The policy gave up before attempt `attempt`: waiting commands fail.
    private func giveUp(after attempt: Int, lastError: any Error) {
        let error = RedisError.connectionFailed(RedisConnectionFailure(
            reason: .gaveUp, server: config.serverDescription,
            detail: "after \(attempt - 1) attempts; the last failed with: \(lastError)"))
        let waiters = lifecycle.withLockedValue { lifecycle -> [Waiter] in
            let (waiters, event) = lifecycle.gaveUp(error)
            if let event { eventSubscribers.emit(event) }
            return waiters
        }
        logger.error("gave up reconnecting", metadata: ["error": "\(lastError)"])
        for waiter in waiters { waiter.resume(throwing: error) }
    }

    private var isReconnecting: Bool {
        lifecycle.withLockedValue { $0.isReconnecting }
    }

    /// The connection to send on: the current one, or the next one once the client has
    /// reconnected. Past ``RedisConfig/maxCommandBufferLength`` waiting commands, fails at once;
    /// past `deadline`, fails with ``RedisError/timeout(_:)``; a cancelled task stops waiting with
    /// `CancellationError`.
    func waitForConnection(deadline: NIODeadline? = nil) async throws -> any RedisTransport {
        if let deadline, deadline <= .now() {
            throw RedisError.timeout("no connection within the command timeout; the command was not sent")
        }
        let id = nextWaiterID.wrappingIncrementThenLoad(ordering: .relaxed)
        let timer = deadline.map { deadline in
            group.any().scheduleTask(deadline: deadline) {
                self.dropWaiter(id, with: RedisError.timeout("no connection within the command timeout; the command was not sent"))
            }
        }
        defer { timer?.cancel() }
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<any RedisTransport, any Error>) in
                let action = lifecycle.withLockedValue { lifecycle in
                    // Checked under the lock: a cancellation either comes before (and is seen
                    // here) or after (and finds the waiter in the queue).
                    lifecycle.wait(Waiter(id: id, continuation: continuation), limit: config.maxCommandBufferLength, cancelled: Task.isCancelled)
                }
                switch action {
                case .send(let connection): continuation.resume(returning: connection.base)
                case .queued: break
                case .fail(let error): continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            dropWaiter(id, with: CancellationError())
        }
    }

    /// Takes the waiter `id` out of the queue, if it is still there, and fails it with `error`.
    private func dropWaiter(_ id: UInt64, with error: any Error) {
        lifecycle.withLockedValue { $0.dropWaiter(id) }?.resume(throwing: error)
    }
}
