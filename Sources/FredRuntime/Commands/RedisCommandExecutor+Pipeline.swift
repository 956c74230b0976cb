/// Typed pipelines: several commands written at once, their replies converted each to its own
/// Swift type. Not atomic: other tasks' commands may run between them on the server (use a
/// transaction for that), but each reply reaches its own slot. The scripts their commands call
/// (``RedisCommand`` values of a `RedisScript`) are loaded in the same write, ahead of them.
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
        var needed: [RESPCommand?] = []
        for command in repeat each commands {
            encoded.append(command.encoded)
            needed.append(command.prerequisite)
        }
        let prerequisites = RedisBatchSlots.prerequisites(of: needed)
        var slots = RedisBatchSlots(try await execute(prerequisites + encoded), prerequisites: prerequisites)
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
        let prerequisites = RedisBatchSlots.prerequisites(of: commands.map(\.prerequisite))
        var slots = RedisBatchSlots(try await execute(prerequisites + commands.map(\.encoded)), prerequisites: prerequisites)
        return commands.map { slots.next(for: $0) }
    }
}

/// Hands out a batch's replies to its commands in order. The batch may start with the
/// prerequisites of its commands (one `SCRIPT LOAD` per script), whose replies are not the
/// commands': a command that failed for want of a prerequisite that failed gets that failure.
package struct RedisBatchSlots {
    private let replies: ArraySlice<Result<RESPValue, RedisError>>
    private let prerequisites: [(command: RESPCommand, reply: Result<RESPValue, RedisError>)]
    private var index: Int

    /// `replies` to `prerequisites` followed by the commands'.
    package init(_ replies: [Result<RESPValue, RedisError>], prerequisites: [RESPCommand] = []) {
        self.prerequisites = Array(zip(prerequisites, replies))
        self.replies = replies[...]
        self.index = min(prerequisites.count, replies.count)
    }

    /// The prerequisites of `commands`, each once, in order: they go ahead of the commands.
    package static func prerequisites(of commands: [RESPCommand?]) -> [RESPCommand] {
        var distinct: [RESPCommand] = []
        for case let command? in commands where !distinct.contains(where: { $0.body == command.body }) {
            distinct.append(command)
        }
        return distinct
    }

    package mutating func next<Response>(for command: RedisCommand<Response>) -> Result<Response, RedisError> {
        defer { index += 1 }
        guard index < replies.endIndex else {
            return .failure(.unexpectedReply(expected: "a reply for every command of the batch", got: "\(replies.count) replies"))
        }
        if case .failure(.server(let error)) = replies[index], error.kind == .noScript, let prerequisite = command.prerequisite,
           let failed = prerequisites.first(where: { $0.command.body == prerequisite.body }), case .failure(let reason) = failed.reply {
            return .failure(reason)  // the script did not compile: say why, rather than NOSCRIPT
        }
        return command.decode(replies[index])
    }
}
