/// How a command uses the connection it runs on, from `commands.yaml`'s `connection:` field.
///
/// The client acts on these, never on names: on the connection every task shares, a command must
/// answer with exactly one reply and leave the connection as it found it. Commands that do not
/// (``answer`` other than ``Answer/reply``, or a ``change``) are refused there with
/// ``RedisError/needsDedicatedConnection(command:reason:)``; blocking commands (the `blocking` flag,
/// narrowed by ``blockingToken``) run on connections of their own.
public struct RedisCommandSemantics: Sendable, Hashable {
    /// How the server answers the command.
    public enum Answer: Sendable, Hashable {
        /// One reply (or error) per command: the ordinary case.
        case reply
        /// Pushes instead of, or besides, a reply (`SUBSCRIBE`, `MONITOR`): in RESP2 one array per
        /// channel, in RESP3 push frames, and messages afterwards.
        case pushes
        /// Maybe no reply at all for this command or the ones after it (`CLIENT REPLY OFF|SKIP`).
        case maybeNothing
    }

    /// What the command changes on its connection beyond the data.
    public enum Change: Sendable, Hashable {
        case none
        /// The session: database, name, protocol, authentication, tracking, read-only mode…
        /// (`SELECT`, `HELLO`, `AUTH`, `CLIENT SETNAME`, `READONLY`). A reconnect would undo it.
        case session
        /// Changes how the server treats the next command on the connection, once (`ASKING`): only
        /// in a batch, right before that command.
        case nextCommand
        /// Opens a transaction: later commands are queued, not run (`MULTI`).
        case transactionBegin
        /// Ends the open transaction (`EXEC`, `DISCARD`).
        case transactionEnd
        /// Watches keys for a later transaction (`WATCH`).
        case watch
        /// Forgets the watched keys (`UNWATCH`).
        case unwatch
    }

    public var answer: Answer
    public var change: Change
    /// For a command with the `blocking` flag: the argument token that makes it block (`BLOCK` of
    /// `XREAD`), so that it blocks only when sent with it; nil when it always blocks.
    public var blockingToken: String?

    public init(answer: Answer = .reply, change: Change = .none, blockingToken: String? = nil) {
        self.answer = answer
        self.change = change
        self.blockingToken = blockingToken
    }

    /// One reply, nothing changed.
    public static let ordinary = RedisCommandSemantics()

    /// Whether the command may run on a connection that other tasks share.
    public var isSafeOnSharedConnection: Bool { answer == .reply && change == .none }
}

extension RedisCommandInfo {
    /// Why this command must not run on the shared connection, or nil when it may.
    ///
    /// Blocking commands are not refused: the client runs them on connections of their own.
    public var sharedConnectionRefusal: RedisError? {
        let reason: String
        switch (semantics.answer, semantics.change) {
        case (.reply, .none):
            return nil
        case (.pushes, _):
            reason = "it answers with pushes, which would take the place of other tasks' replies; "
                + "use the pub/sub API instead: client.subscribe(to:) { subscription in … } (and psubscribe, ssubscribe)"
        case (.maybeNothing, _):
            reason = "it can leave commands without replies, which would hand other tasks the wrong ones; "
                + "run it inside withConnection { … }"
        case (_, .session):
            reason = "it changes the session of the connection every task shares, and a reconnect would undo it; "
                + "use the RedisConfig setting for it (database, username, password, protocolVersion) or run it inside withConnection { … }"
        case (_, .nextCommand):
            reason = "it changes how the server treats the next command on the connection, which may be another task's; "
                + "send it in one batch with the command it is for"
        case (_, .transactionBegin), (_, .transactionEnd):
            reason = "a transaction on the shared connection would queue other tasks' commands; "
                + "send MULTI, the commands and EXEC together as one batch (execute([…])), or run them inside withConnection { … }"
        case (_, .watch), (_, .unwatch):
            reason = "WATCH state belongs to one connection and one task; run it inside withConnection { … }"
        }
        return .needsDedicatedConnection(command: name, reason: reason)
    }
}
