import Fred
import FredTestSupport
import NIOCore
import Testing

/// The connection every task of a client shares keeps one reply per command for every caller:
/// commands that would break that are refused before anything is sent, transactions go as one
/// batch, and blocking commands run on connections of their own. Checked against what the server saw.
@Suite(.timeLimit(.minutes(2))) struct SharedConnectionTests {
    /// 200 tasks each GET their own key and must read their own value.
    static func everyTaskReadsItsOwnValue(_ client: RedisClient) async throws -> Int {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<200 { group.addTask { try await client.get("key:\(index)")?.string == "value:\(index)" } }
            return try await group.reduce(0) { $0 + ($1 ? 0 : 1) }
        }
    }

    static func seed(_ client: RedisClient) async throws {
        for index in 0..<200 { _ = try await client.set("key:\(index)", "value:\(index)") }
    }

    static func calls(_ command: String, _ client: RedisClient) async throws -> Int {
        let stats = try await client.info(sections: ["commandstats"])
        for line in stats.split(whereSeparator: \.isNewline) where line.hasPrefix("cmdstat_\(command):calls=") {
            return Int(line.dropFirst("cmdstat_\(command):calls=".count).prefix { $0.isNumber }) ?? 0
        }
        return 0
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func pushAndSessionCommandsAreRefusedAndNoReplyShifts(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, _ in
            try await Self.seed(client)
            try await client.configResetstat()  // the RESP2 handshake sent CLIENT SETNAME
            let refused: [(String, () async throws -> Void)] = [
                ("SUBSCRIBE", { try await client.subscribe(["news"]) }),
                ("UNSUBSCRIBE", { try await client.unsubscribe() }),
                ("PSUBSCRIBE", { try await client.psubscribe(patterns: ["n*"]) }),
                ("MONITOR", { try await client.monitor() }),
                ("CLIENT REPLY", { try await client.clientReply(mode: .skip) }),
                ("MULTI", { try await client.multi() }),
                ("EXEC", { _ = try await client.exec() }),
                ("WATCH", { try await client.watch(["k"]) }),
                ("SELECT", { try await client.select(1) }),
                ("CLIENT SETNAME", { try await client.clientSetname("other") }),
                ("RESET", { _ = try await client.reset() }),
                ("AUTH", { try await client.auth("pw") }),
                ("READONLY", { try await client.readonly() }),
            ]
            for (name, call) in refused {
                do {
                    try await call()
                    Issue.record("\(name) ran on the shared connection")
                } catch RedisError.needsDedicatedConnection(let command, let reason) {
                    #expect(command == name)
                    #expect(!reason.isEmpty)
                }
                // The same through send(command:), by name.
                await #expect(throws: RedisError.self) { try await client.send(command: name.split(separator: " ").map(String.init) + ["x"]) }
            }
            #expect(try await Self.everyTaskReadsItsOwnValue(client) == 0, "no reply went to the wrong caller")
            for command in ["subscribe", "multi", "select", "client|setname", "monitor", "client|reply"] {
                #expect(try await Self.calls(command, client) == 0, "\(command) reached the server")
            }
            #expect(try await client.clientInfo().name == client.name, "the session is as it was")
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func aTransactionSentAsOneBatchIsSafeAmongOtherTasks(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, _ in
            try await Self.seed(client)
            let transactions = try await withThrowingTaskGroup(of: [Result<RESPValue, RedisError>].self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await client.execute([RedisCommands.multi(), RedisCommands.incr("n"), RedisCommands.incr("n"), RedisCommands.exec()])
                    }
                }
                group.addTask { _ = try await Self.everyTaskReadsItsOwnValue(client); return [] }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            var increments: [Int] = []
            for replies in transactions where !replies.isEmpty {
                #expect(replies.count == 4)
                #expect(try replies[1].get() == .simpleString(ByteBuffer(string: "QUEUED")))
                guard case .array(let results) = try replies[3].get(), results.count == 2,
                      case .integer(let first) = results[0], case .integer(let second) = results[1]
                else { Issue.record("EXEC answered \(replies[3])"); continue }
                #expect(second == first + 1, "the two INCRs of one transaction ran back to back")
                increments.append(second)
            }
            #expect(increments.sorted() == Array(stride(from: 2, through: 40, by: 2)))
            #expect(try await client.get("n")?.string == "40")
            #expect(try await Self.everyTaskReadsItsOwnValue(client) == 0)
            // A batch that would leave a transaction open is refused before anything is sent.
            await #expect(throws: RedisError.self) { try await client.execute([RedisCommands.multi(), RedisCommands.incr("n")]) }
            #expect(try await client.get("n")?.string == "40")
            #expect(try await Self.calls("exec", client) == 20)
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func sessionChangesHappenOnAConnectionOfTheirOwn(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, _ in
            try await Self.seed(client)
            try await client.withConnection { connection in
                try await connection.select(2)
                try await connection.clientSetname("elsewhere")
                #expect(try await connection.get("key:1") == nil)
                #expect(try await client.get("key:1")?.string == "value:1", "the shared connection stays on database 0")
            }
            #expect(try await client.clientInfo().name == client.name)
            #expect(try await client.clientList().filter { $0.name == "elsewhere" }.isEmpty, "a connection whose session changed is closed, not reused")
            // The handle does not outlive its closure.
            let escaped = try await client.withConnection { $0 }
            await #expect(throws: RedisError.self) { try await escaped.ping() }
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func blockingCommandsNeverStallTheSharedConnection(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, _ in
            try await Self.seed(client)
            // Four consumers on one client take all 100 jobs.
            let consumed = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        var taken: [String] = []
                        while let job = try await client.brpop(["jobs"], timeout: 2) { taken.append(job.value.string) }
                        return taken
                    }
                }
                group.addTask {
                    for index in 0..<100 { _ = try await client.lpush("jobs", ["job-\(index)"]) }
                    return []
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(consumed.sorted() == (0..<100).map { "job-\($0)" }.sorted())

            // BRPOP with no timeout waits for ever on its own connection; the shared one answers,
            // and cancelling the waiting task ends its wait.
            let forever = Task { try await client.brpop(["never"], timeout: 0) }
            try await Task.sleep(for: .milliseconds(200))
            let started = ContinuousClock.now
            #expect(try await Self.everyTaskReadsItsOwnValue(client) == 0)
            #expect(ContinuousClock.now - started < .seconds(10))
            forever.cancel()
            let outcome = await forever.result
            guard case .failure(let error) = outcome, error is CancellationError else {
                Issue.record("the cancelled BRPOP ended with \(outcome)")
                return
            }
            #expect(try await Self.calls("brpop", client) >= 101)
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func streamReadsBlockOnAConnectionOfTheirOwnOnlyWithBlock(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, _ in
            try await Self.seed(client)
            for index in 0..<10 { _ = try await client.xadd("events", id: .autoId, fields: [("n", RedisValue(index))]) }
            // Without BLOCK, XREAD answers at once: 50 tasks read on the shared connection.
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<50 {
                    group.addTask { try await client.xread(count: 100, streams: StreamPositions(key: ["events"], id: ["0"]))?.values.first?.count ?? 0 }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(counts == Array(repeating: 10, count: 50))
            #expect(try await client.clientList().filter { $0.name == client.name }.count == 1, "no connection of its own was opened")
            #expect(try await Self.calls("xread", client) == 50)

            // With BLOCK it waits on a connection of its own, and the shared one keeps answering.
            let waiting = Task { try await client.xread(block: 0, streams: StreamPositions(key: ["quiet"], id: ["$"])) }
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await Self.everyTaskReadsItsOwnValue(client) == 0)
            _ = try await client.xadd("quiet", id: .autoId, fields: [("n", "1")])
            let read = try await waiting.value
            #expect(read?.values.first?.count == 1)
            #expect(try await client.clientList().filter { $0.name == client.name }.count == 2)
        }
    }
}
