/// A client's life as a plain value: connecting, connected, lost and reconnecting with commands
/// waiting, closed. Each event returns what the client must do (emit an event, resume or fail
/// waiting commands, close a connection), so the rules are tested with no socket; ``RedisClient``
/// keeps one behind its lock and carries the actions out.
struct RedisClientStateMachine<Connection: RedisClientStateMachineConnection, Waiter: RedisClientStateMachineWaiter> {
    enum State {
        case disconnected
        case connecting
        case connected(Connection, RESPProtocolVersion)
        /// The connection was lost; `waiters` are commands to send once it is back.
        case reconnecting(attempt: Int, waiters: [Waiter])
        case closed
    }

    private(set) var state: State = .disconnected

    /// What ``RedisClient/state`` reports.
    var publicState: RedisClientState {
        switch state {
        case .disconnected: return .disconnected
        case .connecting: return .connecting
        case .connected: return .connected
        case .reconnecting: return .reconnecting
        case .closed: return .closed
        }
    }

    var connection: Connection? {
        if case .connected(let connection, _) = state { return connection }
        return nil
    }

    var protocolVersion: RESPProtocolVersion? {
        if case .connected(_, let version) = state { return version }
        return nil
    }

    var waitingCount: Int {
        if case .reconnecting(_, let waiters) = state { return waiters.count }
        return 0
    }

    var isReconnecting: Bool {
        if case .reconnecting = state { return true }
        return false
    }

    // MARK: Connecting

    /// ``RedisClient/connect()`` was called.
    mutating func connect() throws(RedisError) {
        switch state {
        case .disconnected, .closed: state = .connecting
        case .connecting: throw RedisError.badArgument("connect() is already in progress")
        case .connected, .reconnecting: throw RedisError.badArgument("the client is already connected")
        }
    }

    /// The first connection is set up. False when ``quit()`` closed the client meanwhile: the
    /// caller closes `connection`.
    mutating func connected(_ connection: Connection, _ version: RESPProtocolVersion) -> RedisClientEvent? {
        guard case .connecting = state else { return nil }
        state = .connected(connection, version)
        return .connected
    }

    /// A failed first connection is tried again after `delay` (``RedisConfig/failFast`` off); nil
    /// when ``quit()`` closed the client meanwhile.
    func connectRetrying(attempt: Int, delay: Duration) -> RedisClientEvent? {
        guard case .connecting = state else { return nil }
        return .reconnecting(attempt: attempt, delay: delay)
    }

    var isConnecting: Bool {
        if case .connecting = state { return true }
        return false
    }

    /// The first connection failed.
    mutating func connectFailed() {
        if case .connecting = state { state = .disconnected }  // not if quit() closed the client
    }

    // MARK: Losing the connection

    enum LostAction {
        /// An earlier connection, or one closed by ``quit()``: nothing to do.
        case stale
        /// Emit the event; the client stays disconnected (no reconnect policy).
        case lost(RedisClientEvent)
        /// Emit the event and start reconnecting.
        case reconnect(RedisClientEvent)
    }

    /// `connection` ended because of `reason`.
    mutating func connectionLost(_ connection: Connection, because reason: RedisError, reconnects: Bool) -> LostAction {
        guard case .connected(let current, _) = state, current.isSame(as: connection) else { return .stale }
        guard reconnects else {
            state = .disconnected
            return .lost(.disconnected(reason))
        }
        state = .reconnecting(attempt: 1, waiters: [])
        return .reconnect(.disconnected(reason))
    }

    /// Attempt `attempt` is about to wait `delay`: the event to emit, or nil when the client is no
    /// longer reconnecting (closed meanwhile).
    mutating func attemptStarting(_ attempt: Int, delay: Duration) -> RedisClientEvent? {
        guard case .reconnecting(_, let waiters) = state else { return nil }
        state = .reconnecting(attempt: attempt, waiters: waiters)
        return .reconnecting(attempt: attempt, delay: delay)
    }

    enum ReconnectedAction {
        /// Emit the event and send the waiting commands on the new connection.
        case resume([Waiter], RedisClientEvent)
        /// The client was closed meanwhile: close the new connection.
        case closeNew
    }

    mutating func reconnected(_ connection: Connection, _ version: RESPProtocolVersion) -> ReconnectedAction {
        guard case .reconnecting(_, let waiters) = state else { return .closeNew }
        state = .connected(connection, version)
        return .resume(waiters, .connected)
    }

    /// The server refused the client's credentials: the commands waiting so far fail (they would
    /// wait for nothing), and reconnecting goes on, following the policy's backoff.
    mutating func credentialsRefused() -> [Waiter] {
        guard case .reconnecting(let attempt, let waiters) = state else { return [] }
        state = .reconnecting(attempt: attempt, waiters: [])
        return waiters
    }

    /// The policy gave up: the waiting commands fail, and the event to emit (nil when the client
    /// was closed meanwhile).
    mutating func gaveUp(_ error: RedisError) -> (waiters: [Waiter], event: RedisClientEvent?) {
        guard case .reconnecting(_, let waiters) = state else { return ([], nil) }
        state = .disconnected
        return (waiters, .gaveUp(error))
    }

    // MARK: Commands waiting for a connection

    enum WaitAction {
        /// Send on this connection now.
        case send(Connection)
        /// Queued until the client reconnects (or the waiter is dropped).
        case queued
        case fail(any Error)
    }

    /// A command needs a connection; past `limit` waiting commands it fails at once. A task
    /// `cancelled` before it could queue fails too (checked here, under the client's lock, so that
    /// a cancellation either is seen now or finds the waiter queued).
    mutating func wait(_ waiter: Waiter, limit: Int, cancelled: Bool) -> WaitAction {
        switch state {
        case .connected(let connection, _):
            return .send(connection)
        case .reconnecting(let attempt, var waiters):
            if cancelled { return .fail(CancellationError()) }
            guard waiters.count < limit else { return .fail(RedisError.commandBufferFull(limit: limit)) }
            waiters.append(waiter)
            state = .reconnecting(attempt: attempt, waiters: waiters)
            return .queued
        case .disconnected, .connecting, .closed:
            return .fail(RedisError.notConnected)
        }
    }

    /// Takes waiter `id` out of the queue (its deadline passed, or its task was cancelled), if it
    /// is still there.
    mutating func dropWaiter(_ id: UInt64) -> Waiter? {
        guard case .reconnecting(let attempt, var waiters) = state,
              let index = waiters.firstIndex(where: { $0.id == id })
        else { return nil }
        let waiter = waiters.remove(at: index)
        state = .reconnecting(attempt: attempt, waiters: waiters)
        return waiter
    }

    // MARK: Closing

    enum QuitAction {
        /// Say goodbye on this connection and close it.
        case close(Connection)
        /// Fail these waiting commands with ``RedisError/notConnected``.
        case failWaiters([Waiter])
        case none
    }

    /// ``RedisClient/quit()`` was called: the client is closed from now on (emit ``RedisClientEvent/closed``).
    mutating func quit() -> QuitAction {
        let previous = state
        state = .closed
        switch previous {
        case .connected(let connection, _): return .close(connection)
        case .reconnecting(_, let waiters): return .failWaiters(waiters)
        case .disconnected, .connecting, .closed: return .none
        }
    }
}

/// A connection as ``RedisClientStateMachine`` knows it: only its identity matters.
protocol RedisClientStateMachineConnection {
    func isSame(as other: Self) -> Bool
}

/// A command waiting for a connection, named for its deadline and its cancellation.
protocol RedisClientStateMachineWaiter {
    var id: UInt64 { get }
}

extension RedisClientStateMachine: Sendable where Connection: Sendable, Waiter: Sendable {}
extension RedisClientStateMachine.State: Sendable where Connection: Sendable, Waiter: Sendable {}
