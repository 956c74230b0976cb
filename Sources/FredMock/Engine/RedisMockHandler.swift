import FredRuntime
/// Answers one command in the in-memory engine, the way a real server would.
///
/// `commands.yaml` names a handler for each command the mock layer answers (`mock: getString`);
/// the Generator wires that name to the static property of the same name on this type. Users can
/// declare their own handlers the same way, in their own module, or plug them into one server with
/// ``RedisMockServer/handle(_:with:)``.
public struct RedisMockHandler: Sendable {
    /// Runs the command. Return the reply in its RESP3 shape (the engine converts it for RESP2
    /// sessions); return or throw an error reply (``RedisMockContext/error(_:)``) for a server
    /// error.
    public typealias Body = @Sendable (inout RedisMockContext) throws -> RESPValue

    let body: Body
    let role: Role

    public init(_ body: @escaping Body) {
        self.body = body
        self.role = .command
    }

    init(role: Role, _ body: @escaping Body = { _ in .ok }) {
        self.body = body
        self.role = role
    }

    /// What the engine does around the body: most commands are queued inside `MULTI`; the
    /// transaction commands themselves steer the engine.
    enum Role: Sendable {
        /// Runs, or is queued inside `MULTI`.
        case command
        /// Runs at once even inside `MULTI` (`QUIT`).
        case immediate
        /// Discards the transaction and the watched keys, then runs (`RESET`).
        case resetsTransaction
        case multi, exec, discard, watch, unwatch
    }
}

/// An error reply thrown from a mock handler, with the exact text a server would send.
public struct RedisMockErrorReply: Error, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

/// Thrown by the handler of a blocking command (`BLPOP`, `XREAD BLOCK`) that finds nothing to
/// return yet: the engine parks the client until one of `keys` is written (then runs the handler
/// again) or the mock clock reaches the timeout (then replies `timeoutReply`). Inside `MULTI` the
/// engine replies `timeoutReply` at once, as a server does.
public struct RedisMockBlock: Error, Sendable {
    /// The keys (of the session's database) whose writes may serve the client.
    public var keys: [[UInt8]]
    /// How long to wait, in milliseconds of the mock clock; nil waits for ever.
    public var timeout: Int64?
    /// The reply when the wait ends with nothing (a null array for `BLPOP`).
    public var timeoutReply: RESPValue
    /// The arguments to run the handler with when a key is written, if not the original ones
    /// (`XREAD BLOCK … $` resolves `$` to the last ID once, when the client first blocks).
    public var retryArguments: [[UInt8]]?

    public init(keys: [[UInt8]], timeout: Int64?, timeoutReply: RESPValue, retryArguments: [[UInt8]]? = nil) {
        self.keys = keys
        self.timeout = timeout
        self.timeoutReply = timeoutReply
        self.retryArguments = retryArguments
    }
}
