import Fred
import FredMock
import FredTestSupport
import Testing

/// Typed pipelines and transactions: command values (`.get`, `.incr`, …) sent as one unit, each
/// reply converted to its command's type, checked against what the server ran.
@Suite(.timeLimit(.minutes(2))) struct TypedBatchTests {
    /// A pipeline and a transaction of mixed types, then each failure kind.
    static func exercise(_ client: some RedisCommandExecutor) async throws {
        // Pipelines: one value per command, in the types of the commands.
        let (stored, count, missing, name) = try await client.pipeline(
            .set("p:a", "1"), .incr("p:a"), .get("p:missing"), .echo("fred"))
        #expect(stored && count == 2 && missing == nil && name.string == "fred")
        let lengths = try await client.pipeline((0..<5).map { RedisCommand.rpush("p:list\($0)", Array(repeating: "x", count: $0 + 1)) })
        #expect(lengths == [1, 2, 3, 4, 5])

        // A failure in one slot: the values throw it; the results keep every slot.
        _ = try await client.set("p:text", "abc")
        await #expect(throws: RedisError.server(RedisServerError(message: "ERR value is not an integer or out of range"))) {
            _ = try await client.pipeline(.incr("p:text"), .incr("p:counter"))
        }
        let (failed, ran) = try await client.pipelineResults(.incr("p:text"), .incr("p:counter"))
        #expect(throws: RedisError.self) { try failed.get() }
        #expect(try ran.get() == 2)  // the first pipeline's INCR ran too: not atomic

        // Transactions: the replies of EXEC, typed.
        let (set, incremented, value) = try await client.transaction(.set("t:k", "v"), .incr("t:n"), .get("t:k"))
        #expect(set && incremented == 1 && value?.string == "v")
        let many = try await client.transaction((0..<10).map { _ in RedisCommand.incr("t:many") })
        #expect(many == Array(1...10))
        #expect(try await client.transactionReplies([]).isEmpty)

        // A command failing when EXEC runs it fails its own slot; the others ran.
        let (textSet, textIncr, after) = try await client.transactionResults(.set("t:s", "x"), .incr("t:s"), .append("t:s", "y"))
        #expect(try textSet.get())
        #expect(throws: RedisError.self) { try textIncr.get() }
        #expect(try after.get() == 2)

        // A command refused while queueing aborts the whole transaction (EXECABORT), typed by slot.
        let bareGet = RESPCommand(try #require(RedisCommands.table.info(forWords: ["GET"])))  // no key: wrong arity
        do {
            _ = try await client.transactionReplies([RedisCommand.set("t:aborted", "1").encoded, bareGet])
            Issue.record("EXECABORT expected")
        } catch RedisError.transactionAborted(let errors) {
            #expect(Array(errors.keys) == [1])
            #expect(errors[1]?.message == "ERR wrong number of arguments for 'get' command")
        }
        #expect(try await client.exists(["t:aborted"]) == 0)
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func onAServer(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            try await Self.exercise(client)
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func onTheMock(_ version: RESPProtocolVersion) async throws {
        try await withMockClient(version) { client async throws in
            try await Self.exercise(client)
        }
    }

    @Test func onAConnectionOfItsOwn() async throws {
        try await withServerConnection { connection, _ async throws in
            try await Self.exercise(connection)
        }
    }

    /// 200 tasks run transactions of 1 KiB values on one shared connection at once: each one's
    /// replies are its own, and the server ran every transaction exactly once.
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func twoHundredTasksShareTheConnection(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, server async throws in
            let tasks = 200, rounds = 5
            let value = String(repeating: "v", count: 1024)
            let counts = try await withThrowingTaskGroup(of: [Int].self) { group in
                for task in 0..<tasks {
                    group.addTask {
                        var seen: [Int] = []
                        for round in 0..<rounds {
                            let (stored, echoed, count, length) = try await client.transaction(
                                .set("tx:\(task)", "\(task):\(round):" + value), .get("tx:\(task)"), .incr("tx:counter"),
                                .rpush("tx:log", ["\(task):\(round)"]))
                            #expect(stored && echoed?.string == "\(task):\(round):" + value && length >= 1)
                            seen.append(count)
                        }
                        return seen
                    }
                }
                var all: [Int] = []
                for try await seen in group { all += seen }
                return all
            }
            // Every INCR ran once, and each task got its own reply.
            #expect(counts.sorted() == Array(1...(tasks * rounds)))
            let admin = RedisClient(config: try RedisConfig(url: server.url))
            try await admin.connect()
            #expect(try await admin.llen("tx:log") == tasks * rounds)
            let stats = try await admin.info(sections: ["commandstats"])
            #expect(StressAudit.calls(of: "multi", in: stats) == tasks * rounds)
            #expect(StressAudit.calls(of: "exec", in: stats) == tasks * rounds)
            #expect(StressAudit.calls(of: "incr", in: stats) == tasks * rounds)
            try await admin.quit()
        }
    }

    /// Builders compute the keys' hash slot as they encode; it is the one `CLUSTER KEYSLOT` gives.
    @Test func commandValuesKnowTheirSlot() {
        #expect(RedisCommand.get("foo").encoded.keySlot == .slot(12182))
        #expect(RedisCommand.mset(pairs: [(key: "{user1}:a", value: "1"), (key: "{user1}:b", value: "2")]).encoded.keySlot == .slot(RedisHashSlot.slot(for: "user1")))
        #expect(RedisCommand.mget(["a", "b"]).encoded.keySlot == .crossSlot)
        #expect(RedisCommand.echo("x").encoded.keySlot == .keyless)
        #expect(RedisCommands.table.info(forWords: ["GET"]).map { RESPCommand($0).keySlot } == .untracked)
    }

    /// The audit used by the command suites catches a builder whose computed slot disagrees with
    /// the key specs.
    @Test func theKeySlotAuditCatchesADisagreement() throws {
        let info = try #require(RedisCommands.table.info(forWords: ["MSET"]))
        var command = RESPCommand(info)
        command.appendKey("a")
        command.append("1")
        command.append("b")  // a key by the spec, appended as a plain argument
        command.append("2")
        #expect(keySlotDisagreement(command) != nil)
        #expect(keySlotDisagreement(RedisCommands.mset(pairs: [(key: "a", value: "1"), (key: "b", value: "2")])) == nil)
    }
}
