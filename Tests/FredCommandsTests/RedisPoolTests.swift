import Fred
import FredMock
import FredTestSupport
import Testing

/// The round-robin pool: commands spread over its clients in turn, batches stay whole on one,
/// each client reconnects on its own.
@Suite(.timeLimit(.minutes(2))) struct RedisPoolTests {
    @Test func commandsGoToEachClientInTurn() async throws {
        try await withRedisServer { server in
            let pool = try RedisPool(size: 3, config: try RedisConfig(url: server.url))
            try await pool.connect()
            var ids: [Int] = []
            for _ in 0..<6 { ids.append(try await pool.clientId()) }
            #expect(Set(ids).count == 3)
            #expect(Array(ids[3...]) == Array(ids[..<3]))
            try await pool.quit()
        }
        #expect(throws: RedisError.badArgument("a pool needs at least one client, not 0")) {
            try RedisPool(size: 0, config: RedisConfig())
        }
    }

    /// 200 tasks write and read 1 KiB values and run transactions through a pool of 4: every
    /// reply is the caller's own, each transaction ran whole on one connection, and the server ran
    /// every command once.
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func twoHundredTasksThroughAPoolOfFour(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { admin, server async throws in
            var config = try RedisConfig(url: server.url)
            config.protocolVersion = version
            let pool = try RedisPool(size: 4, config: config)
            try await pool.connect()
            let padding = String(repeating: "x", count: 1024)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<200 {
                    group.addTask {
                        for round in 0..<5 {
                            let value = "\(task):\(round):" + padding
                            _ = try await pool.set("pool:\(task)", value)
                            #expect(try await pool.get("pool:\(task)")?.string == value)
                            let (length, echoed) = try await pool.transaction(.rpush("pool:log", [value]), .echo(value))
                            #expect(length >= 1 && echoed.string == value)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let stats = try await admin.info(sections: ["commandstats"])
            #expect(StressAudit.calls(of: "set", in: stats) == 1000)
            #expect(StressAudit.calls(of: "get", in: stats) == 1000)
            #expect(StressAudit.calls(of: "exec", in: stats) == 1000)
            #expect(try await admin.llen("pool:log") == 1000)
            // The admin, the pool's 4 shared connections.
            #expect(try await admin.clientList().count == 5)
            try await pool.quit()
        }
    }

    /// One client's connection killed: that client reconnects on its own (its events say so) and
    /// the pool keeps answering.
    @Test func eachClientReconnectsOnItsOwn() async throws {
        try await withConnectedClient { admin, server async throws in
            let pool = try RedisPool(size: 2, config: try RedisConfig(url: server.url))
            try await pool.connect()
            let events = pool.events()
            let victim = try await pool.clients[1].clientId()
            #expect(try await admin.clientKill(filters: [.id(victim)]) == 1)
            var reconnected: Int?
            for await (client, event) in events {
                if case .connected = event { reconnected = client; break }
            }
            #expect(reconnected == 1)
            for index in 0..<10 { #expect(try await pool.echo("after \(index)").string == "after \(index)") }
            #expect(try await pool.clients[1].clientId() != victim)
            try await pool.quit()
        }
    }

    @Test func aClientThatCannotConnectFailsThePool() async throws {
        var config = RedisConfig(host: "127.0.0.1", port: 1)
        config.reconnectPolicy = nil
        let pool = try RedisPool(size: 3, config: config)
        await #expect(throws: RedisError.self) { try await pool.connect() }
        for client in pool.clients { #expect(client.state != .connected) }
    }

    @Test func aPoolOnTheMock() async throws {
        let server = RedisMockServer()
        let config = try await MockTransport.config(server)
        let pool = try RedisPool(size: 3, config: config)
        try await pool.connect()
        let (stored, count) = try await pool.transaction(.set("k", "v"), .incr("n"))
        #expect(stored && count == 1)
        #expect(try await pool.pipeline((0..<9).map { _ in RedisCommand.incr("n") }) == Array(2...10))
        #expect(try await pool.withConnection { try await $0.get("k")?.string } == "v")
        try await pool.quit()
    }
}
