/// Anything that can run a command: the client today; pipelines, transactions and cluster clients
/// later. The generated methods (`get`, `set`, `clientKill`, …) are extensions of this protocol, so
/// every executor has all of them.
public protocol RedisCommandExecutor: Sendable {
    /// Sends `command` and returns its reply. An error reply throws ``RedisError/server(_:)``.
    func execute(_ command: RESPCommand) async throws -> RESPValue
}

extension RedisCommandExecutor {
    /// Sends a command that no spec describes, for example a module's: `["JSON.GET", "doc", "$"]`.
    /// The reply comes back as a generic ``RESPValue`` for the caller to convert with
    /// ``RESPValue/decode(as:)``.
    public func send(command words: [String]) async throws -> RESPValue {
        guard !words.isEmpty, !words[0].isEmpty else {
            throw RedisError.badArgument("send(command:) needs at least a command name")
        }
        var command = RESPCommand(.custom)
        command.append(contentsOf: words)
        return try await execute(command)
    }
}
