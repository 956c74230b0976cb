import NIOCore

/// The request/reply bookkeeping of one connection, as a plain value: a FIFO of commands awaiting
/// replies. Each event returns the one action the channel handler must carry out, so the rules
/// (a reply goes to the oldest waiting command; nothing is accepted after close) are tested
/// without a channel.
struct RedisConnectionStateMachine<Pending> {
    enum State {
        case active(CircularBuffer<Pending>)
        case closed(RedisError)
    }

    private(set) var state: State = .active(CircularBuffer(initialCapacity: 16))

    enum SendAction {
        /// Encode and write the command; it is now waiting for its reply.
        case write
        /// The connection is closed: fail the command at once (it was never written).
        case fail(Pending, RedisError)
    }

    mutating func send(_ pending: Pending) -> SendAction {
        switch state {
        case .active(var fifo):
            fifo.append(pending)
            state = .active(fifo)
            return .write
        case .closed:
            return .fail(pending, .connectionClosed(mayHaveRun: false))
        }
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
        guard case .active(var fifo) = state else { return .ignore }
        if case .push = reply { return .push(reply) }
        guard let pending = fifo.popFirst() else {
            return .closeConnection(.protocolViolation("received a reply with no command waiting for one"))
        }
        state = .active(fifo)
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
        switch state {
        case .active(let fifo):
            state = .closed(error)
            return fifo.isEmpty ? .none : .failAll(fifo, error)
        case .closed:
            return .none
        }
    }

    /// How many commands wait for a reply.
    var waiting: Int {
        if case .active(let fifo) = state { return fifo.count }
        return 0
    }
}
