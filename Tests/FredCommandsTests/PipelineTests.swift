import Fred
import FredMock
import FredTestSupport
import Testing

/// Commands sent as one batch: every reply comes back, in order, each error in its own slot.
@Suite(.timeLimit(.minutes(1))) struct PipelineTests {
    static let commands: [RESPCommand] = [
        RedisCommands.set("a", "1"),
        RedisCommands.incr("a"),
        RedisCommands.set("s", "text"),
        RedisCommands.incr("s"),
        RedisCommands.get("a"),
        RedisCommands.get("missing"),
    ]

    static func check(_ replies: [Result<RESPValue, RedisError>]) throws {
        #expect(replies.count == 6)
        #expect(try replies[1].get().decode(as: Int.self) == 2)
        #expect(throws: RedisError.server(RedisServerError(message: "ERR value is not an integer or out of range"))) {
            try replies[3].get()
        }
        #expect(try replies[4].get().decode(as: String.self) == "2")
        #expect(try replies[5].get().decode(as: RedisValue?.self) == nil)
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func batchOnAServer(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, _ async throws in
            try Self.check(try await client.execute(Self.commands))
            #expect(try await client.execute([]).isEmpty)
        }
    }

    @Test func batchOnTheMock() async throws {
        try await withMockClient { client async throws in
            try Self.check(try await client.execute(Self.commands))
        }
    }

    @Test func tenThousandCommandsComeBackInOrder() async throws {
        try await withConnectedClient { client, _ async throws in
            let replies = try await client.execute((0..<10_000).map { RedisCommands.echo(String($0)) })
            #expect(try replies.enumerated().allSatisfy { index, reply in try reply.get().decode(as: String.self) == String(index) })
        }
    }

    @Test func batchAndSingleCommandsInterleaveFromManyTasks() async throws {
        try await withConnectedClient { client, _ async throws in
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for task in 0..<20 {
                    group.addTask {
                        if task.isMultiple(of: 2) {
                            let replies = try await client.execute((0..<50).map { RedisCommands.echo("\(task)-\($0)") })
                            return try replies.enumerated().allSatisfy { try $1.get().decode(as: String.self) == "\(task)-\($0)" }
                        }
                        return try await client.echo("\(task)").string == "\(task)"
                    }
                }
                for try await matched in group { #expect(matched) }
            }
        }
    }

    @Test func largeValuesGoOutUncopiedAndInOrderAmongSmallCommands() async throws {
        try await withConnectedClient { client, _ async throws in
            // Values above the direct-write threshold skip the output buffer; the bytes queued
            // around them must still leave in order.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<8 {
                    group.addTask {
                        let value = [UInt8]((0..<(300_000 + task)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ task) })
                        let replies = try await client.execute([
                            RedisCommands.set("small-\(task)", "\(task)"),
                            RedisCommands.set("big-\(task)", value),
                            RedisCommands.get("small-\(task)"),
                        ])
                        #expect(try replies[2].get().decode(as: String.self) == "\(task)")
                        #expect(try await client.get("big-\(task)")?.bytes == value)
                        #expect(try await client.strlen("big-\(task)") == value.count)
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func batchOnAClosedClientThrows() async throws {
        let client = RedisClient(config: try await MockTransport.config(RedisMockServer()))
        await #expect(throws: RedisError.notConnected) { try await client.execute(Self.commands) }
    }
}
