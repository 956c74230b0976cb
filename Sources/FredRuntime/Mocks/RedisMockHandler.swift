/// Answers one command in the in-memory engine, the way a real server would.
///
/// `commands.yaml` names a handler for each command the mock layer answers (`mock: getString`);
/// the Generator wires that name to the static property of the same name on this type. Users can
/// declare their own handlers the same way, in their own module.
public struct RedisMockHandler: Sendable {
    /// Runs the command. Return the reply in its RESP3 shape (the engine converts it for RESP2
    /// sessions); return or throw an error reply (``RedisMockContext/error(_:)``) for a server
    /// error.
    public typealias Body = @Sendable (inout RedisMockContext) throws -> RESPValue

    let body: Body

    public init(_ body: @escaping Body) {
        self.body = body
    }
}

/// An error reply thrown from a mock handler, with the exact text a server would send.
public struct RedisMockErrorReply: Error, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
