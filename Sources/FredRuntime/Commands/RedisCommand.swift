/// A command as a value: encoded, ready to send, and typed with the Swift type of its reply.
///
/// Every command of the spec has a builder on `RedisCommand`, named as its method
/// (`.get("k")`, `.incr("n")`, `.set("k", "v", expiration: .ex(60))`), so typed batches read as a
/// list of calls:
///
/// ```swift
/// let (name, visits) = try await client.pipeline(.get("user:1:name"), .incr("user:1:visits"))
/// let (stored, total) = try await client.transaction(.set("k", "v"), .incr("n"))
/// ```
///
/// The keys' hash slot was computed while the command was encoded (``RESPCommand/keySlot``), so a
/// cluster client routes it without reading it back.
public struct RedisCommand<Response: RESPDecodable & Sendable>: Sendable {
    /// The command as it goes on the wire, with what the spec says about it.
    public var encoded: RESPCommand
    /// A command that must have run on the server before this one can (`SCRIPT LOAD` before the
    /// `EVALSHA` of a `RedisScript`): typed pipelines and transactions send it, once per batch,
    /// ahead of the commands that need it.
    package var prerequisite: RESPCommand?

    /// Wraps an encoded command whose reply converts to `Response`.
    public init(_ encoded: RESPCommand) {
        self.encoded = encoded
    }

    /// Converts a reply to the command into its Swift type.
    public func decode(_ reply: RESPValue) throws -> Response {
        try Response(fromRESP: reply)
    }

    /// Converts a batch slot's outcome into the command's Swift type.
    func decode(_ result: Result<RESPValue, RedisError>) -> Result<Response, RedisError> {
        result.flatMap { reply in
            do {
                return .success(try decode(reply))
            } catch let error as RedisError {
                return .failure(error)
            } catch {
                return .failure(.unexpectedReply(expected: "\(Response.self)", got: "\(error)"))
            }
        }
    }
}

/// The reply of a command that answers only that it succeeded (`OK` for `FLUSHALL`, `LSET`,
/// `RENAME`, …): in a typed batch, its slot holds this value.
public struct RedisOK: RESPDecodable, Sendable, Hashable {
    public init() {}

    /// Any reply that is not an error.
    public init(fromRESP value: RESPValue) throws {}
}
