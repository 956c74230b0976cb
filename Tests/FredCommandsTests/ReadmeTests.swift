import Foundation
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

    @Test func argumentsSnippet() async throws {
        try await withConnectedClient { client, _ async throws in
            try await client.zadd("board", members: [(12, "ann"), (11, "bob"), (10, "cid")])
            try await client.lpush("session:ann", "x")

            let user = "ann"
            let avatar = Data([0xFF, 0xD8, 0xFF])
            try await client.set("avatar:\(user)", avatar)
            try await client.del("session:\(user)")                                   // one key, or an array
            try await client.lpush("queue", "job-1")                                  // one value, or an array
            try await client.zincrby("board", increment: 2.5, user)
            let page = try await client.zrangebyscore("board", min: .exclusive(10), max: .positiveInfinity,
                                                      limit: Limit(offset: 0, count: 10))
            try await client.xadd("events", trim: StreamTrim(strategy: .maxlen, operator: .approximately, threshold: 1000),
                                  id: .autoId, fields: [("user", user)])
            let picture = try await client.get("avatar:\(user)")?.data                // Data?

            #expect(page.map(\.string) == ["bob", "ann"])
            #expect(picture == avatar)
            #expect(try await client.exists(["session:ann"]) == 0)
            #expect(try await client.lrange("queue", start: 0, stop: -1).map(\.string) == ["job-1"])
            #expect(try await client.zscore("board", "ann") == 14.5)
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

extension ReadmeTests {
    /// "Pipelines, transactions, connections of your own, scripts, pools", as written there.
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func batchesSnippet(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, server async throws in
            _ = try await client.set("user:1:name", "ann")
            _ = try await client.set("balance:{ann}", "25")
            _ = try await client.lpush("jobs", ["job-1"])
            _ = try await client.hset("user:1", fields: [(field: "pref:color", value: "blue"), (field: "age", value: "40")])

            let (name, visits) = try await client.pipeline(.get("user:1:name"), .incr("user:1:visits"))
            let (stored, revenue) = try await client.transaction(.set("order:7", "paid"), .incrby("revenue", increment: 30))
            let paid = try await client.watch(["balance:{ann}"], maxAttempts: 10) { connection in
                let balance = try await connection.get("balance:{ann}")?.int ?? 0
                guard balance >= 10 else { return false }  // nothing committed: the keys are unwatched
                _ = try await connection.transaction(.decrby("balance:{ann}", decrement: 10), .incrby("spent:{ann}", increment: 10))
                return true
            }
            let keysInDatabase2 = try await client.withConnection { connection in
                try await connection.select(2)
                return try await connection.dbsize()
            }
            let job = try await client.brpop(["jobs"], timeout: 5)  // RedisKeyedValue?
            let incrementBy = RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])")
            let hits = try await client.run(incrementBy, keys: ["hits"], arguments: ["5"], as: Int.self)
            var preferences: [String] = []
            for try await entry in client.scanHash("user:1", match: "pref:*") { preferences.append("\(entry.field)=\(entry.value)") }

            #expect(name?.string == "ann" && visits == 1)
            #expect(stored && revenue == 30)
            let balance = try await client.get("balance:{ann}")
            #expect(paid && balance?.int == 15)
            #expect(keysInDatabase2 == 0)
            #expect(job?.value.string == "job-1")
            #expect(hits == 5)
            #expect(preferences == ["pref:color=blue"])

            let pool = try RedisPool(size: 4, config: try RedisConfig(url: server.url))
            try await pool.connect()
            #expect(try await pool.get("user:1:name")?.string == "ann")
            try await pool.quit()
        }
    }

    /// The README's "Publish–subscribe" snippet, on a server and on the mock.
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func pubSubSnippet(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, _ async throws in
            try await Self.pubSub(client)
        }
        try await withMockClient(version) { client in
            try await Self.pubSub(client)
        }
    }

    static func pubSub(_ client: RedisClient) async throws {
        let received = try await client.subscribe(to: ["orders"]) { subscription in
            _ = try await client.publish("orders", "order 7 paid")
            for try await event in subscription {
                switch event {
                case .message(let message): return (message.channel, message.string)
                case .gap: continue
                }
            }
            return ("", "")
        }
        #expect(received == ("orders", "order 7 paid"))
        let pattern = try await client.psubscribe(to: ["user:*"]) { subscription in
            _ = try await client.publish("user:7", "hi")
            return try await subscription.messages.first { _ in true }?.pattern
        }
        #expect(pattern == "user:*")
        let shard = try await client.ssubscribe(to: ["{room:1}:chat"]) { subscription in
            _ = try await client.spublish("{room:1}:chat", "hello")
            return try await subscription.messages.first { _ in true }?.string
        }
        #expect(shard == "hello")
        #expect(try await client.pubsubNumsub(channels: ["orders"])["orders"] == 0)
    }

    /// The TLS, unix socket and credentials snippet, with this run's CA, socket and token.
    @Test func deploymentSnippet() async throws {
        let server = try await RedisTLSServerProcess.start(requireClientCertificate: true)
        defer { Task { await server.stop() } }
        let certificates = server.certificates
        let admin = RedisClient(config: RedisConfig(port: server.server.port))
        try await admin.connect()
        _ = try await admin.send(command: ["ACL", "SETUSER", "app", "on", ">secret", "~*", "+@all"])
        try await admin.quit()
        struct Vault { func currentToken() async throws -> String { "secret" } }
        let vault = Vault()

        var config = try RedisConfig(url: "rediss://app:secret@localhost:\(server.tlsPort)")
        config.tls?.trustRoots = .file(certificates.caFile)                       // the system's by default
        config.tls?.clientCertificate = .init(certificateFile: certificates.client.certificate, privateKeyFile: certificates.client.key)

        var rotating = try RedisConfig(url: "rediss://localhost:\(server.tlsPort)")
        rotating.credentialsProvider = { RedisCredentials(username: "app", password: try await vault.currentToken()) }
        rotating.tls = config.tls

        for config in [config, rotating] {
            let client = RedisClient(config: config)
            try await client.connect()
            #expect(try await client.clientInfo().user == "app")
            try await client.quit()
        }
        #expect(throws: RedisError.self) { try RedisConfig(url: "rediss+unix:///var/run/redis/redis.sock") }
        let local = try RedisConfig(url: "unix:///var/run/redis/redis.sock?db=2")
        #expect(local.server.socketPath == "/var/run/redis/redis.sock" && local.database == 2)
        let sentinel = try RedisConfig(url: "redis-sentinel://app:secret@10.0.0.1:26379,10.0.0.2:26379/0?service=mymaster")
        guard case .sentinel(let settings) = sentinel.server else { Issue.record("not a sentinel configuration"); return }
        #expect(settings.sentinels.count == 2 && settings.serviceName == "mymaster" && sentinel.username == "app")
    }
}
