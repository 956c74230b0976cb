import NIOCore

/// The clocks of one connection as a plain value: reply deadlines (the handshake's commands
/// included), the dead-peer watch and the heartbeat share one timer. Each event says whether that
/// timer must be set again, and when it fires the value says what is due, so every rule is tested
/// with a fake clock and no channel.
///
/// The timer is set lazily: traffic only moves timestamps, and a timer that fires early finds
/// nothing due and is set again for the next moment something can be.
struct RedisConnectionTimers {
    /// With replies expected, a connection that receives nothing for this long is dead.
    let deadPeerTimeout: TimeAmount?
    /// An idle connection sends a heartbeat after this long; its reply is due within as long again.
    let heartbeatInterval: TimeAmount?

    /// When the connection last received bytes, or began to expect some.
    private var lastHeard: NIODeadline
    /// When the connection last sent or received anything.
    private var lastActivity: NIODeadline
    /// The earliest reply deadline known; may be stale (its reply came), never later than the truth.
    private var commandDeadline: NIODeadline?
    /// When the timer is set to fire; nil when it is not set.
    private(set) var armedAt: NIODeadline?
    private var closed = false

    init(deadPeerTimeout: TimeAmount?, heartbeatInterval: TimeAmount?, now: NIODeadline) {
        self.deadPeerTimeout = deadPeerTimeout
        self.heartbeatInterval = heartbeatInterval
        self.lastHeard = now
        self.lastActivity = now
    }

    /// Whether traffic moves a clock (so the handler reads the time on every read and write).
    var watchesTraffic: Bool { deadPeerTimeout != nil || heartbeatInterval != nil }

    enum TimerAction: Equatable {
        /// Set the timer to fire at this moment (replacing the one set before).
        case arm(NIODeadline)
        /// The timer is right as it is.
        case none
    }

    /// The connection is ready: the heartbeat's clock starts.
    mutating func started(now: NIODeadline) -> TimerAction {
        lastActivity = now
        lastHeard = now
        return rearm(waiting: 0)
    }

    /// A command was written with its reply due by `deadline` (nil: no deadline), after
    /// `waitingBefore` others that still expect replies. `now` is read only when a clock needs it.
    mutating func sent(deadline: NIODeadline?, waitingBefore: Int, now: @autoclosure () -> NIODeadline) -> TimerAction {
        guard !closed else { return .none }
        if watchesTraffic {
            let now = now()
            lastActivity = now
            if waitingBefore == 0 { lastHeard = now }
        }
        if let deadline, commandDeadline.map({ deadline < $0 }) ?? true { commandDeadline = deadline }
        return rearm(waiting: waitingBefore + 1)
    }

    /// Bytes arrived. Nothing to set: the timer, when it fires, sees the new times.
    mutating func received(now: NIODeadline) {
        lastHeard = now
        lastActivity = now
    }

    enum FireAction: Equatable {
        /// The server sent nothing for the dead-peer timeout while replies were expected: close.
        case closeDeadPeer
        /// Reply deadlines passed: expire them, then report the next one with
        /// ``commandsExpired(next:waiting:)``.
        case expireCommands
        /// Send the heartbeat with its reply due by `deadline`, then report it with ``sent(deadline:waitingBefore:now:)``.
        case sendHeartbeat(deadline: NIODeadline)
        /// Nothing is due now.
        case timer(TimerAction)
    }

    /// The timer fired at `now` with `waiting` replies expected (timed-out ones included: their
    /// bytes still come).
    mutating func fired(now: NIODeadline, waiting: Int) -> FireAction {
        armedAt = nil
        guard !closed else { return .timer(.none) }
        if let deadPeerTimeout, waiting > 0, now >= lastHeard + deadPeerTimeout {
            closed = true
            return .closeDeadPeer
        }
        if let deadline = commandDeadline, deadline <= now {
            commandDeadline = nil
            return .expireCommands
        }
        if let heartbeatInterval, waiting == 0, now >= lastActivity + heartbeatInterval {
            return .sendHeartbeat(deadline: now + heartbeatInterval)
        }
        return .timer(rearm(waiting: waiting, after: now))
    }

    /// The commands whose deadline passed have failed; `next` is the earliest deadline still ahead.
    mutating func commandsExpired(next: NIODeadline?, waiting: Int) -> TimerAction {
        guard !closed else { return .none }
        commandDeadline = next
        return rearm(waiting: waiting)
    }

    /// The connection closed: the timer is cancelled and never set again.
    mutating func close() {
        closed = true
        armedAt = nil
    }

    /// The earliest moment something can be due; sets the timer for it unless it fires no later.
    /// `after`: a heartbeat that is not due because replies are awaited is looked at again one
    /// interval later (a reply moves `lastActivity`, which the next look sees).
    private mutating func rearm(waiting: Int, after now: NIODeadline? = nil) -> TimerAction {
        var earliest = commandDeadline
        func consider(_ moment: NIODeadline) {
            if earliest.map({ moment < $0 }) ?? true { earliest = moment }
        }
        if let deadPeerTimeout, waiting > 0 { consider(lastHeard + deadPeerTimeout) }
        if let heartbeatInterval {
            let due = lastActivity + heartbeatInterval
            if let now, due <= now { consider(now + heartbeatInterval) } else { consider(due) }
        }
        guard let earliest else { return .none }
        if let armedAt, armedAt <= earliest { return .none }
        armedAt = earliest
        return .arm(earliest)
    }
}
