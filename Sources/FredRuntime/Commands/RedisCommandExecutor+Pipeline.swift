/// Typed pipelines: several commands written at once, their replies converted each to its own
/// Swift type. Not atomic: other tasks' commands may run between them on the server (use a
/// transaction for that), but each reply reaches its own slot.
extension RedisCommandExecutor {
    /// Sends `command` and converts its reply.
    public func execute<Response>(_ command: RedisCommand<Response>) async throws -> Response {
        try command.decode(try await execute(command.encoded))
    }

    /// Sends the commands in one write and returns their replies, each converted to its command's
    /// type. The first failure (an error reply or a reply of the wrong shape) is thrown once every
    /// reply has arrived; the commands before and after it ran all the same. Use
    /// ``pipelineResults(_:)-(RedisCommand<each Response>...)`` to see every outcome.
    ///
    /// ```swift
    /// let (name, visits) = try await client.pipeline(.get("user:1:name"), .incr("user:1:visits"))
    /// ```
    public func pipeline<each Response>(
        _ commands: repeat RedisCommand<each Response>
    ) async throws -> (repeat each Response) {
        let results = try await pipelineResults(repeat each commands)
        return (repeat try (each results).get())
    }

    /// Sends the commands in one write and returns each one's outcome, converted to its command's
    /// type: an error reply fails its own slot only.
    public func pipelineResults<each Response>(
        _ commands: repeat RedisCommand<each Response>
    ) async throws -> (repeat Result<each Response, RedisError>) {
        var encoded: [RESPCommand] = []
        for command in repeat each commands { encoded.append(command.encoded) }
        let replies = try await execute(encoded)
        var slots = RedisBatchSlots(replies)
        return (repeat slots.next(for: each commands))
    }

    /// Sends any number of commands of one type in one write and returns their replies in order;
    /// the first failure is thrown once every reply has arrived.
    ///
    /// ```swift
    /// let lengths = try await client.pipeline(queues.map { RedisCommand.llen($0) })
    /// ```
    public func pipeline<Response>(_ commands: [RedisCommand<Response>]) async throws -> [Response] {
        try await pipelineResults(commands).map { try $0.get() }
    }

    /// Sends any number of commands of one type in one write and returns each one's outcome.
    public func pipelineResults<Response>(_ commands: [RedisCommand<Response>]) async throws -> [Result<Response, RedisError>] {
        guard !commands.isEmpty else { return [] }
        let replies = try await execute(commands.map(\.encoded))
        return zip(commands, replies).map { command, reply in command.decode(reply) }
    }
}

/// Hands out a batch's replies to its commands in order.
package struct RedisBatchSlots {
    private let replies: [Result<RESPValue, RedisError>]
    private var index = 0

    package init(_ replies: [Result<RESPValue, RedisError>]) { self.replies = replies }

    package mutating func next<Response>(for command: RedisCommand<Response>) -> Result<Response, RedisError> {
        defer { index += 1 }
        guard index < replies.count else {
            return .failure(.unexpectedReply(expected: "a reply for every command of the batch", got: "\(replies.count) replies"))
        }
        return command.decode(replies[index])
    }
}
