import Fred
import FredMock
import FredTestSupport
import Testing

/// The README's snippets, kept compiling and true.
@Suite(.timeLimit(.minutes(1))) struct ReadmeTests {
    @Test func usageSnippet() async throws {
        try await withRedisServer(["--requirepass", "secret"]) { server in
            let client = RedisClient(config: try RedisConfig(url: "redis://:secret@127.0.0.1:\(server.port)/0"))
            try await client.connect()

            let written = try await client.set("foo", "bar", expiration: .ex(60), options: .nx)  // Bool
            let value = try await client.get("foo")                                     // RedisValue?
            let counter = try await client.incrby("hits", increment: 10)               // Int
            let ttl = try await client.pttl("foo")                                      // Int
            try await client.quit()

            #expect(written)
            #expect(value?.string == "bar" && value?.bytes == Array("bar".utf8) && value?.int == nil)
            #expect(counter == 10)
            #expect((1...60_000).contains(ttl))
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func typedRepliesSnippet(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, _ async throws in
            try await client.zadd("board", members: [(10, "ann"), (7, "bob")])                 // Int
            let top = try await client.zrangeWithScores("board", "0", "-1", rev: true)         // [RedisScoredMember]
            let id = try await client.xadd("events", id: .autoId, fields: [("kind", "login")])  // String?
            let stream = try await client.xinfoStream("events")                                  // RedisStreamInfo
            let me = try await client.clientInfo()                                               // RedisClientInfo

            #expect(top == [RedisScoredMember(member: "ann", score: 10), RedisScoredMember(member: "bob", score: 7)])
            #expect(stream.length == 1 && stream.lastGeneratedID == id && stream.firstEntry?[field: "kind"] == "login")
            #expect(me.name == client.name && me.protocol == version.rawValue)
        }
    }

    @Test func clusterSnippet() async throws {
        let nodes = try await RedisClusterProcess.start()
        do {
            let ports = nodes.nodes.prefix(2).map(\.port)
            let cluster = try RedisClusterClient(url: "redis://127.0.0.1:\(ports[0]),127.0.0.1:\(ports[1])")
            try await cluster.connect()
            try await cluster.set("user:{42}:name", "ann")
            let names = try await cluster.mget(["user:{42}:name", "user:{7}:name"])   // split by slot
            #expect(names.map { $0?.string } == ["ann", nil])
            try await cluster.quit()
        } catch {
            await nodes.stop()
            throw error
        }
        await nodes.stop()
    }

    @Test func mockSnippet() async throws {
        let server = RedisMockServer()
        let client = RedisClient(config: .mock(server))
        try await client.connect()
        server.clock.freeze()
        try await client.set("k", "v", expiration: .ex(10))
        #expect(try await client.get("k")?.string == "v")
        server.clock.advance(by: .seconds(10))
        let expired = try await client.get("k") == nil
        #expect(expired)
        try await client.quit()
    }

    @Test func mockHandlerAndRecordingSnippet() async throws {
        let server = RedisMockServer()
        server.handle("GET", with: RedisMockHandler { context in
            context.arguments.first == Array("flags".utf8) ? .bulk("dark-mode") : try context.builtIn()
        })
        let recording = server.record()
        let client = RedisClient(config: .mock(server))
        try await client.connect()
        recording.clear()  // the handshake's commands
        #expect(try await client.get("flags")?.string == "dark-mode")
        #expect(try await client.set("visits", "1"))
        #expect(try await client.get("visits")?.string == "1", "other keys fall through to the engine")
        #expect(recording.strings == [["GET", "flags"], ["SET", "visits", "1"], ["GET", "visits"]])
        try await client.quit()
    }
}
