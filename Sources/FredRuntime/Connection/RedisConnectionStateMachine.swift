import NIOCore

/// The request/reply bookkeeping of one connection, as a plain value: a FIFO of commands awaiting
/// replies. Each event returns the one action the channel handler must carry out, so the rules
/// (a reply goes to the oldest waiting command; nothing is accepted after close) are tested
/// without a channel.
struct RedisConnectionStateMachine<Pending> {
    // The FIFO lives outside any enum payload so that appending and popping mutate it in place
    // (an enum payload would be copied out and its storage copied on write at every command).
    private var fifo = CircularBuffer<Pending>(initialCapacity: 16)
    /// Why the connection closed; nil while it is open.
    private(set) var closedBy: RedisError?

    enum SendAction {
        /// Encode and write the command; it is now waiting for its reply.
        case write
        /// The connection is closed: fail the command at once (it was never written).
        case fail(Pending, RedisError)
    }

    mutating func send(_ pending: Pending) -> SendAction {
        guard closedBy == nil else { return .fail(pending, .connectionClosed(mayHaveRun: false)) }
        fifo.append(pending)
        return .write
    }

    enum ReplyAction {
        /// The reply belongs to this command.
        case succeed(Pending, RESPValue)
        /// The server answered this command with an error.
        case fail(Pending, RedisError)
        /// An out-of-band push (RESP3) that answers no command.
        case push(RESPValue)
        /// A reply nobody asked for: the stream is out of step, close the connection.
        case closeConnection(RedisError)
        /// A reply after close: drop it.
        case ignore
    }

    mutating func receive(_ reply: RESPValue) -> ReplyAction {
        guard closedBy == nil else { return .ignore }
        if case .push = reply { return .push(reply) }
        guard let pending = fifo.popFirst() else {
            return .closeConnection(.protocolViolation("received a reply with no command waiting for one"))
        }
        if reply.isError, let text = reply.stringPayload {
            return .fail(pending, .server(RedisServerError(message: String(buffer: text))))
        }
        return .succeed(pending, reply)
    }

    enum CloseAction {
        /// Fail every waiting command with this error.
        case failAll(CircularBuffer<Pending>, RedisError)
        case none
    }

    /// The connection closed (or must close) because of `error`.
    mutating func close(_ error: RedisError) -> CloseAction {
        guard closedBy == nil else { return .none }
        closedBy = error
        let waiting = fifo
        fifo = CircularBuffer()
        return waiting.isEmpty ? .none : .failAll(waiting, error)
    }

    /// How many commands wait for a reply.
    var waiting: Int { fifo.count }
}
