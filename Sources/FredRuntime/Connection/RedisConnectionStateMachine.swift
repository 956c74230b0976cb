import NIOCore

/// The request/reply bookkeeping of one connection, as a plain value: a FIFO of commands awaiting
/// replies. Each event returns the one action the channel handler must carry out, so the rules
/// (a reply goes to the oldest waiting command; nothing is accepted after close) are tested
/// without a channel.
struct RedisConnectionStateMachine<Pending> {
    /// A command waiting for its reply, or the place of one that timed out (its late reply is
    /// read and dropped, so that it never reaches another caller).
    private struct Slot {
        var pending: Pending?
        var deadline: NIODeadline?
        /// Who sent it, for cancellation (0: nobody can cancel it).
        var id: UInt64
        /// The fence of a command answered only by pushes (`SUBSCRIBE …; PING`): error replies
        /// before the fence's own reply belong to the command, so they do not move the FIFO on.
        var fence = false
    }

    // The FIFO lives outside any enum payload so that appending and popping mutate it in place
    // (an enum payload would be copied out and its storage copied on write at every command).
    private var fifo = CircularBuffer<Slot>(initialCapacity: 16)
    /// Why the connection closed; nil while it is open.
    private(set) var closedBy: RedisError?
    /// The connection is a RESP2 subscriber: pub/sub arrays (`[message, channel, payload]`,
    /// `[subscribe, channel, count]`, …) are pushes, not replies.
    var pubSubArraysArePushes = false

    enum SendAction {
        /// Encode and write the command; it is now waiting for its reply.
        case write
        /// The connection is closed: fail the command at once (it was never written).
        case fail(Pending, RedisError)
    }

    /// A command is about to be written; its reply is due by `deadline` (nil: no timeout). `id`
    /// names it for ``cancel(_:)`` (0: it cannot be cancelled).
    mutating func send(_ pending: Pending, deadline: NIODeadline? = nil, id: UInt64 = 0, fence: Bool = false) -> SendAction {
        if let closedBy {
            // A connection that failed before it was set up (TLS) says why; otherwise the command
            // simply never ran.
            if case .connectionFailed = closedBy { return .fail(pending, closedBy) }
            return .fail(pending, .connectionClosed(mayHaveRun: false))
        }
        fifo.append(Slot(pending: pending, deadline: deadline, id: id, fence: fence))
        return .write
    }

    /// The task that sent the commands named `id` was cancelled: they stop waiting (their caller is
    /// told at once) but keep their places in the FIFO, so that their late replies are dropped.
    /// Returns what was still waiting (nothing when the replies already came).
    mutating func cancel(_ id: UInt64) -> [Pending] {
        guard id != 0 else { return [] }
        var cancelled: [Pending] = []
        for index in fifo.indices.reversed() where fifo[index].id == id {
            if let pending = fifo[index].pending { cancelled.append(pending) }
            fifo[index].pending = nil
        }
        return cancelled.reversed()
    }

    enum ReplyAction {
        /// The reply belongs to this command.
        case succeed(Pending, RESPValue)
        /// The server answered this command with an error.
        case fail(Pending, RedisError)
        /// An out-of-band push (RESP3, or a pub/sub array on a RESP2 subscriber) that answers no
        /// command.
        case push(RESPValue)
        /// An error reply to the command a fence closes: it keeps its place until the fence's reply.
        case fenced(Pending, RedisError)
        /// A reply nobody asked for: the stream is out of step, close the connection.
        case closeConnection(RedisError)
        /// The late reply of a command that timed out, or a reply after close: drop it.
        case ignore
    }

    mutating func receive(_ reply: RESPValue) -> ReplyAction {
        guard closedBy == nil else { return .ignore }
        if case .push = reply { return .push(reply) }
        if pubSubArraysArePushes, RedisPubSubPush.isPubSubArray(reply) { return .push(reply) }
        guard let first = fifo.first else {
            return .closeConnection(.protocolViolation("received a reply with no command waiting for one"))
        }
        if first.fence, reply.isError, let text = reply.stringPayload {
            guard let pending = first.pending else { return .ignore }
            return .fenced(pending, .server(RedisServerError(message: String(buffer: text))))
        }
        fifo.removeFirst()
        guard let pending = first.pending else { return .ignore }
        if reply.isError, let text = reply.stringPayload {
            return .fail(pending, .server(RedisServerError(message: String(buffer: text))))
        }
        return .succeed(pending, reply)
    }

    /// The commands whose deadline is at or before `now`: they fail with a timeout and keep their
    /// place in the FIFO; `next` is the earliest deadline still ahead.
    mutating func expire(now: NIODeadline) -> (expired: [Pending], next: NIODeadline?) {
        var expired: [Pending] = []
        var next: NIODeadline?
        for index in fifo.indices {
            guard let pending = fifo[index].pending, let deadline = fifo[index].deadline else { continue }
            if deadline <= now {
                expired.append(pending)
                fifo[index].pending = nil
            } else if next.map({ deadline < $0 }) ?? true {
                next = deadline
            }
        }
        return (expired, next)
    }

    enum CloseAction {
        /// Fail every waiting command with this error.
        case failAll([Pending], RedisError)
        case none
    }

    /// The connection closed (or must close) because of `error`.
    mutating func close(_ error: RedisError) -> CloseAction {
        guard closedBy == nil else { return .none }
        closedBy = error
        let waiting = fifo.compactMap(\.pending)
        fifo = CircularBuffer()
        return waiting.isEmpty ? .none : .failAll(waiting, error)
    }

    /// How many replies the connection still expects (timed-out commands included).
    var waiting: Int { fifo.count }
}
