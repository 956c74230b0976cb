import Fred
import FredTestSupport
import Testing

/// The credential provider against a real server's ACL: rotation, refusal with backoff, a deleted
/// user, and the password kept out of every log line, error and description.
@Suite(.timeLimit(.minutes(2))) struct CredentialTests {
    /// What the provider hands out, and how often it was asked.
    actor Secret {
        private(set) var password: String
        private(set) var calls = 0
        init(_ password: String) { self.password = password }
        func set(_ password: String) { self.password = password }
        func next() -> RedisCredentials {
            calls += 1
            return RedisCredentials(username: "app", password: password)
        }
    }

    static func admin(_ server: RedisServerProcess) async throws -> RedisClient {
        let admin = RedisClient(config: try RedisConfig(url: server.url))
        try await admin.connect()
        return admin
    }

    /// `field` (`calls`, `failed_calls`) of HELLO and AUTH together, from `INFO commandstats`
    /// (Redis 7.0 has no counter of refused authentications of its own).
    static func authentications(_ admin: RedisClient, _ field: String) async throws -> Int {
        let stats = try await admin.info(sections: ["commandstats"])
        var total = 0
        for line in stats.split(whereSeparator: \.isNewline) where line.hasPrefix("cmdstat_hello:") || line.hasPrefix("cmdstat_auth:") {
            for pair in line.split(separator: ":")[1].split(separator: ",") where pair.hasPrefix("\(field)=") {
                total += Int(pair.dropFirst(field.count + 1)) ?? 0
            }
        }
        return total
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func aRotatedPasswordIsPickedUpOnReconnect(version: RESPProtocolVersion) async throws {
        try await withRedisServer { server in
            let admin = try await Self.admin(server)
            _ = try await admin.send(command: ["ACL", "SETUSER", "app", "on", ">first-secret", "~*", "&*", "+@all"])
            let secret = Secret("first-secret")
            var config = try RedisConfig(url: server.url)
            config.protocolVersion = version
            config.credentialsProvider = { await secret.next() }
            config.reconnectPolicy = .constant(.milliseconds(20))
            let client = RedisClient(config: config)
            try await client.connect()
            try await client.set("k", "before")
            #expect(try await client.clientInfo().user == "app")

            _ = try await admin.send(command: ["ACL", "SETUSER", "app", "resetpass", ">second-secret"])
            await secret.set("second-secret")
            _ = try await admin.send(command: ["CLIENT", "KILL", "USER", "app"])
            #expect(try await client.get("k")?.string == "before")
            #expect(try await client.clientInfo().user == "app")
            #expect(await secret.calls == 2, "asked once per connect")
            #expect(try await Self.authentications(admin, "failed_calls") == 0, "the new secret was sent at once")
            try await client.quit()
            try await admin.quit()
        }
    }

    @Test func aWrongPasswordIsTypedAndRetriedWithBackoffAndADeletedUserIsSurfaced() async throws {
        try await withRedisServer { server in
            let admin = try await Self.admin(server)
            _ = try await admin.send(command: ["ACL", "SETUSER", "app", "on", ">right", "~*", "&*", "+@all"])
            let logs = LogRecorder()
            var config = try RedisConfig(url: server.url)
            config.username = "app"
            config.password = "wrong-password-value"
            let wrong = RedisClient(config: config, logger: logs.logger())
            do {
                try await wrong.connect()
                Issue.record("connected with a wrong password")
            } catch RedisError.server(let error) {
                #expect(error.kind == .wrongPass)
            }

            config.password = "right"
            let client = RedisClient(config: config, logger: logs.logger())  // the default policy
            try await client.connect()
            _ = try await admin.send(command: ["ACL", "SETUSER", "app", "resetpass", ">changed-elsewhere"])
            _ = try await admin.send(command: ["CLIENT", "KILL", "USER", "app"])
            let deniedBefore = try await Self.authentications(admin, "failed_calls")
            let started = ContinuousClock.now
            do {
                _ = try await client.ping()
                Issue.record("PING succeeded with a revoked password")
            } catch RedisError.server(let error) {
                #expect(error.kind == .wrongPass, "the waiting command learns why at once")
            }
            #expect(ContinuousClock.now - started < .seconds(10), "not after every attempt of the policy")
            // Backoff, not a storm: 100 ms doubling to 10 s leaves a handful of attempts in 3 s.
            try await Task.sleep(for: .seconds(3))
            let attempts = try await Self.authentications(admin, "failed_calls") - deniedBefore
            #expect((1...8).contains(attempts), "\(attempts) refused attempts in 3 s")

            _ = try await admin.send(command: ["ACL", "DELUSER", "app"])
            do {
                _ = try await client.ping()
                Issue.record("PING succeeded for a deleted user")
            } catch RedisError.server(let error) {
                #expect(error.kind == .wrongPass)
            }
            #expect(client.state == .reconnecting)
            try await client.quit()
            try await admin.quit()
            for line in logs.recorded {
                #expect(!line.contains("wrong-password-value") && !line.contains("right ") && !line.contains("changed-elsewhere"), "\(line)")
            }
        }
    }

    @Test func aProviderThatThrowsFailsTheConnect() async throws {
        struct Vault: Error {}
        try await withRedisServer { server in
            var config = try RedisConfig(url: server.url)
            config.credentialsProvider = { throw Vault() }
            await #expect(throws: Vault.self) { try await RedisClient(config: config).connect() }
        }
    }

    /// Through wrong passwords, a rotation, a reconnect, a TLS failure and bad URLs, with trace
    /// logging on, the password appears nowhere: logs, errors, descriptions.
    @Test func thePasswordNeverAppears() async throws {
        let password = "pa55-Secret-Value-42"
        let logs = LogRecorder()
        var seen: [String] = []
        try await withRedisServer(["--requirepass", password]) { server in
            var config = try RedisConfig(url: "redis://:\(password)@127.0.0.1:\(server.port)")
            config.reconnectPolicy = .constant(.milliseconds(20))
            seen += ["\(config)", String(reflecting: config)]
            var dumped = ""
            dump(config, to: &dumped)
            seen.append(dumped)
            let client = RedisClient(config: config, logger: logs.logger())
            try await client.connect()
            _ = try? await client.send(command: ["CLIENT", "KILL", "TYPE", "normal", "SKIPME", "no"])
            #expect(try await client.ping() == "PONG")  // after a reconnect
            try await client.quit()

            var wrong = config
            wrong.password = password + "-wrong"
            do { try await RedisClient(config: wrong, logger: logs.logger()).connect() } catch { seen += ["\(error)", String(reflecting: error)] }
            var provided = config
            provided.password = nil
            provided.credentialsProvider = { RedisCredentials(password: password) }
            seen.append("\(provided)")
            let viaProvider = RedisClient(config: provided, logger: logs.logger())
            try await viaProvider.connect()
            try await viaProvider.quit()
        }
        let tls = try await RedisTLSServerProcess.start()
        var tlsConfig = RedisConfig(host: "localhost", port: tls.tlsPort, password: password)
        tlsConfig.tls = RedisTLS(trustRoots: .file(tls.certificates.otherCAFile), honorsEnvironment: false)
        do { try await RedisClient(config: tlsConfig, logger: logs.logger()).connect() } catch { seen += ["\(error)", "\(tlsConfig)"] }
        await tls.stop()
        for url in ["redis://:\(password)@host:99999", "redis://:\(password)@host/x", "redis://u:\(password)@host?x=1", "rediss+unix://:\(password)@/tmp/s"] {
            do { _ = try RedisConfig(url: url) } catch { seen.append("\(error)") }
        }
        seen += ["\(RedisCredentials(username: "u", password: password))"]
        let sentinel = try RedisConfig(url: "redis-sentinel://:\(password)@h1,h2?service=m&sentinelPassword=\(password)")
        var dumpedSentinel = ""
        dump(sentinel, to: &dumpedSentinel)
        seen += ["\(sentinel)", String(reflecting: sentinel), dumpedSentinel]
        #expect(dumpedSentinel.contains("***"))
        #expect(logs.recorded.count > 10, "trace logging was on")
        for text in seen + logs.recorded {
            #expect(!text.contains(password), "\(text)")
        }
    }
}
