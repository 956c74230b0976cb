/// What a lent connection has been told, as far as its next user is concerned: an open
/// transaction, watched keys, a changed session, or a state nobody can know (a reply that never
/// came).
struct RedisExclusiveConnectionState {
    private var ended = false
    private var transactionOpen = false
    private var watching = false
    /// The session changed, or a reply went missing: only closing the connection is safe.
    private var unsure = false

    mutating func willSend(_ commands: [RESPCommand]) throws {
        for command in commands {
            let info = command.info
            guard info.semantics.answer == .reply else {
                throw RedisError.unsupported(
                    "\(info.name): Fred's connections pair every command with one reply; subscribe with client.subscribe(to:) { … } (and psubscribe, ssubscribe), which gives the pushes a connection of their own")
            }
            guard !ended else {
                throw RedisError.badArgument("\(info.name) was sent on a connection after its withConnection closure returned")
            }
        }
        for command in commands where command.info.semantics.change == .session {
            unsure = true  // undone only by a new connection
        }
    }

    /// Records what `command`'s outcome did to the connection.
    mutating func answered(_ command: RESPCommand, _ result: Result<RESPValue, RedisError>) {
        switch result {
        case .success:
            switch command.info.semantics.change {
            case .transactionBegin: transactionOpen = true
            case .transactionEnd: transactionOpen = false; watching = false
            case .watch: watching = true
            case .unwatch: watching = false
            case .none, .session, .nextCommand: break
            }
        case .failure(.server):
            // An error reply changed nothing, except that EXEC ends the transaction either way
            // (EXECABORT), which also forgets the watched keys.
            if command.info.semantics.change == .transactionEnd, transactionOpen {
                transactionOpen = false
                watching = false
            }
        case .failure:
            unsure = true
        }
    }

    /// A reply went missing (cancellation, an error of the connection).
    mutating func lost() { unsure = true }

    /// How the connection is made ready for its next user.
    enum Cleanup: Equatable {
        case reuse
        /// Send `DISCARD` (which also forgets watched keys), then reuse.
        case discard
        /// Send `UNWATCH`, then reuse.
        case unwatch
        case close
    }

    mutating func end() -> Cleanup {
        ended = true
        if unsure { return .close }
        if transactionOpen { return .discard }
        if watching { return .unwatch }
        return .reuse
    }
}
