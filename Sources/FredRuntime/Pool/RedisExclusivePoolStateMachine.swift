import NIOCore

/// The exclusive connections of one client (one node of a cluster): the idle ones, how many are
/// leased or being opened, and the tasks waiting for one, served first come first served.
///
/// A plain value: each event returns what to do, and the client does it outside the lock.
/// `Connection` is compared by identity (`isSame`); `Waiter` is whatever resumes a waiting task.
struct RedisExclusivePoolStateMachine<Connection: Sendable, Waiter: Sendable> {
    struct IdleConnection {
        var connection: Connection
        /// When it went idle, on the pool's clock.
        var since: ContinuousClock.Instant
    }

    struct WaitingTask {
        var id: UInt64
        var waiter: Waiter
    }

    let maximum: Int
    /// How long a connection may stay idle; nil: no limit.
    let idleTimeout: Duration?
    /// Whether a timer will look for expired idle connections.
    private(set) var idleTimerArmed = false
    /// Most recently used last: leases take from the end, so rarely used ones age and expire.
    private(set) var idle: [IdleConnection] = []
    /// Connections in use or being opened for a lease.
    private(set) var inUse = 0
    private(set) var waiting = CircularBuffer<WaitingTask>()
    /// Nothing is leased before the client connects or after it quits.
    private(set) var closed = true

    init(maximum: Int, idleTimeout: Duration?) {
        self.maximum = maximum
        self.idleTimeout = idleTimeout
    }

    enum LeaseAction {
        /// Use this idle connection (check that it is still open).
        case use(Connection)
        /// Open a new connection for the lease.
        case open
        /// All connections are in use: the task waits for ``ReleaseAction/hand(_:to:)`` or
        /// ``ReleaseAction/openFor(_:)``, its deadline or its cancellation.
        case wait
        case fail(RedisError)
    }

    /// A task asks for a connection; `id` and `waiter` are kept if it has to wait.
    mutating func lease(id: UInt64, waiter: @autoclosure () -> Waiter) -> LeaseAction {
        guard !closed else { return .fail(.notConnected) }
        // No connection of its own allowed at all: nothing would ever come free.
        guard maximum > 0 else { return .fail(.poolTimeout(limit: 0, waited: .zero)) }
        // Tasks already waiting go first, whatever is idle (FIFO grants).
        if waiting.isEmpty {
            if let last = idle.popLast() {
                inUse += 1
                return .use(last.connection)
            }
            if inUse < maximum {
                inUse += 1
                return .open
            }
        }
        waiting.append(WaitingTask(id: id, waiter: waiter()))
        return .wait
    }

    /// A waiting task gives up (its deadline passed, or it was cancelled): its waiter, unless it
    /// was already served.
    mutating func withdraw(id: UInt64) -> Waiter? {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return nil }
        return waiting.remove(at: index).waiter
    }

    enum ReleaseAction {
        case none
        /// Close this connection.
        case close(Connection)
        /// Give the connection straight to the longest-waiting task.
        case hand(Connection, to: Waiter)
        /// The connection was closed (or is to be): the longest-waiting task opens a new one.
        case openFor(Waiter, closing: Connection?)
        /// The connection went idle; arm the idle timer to fire after this long.
        case armIdleTimer(Duration)
    }

    /// A lease ends: the connection is kept (`reusable`) or closed; `nil` when the lease never got
    /// one (opening it failed, or the idle one it got was dead).
    mutating func release(_ connection: Connection?, reusable: Bool, now: ContinuousClock.Instant) -> ReleaseAction {
        if let connection, reusable, !closed {
            if let next = waiting.popFirst() { return .hand(connection, to: next.waiter) }
            inUse -= 1
            idle.append(IdleConnection(connection: connection, since: now))
            guard let idleTimeout, !idleTimerArmed else { return .none }
            idleTimerArmed = true
            return .armIdleTimer(idleTimeout)
        }
        if !closed, let next = waiting.popFirst() {
            return .openFor(next.waiter, closing: connection)
        }
        inUse -= 1
        return connection.map { .close($0) } ?? .none
    }

    /// The idle timer fired: the connections idle for ``idleTimeout`` or longer, taken out to be
    /// closed, and when to look again (nil when nothing is idle any more).
    mutating func idleTimerFired(now: ContinuousClock.Instant) -> (expired: [Connection], again: Duration?) {
        guard let idleTimeout else { return ([], nil) }
        let limit = now - idleTimeout
        let expired = idle.filter { $0.since <= limit }.map(\.connection)
        idle.removeAll { $0.since <= limit }
        guard let oldest = idle.map(\.since).min(), !closed else {
            idleTimerArmed = false
            return (expired, nil)
        }
        return (expired, oldest + idleTimeout - now)
    }

    /// The server behind the connections changed (a Sentinel switch): the idle connections, taken
    /// out to be closed.
    mutating func dropIdle() -> [Connection] {
        defer { idle.removeAll() }
        return idle.map(\.connection)
    }

    /// The client connects: leases may be granted.
    mutating func open() { closed = false }

    /// The client quits: the idle connections to close and the waiting tasks to fail. Connections
    /// in use close when they are released.
    mutating func close() -> (idle: [Connection], waiters: [Waiter]) {
        closed = true
        idleTimerArmed = false
        defer {
            idle.removeAll()
            waiting.removeAll()
        }
        return (idle.map(\.connection), waiting.map(\.waiter))
    }
}
