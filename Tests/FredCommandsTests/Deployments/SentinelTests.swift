import Fred
import FredMockDifferential
import FredTestSupport
import Testing

/// Redis Sentinel: a primary, a replica and three sentinels (quorum 2) started for each test.
@Suite(.timeLimit(.minutes(2))) struct SentinelTests {
    /// `INFO commandstats` calls of `command` on `port`.
    static func calls(_ command: String, on port: Int) async throws -> Int {
        let (_, stats) = try await RedisClusterProcess.run("redis-cli", ["-p", String(port), "info", "commandstats"])
        let line = stats.split(whereSeparator: \.isNewline).first { $0.hasPrefix("cmdstat_\(command):calls=") }
        return line.flatMap { Int($0.dropFirst("cmdstat_\(command):calls=".count).prefix { $0.isNumber }) } ?? 0
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func theClientFindsThePrimaryThroughTheSentinels(version: RESPProtocolVersion) async throws {
        let deployment = try await RedisSentinelProcess.start()
        defer { Task { await deployment.stop() } }
        // A sentinel that is down is one answer fewer, not a failure.
        let down = try LoopbackPort.free()
        let url = deployment.url.replacingOccurrences(of: "redis-sentinel://", with: "redis-sentinel://127.0.0.1:\(down),")
            + "&protocol=\(version.rawValue)"
        let config = try RedisConfig(url: url)
        guard case .sentinel(let sentinel) = config.server else { Issue.record("not a sentinel configuration"); return }
        #expect(sentinel.sentinels.count == 4 && sentinel.serviceName == "mymaster")
        let client = RedisClient(config: config)
        try await client.connect()
        for index in 0..<100 { try await client.set("s:\(index)", "\(index)") }
        #expect(try await client.clientInfo().localAddress == "127.0.0.1:\(deployment.primary.port)")
        #expect(try await Self.calls("set", on: deployment.primary.port) == 100)
        try await client.quit()
        // (A Redis 7.0 sentinel refuses GET-PRIMARY-ADDR-BY-NAME, Valkey's alias, and counts no
        // commandstats: that the client found the primary shows it asked the right way.)
    }

    @Test func aServiceNoSentinelKnowsIsATypedFailure() async throws {
        let deployment = try await RedisSentinelProcess.start()
        defer { Task { await deployment.stop() } }
        let config = try RedisConfig(url: deployment.url.replacingOccurrences(of: "service=mymaster", with: "service=nosuch"))
        do {
            try await RedisClient(config: config).connect()
            Issue.record("connected to a service nobody monitors")
        } catch RedisError.connectionFailed(let failure) {
            #expect(failure.reason == .primaryNotFound)
            #expect(failure.detail.contains("does not know the service nosuch"))
        }
    }

    /// The same sentinels fail another service over: its `+promoted-slave` and `+switch-master`
    /// name `other`, and the client stays where it is.
    @Test func anotherServicesSwitchIsIgnored() async throws {
        let deployment = try await RedisSentinelProcess.start(otherService: true)
        defer { Task { await deployment.stop() } }
        let other = try #require(deployment.other)
        let client = RedisClient(config: try RedisConfig(url: deployment.url))
        try await client.connect()
        let id = try await client.clientId()
        let (status, output) = try await RedisClusterProcess.run(
            "redis-cli", ["-p", String(deployment.sentinelPorts[0]), "sentinel", "failover", "other"])
        #expect(status == 0 && output.contains("OK"), "\(output)")
        var switched = false
        for _ in 0..<300 where !switched {
            switched = try await deployment.currentPrimaryPort(of: "other") == other.replica.port
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(switched, "the other service failed over")
        try await Task.sleep(for: .milliseconds(500))  // the announcements have reached the client's watch
        #expect(try await client.clientId() == id, "no reconnect for another service's switch")
        #expect(try await client.clientInfo().localAddress == "127.0.0.1:\(deployment.primary.port)")
        try await client.quit()
    }

    @Test func sentinelURLsAndSwitchAnnouncements() throws {
        let config = try RedisConfig(url: "redis-sentinel://app:pw@h1,h2:26380/3?service=cache&sentinelPassword=spw")
        guard case .sentinel(let sentinel) = config.server else { Issue.record("not a sentinel configuration"); return }
        #expect(sentinel.sentinels == [.init(host: "h1", port: 26379), .init(host: "h2", port: 26380)])
        #expect(sentinel.serviceName == "cache" && sentinel.password == "spw" && sentinel.username == nil)
        #expect(config.username == "app" && config.password == "pw" && config.database == 3)
        #expect(!"\(config)".contains("pw"))
        #expect(throws: RedisError.self) { try RedisConfig(url: "redis-sentinel://h1,h2") }  // no service
        #expect(throws: RedisError.self) { try RedisConfig(url: "redis://h?service=x") }
        #expect(try RedisConfig(url: "rediss-sentinel://h?service=x").tls != nil)
    }
}

