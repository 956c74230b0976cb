import Fred
import FredMock
import FredTestSupport
import Testing

/// Losing the connection: the client comes back with its whole session, commands issued meanwhile
/// wait (up to a bound) and then run, and a policy that gives up says so.
@Suite(.timeLimit(.minutes(1))) struct ReconnectTests {
    static func config(_ server: RedisServerProcess, _ policy: RedisReconnectPolicy? = .constant(.milliseconds(20))) throws -> RedisConfig {
        var config = try RedisConfig(url: server.url + "/3")
        config.reconnectPolicy = policy
        return config
    }

    /// Polls `condition` (a connection's end is noticed on its event loop, a moment later).
    static func waitUntil(within limit: Duration = .seconds(2), _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("the condition did not become true within \(limit)")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func killedConnectionComesBackWithItsSession(_ version: RESPProtocolVersion) async throws {
        try await withRedisServer { server in
            var config = try Self.config(server)
            config.protocolVersion = version
            let client = RedisClient(config: config)
            try await client.connect()
            try await client.set("k", "v")
            let firstID = try await client.clientId()
            let admin = RedisClient(config: try RedisConfig(url: server.url))
            try await admin.connect()
            #expect(try await admin.clientKill(filters: [.id(firstID)]) == 1)
            // The next command waits for the new connection and runs on it; GET is read-only, so
            // even written on the dead connection it is sent again.
            let started = ContinuousClock.now
            #expect(try await client.get("k")?.string == "v")
            // Generous: this suite runs beside the others on two cores (the reconnect policy waits 20 ms).
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(try await client.clientId() != firstID)
            let info = try await client.clientInfo()
            #expect(info.name == client.name && info.database == 3 && info.protocol == version.rawValue)
            #expect(client.state == .connected)
            try await admin.quit()
            try await client.quit()
        }
    }

    @Test func commandsIssuedWhileTheServerIsDownRunAfterItRestarts() async throws {
        try await withRedisServer { server in
            let client = RedisClient(config: try Self.config(server))
            try await client.connect()
            let events = client.events()
            async let restarted: Void = server.restart(after: .milliseconds(300))
            // The server is down now. (Waited for as an event: on a loaded machine a poll of the
            // state can miss the whole window in which the client is reconnecting.)
            for await event in events {
                if case .disconnected = event { break }
            }
            let replies = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<20 {
                    group.addTask { try await client.echo("\(index)").string }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            try await restarted
            #expect(replies == Set((0..<20).map(String.init)))
            #expect(try await client.set("after", "restart"))
            #expect(client.state == .connected)
            try await client.quit()
        }
    }

    @Test func batchIssuedWhileReconnectingWaitsAndRuns() async throws {
        try await withRedisServer { server in
            let client = RedisClient(config: try Self.config(server, .constant(.milliseconds(300))))
            try await client.connect()
            let admin = RedisClient(config: try RedisConfig(url: server.url))
            try await admin.connect()
            _ = try await admin.clientKill(filters: [.id(try await client.clientId())])
            try await Self.waitUntil { client.state == .reconnecting }
            let replies = try await client.execute([RedisCommands.set("b", "1"), RedisCommands.incr("b"), RedisCommands.get("b")])
            #expect(try replies[2].get().decode(as: String.self) == "2")
            try await admin.quit()
            try await client.quit()
        }
    }

    @Test func waitingCommandsAreBounded() async throws {
        try await withRedisServer { server in
            var config = try Self.config(server, .constant(.milliseconds(500)))
            config.maxCommandBufferLength = 3
            let client = RedisClient(config: config)
            try await client.connect()
            let admin = RedisClient(config: try RedisConfig(url: server.url))
            try await admin.connect()
            _ = try await admin.clientKill(filters: [.id(try await client.clientId())])
            try await Self.waitUntil { client.state == .reconnecting }
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        do {
                            return try await client.echo("\(index)").string == "\(index)"
                        } catch RedisError.commandBufferFull(let limit) {
                            return limit == 3  // refused at once, naming the bound
                        } catch {
                            return false
                        }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(!outcomes.contains(false))
            #expect(outcomes.count == 8)
            #expect(try await client.echo("done").string == "done")
            try await admin.quit()
            try await client.quit()
        }
    }

    @Test func policyThatGivesUpFailsTheWaitingCommands() async throws {
        let server = try await RedisServerProcess.start()
        let client = RedisClient(config: try Self.config(server, .constant(.milliseconds(20), maxAttempts: 3)))
        try await client.connect()
        await server.stop()
        try await Self.waitUntil { client.state != .connected }
        do {
            _ = try await client.ping()
            Issue.record("PING succeeded with the server gone")
        } catch RedisError.connectionFailed(let failure) {
            #expect(failure.reason == .gaveUp)
            #expect(failure.detail.contains("after 3 attempts"))
            #expect(failure.detail.contains("refused"), "the last attempt's typed failure: \(failure)")
        }
        #expect(client.state == .disconnected)
    }

    @Test func withoutAPolicyALostConnectionStaysLost() async throws {
        try await withRedisServer { server in
            let client = RedisClient(config: try Self.config(server, nil))
            try await client.connect()
            let admin = RedisClient(config: try RedisConfig(url: server.url))
            try await admin.connect()
            _ = try await admin.clientKill(filters: [.id(try await client.clientId())])
            await #expect(throws: RedisError.self) {
                for _ in 0..<50 {
                    _ = try await client.ping()
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            try await Self.waitUntil { client.state == .disconnected }
            try await admin.quit()
        }
    }

    @Test func quitWhileReconnectingFailsTheWaitingCommands() async throws {
        let server = try await RedisServerProcess.start()
        let client = RedisClient(config: try Self.config(server, .constant(.milliseconds(50))))
        try await client.connect()
        await server.stop()
        try await Self.waitUntil { client.state == .reconnecting }
        let waiting = Task { try await client.ping() }
        try await Task.sleep(for: .milliseconds(50))
        try await client.quit()
        await #expect(throws: RedisError.notConnected) { try await waiting.value }
        #expect(client.state == .closed)
    }
}

@Suite(.timeLimit(.minutes(1))) struct RedisReconnectPolicyTests {
    @Test func backoffsGrowAsNamedAndStopAtTheMaximum() {
        let constant = RedisReconnectPolicy.constant(.milliseconds(100))
        #expect((1...5).map(constant.baseDelay(forAttempt:)) == Array(repeating: .milliseconds(100), count: 5))
        let linear = RedisReconnectPolicy.linear(.milliseconds(100), maxDelay: .milliseconds(350))
        #expect((1...5).map(linear.baseDelay(forAttempt:)) == [.milliseconds(100), .milliseconds(200), .milliseconds(300), .milliseconds(350), .milliseconds(350)])
        let exponential = RedisReconnectPolicy.exponential(.milliseconds(100), maxDelay: .seconds(1))
        #expect((1...6).map(exponential.baseDelay(forAttempt:)) == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
        #expect(exponential.baseDelay(forAttempt: 10_000) == .seconds(1))
    }

    @Test func jitterStaysWithinItsFraction() {
        let policy = RedisReconnectPolicy.exponential(.seconds(1), maxDelay: .seconds(1), jitter: 0.3)
        var generator = SystemRandomNumberGenerator()
        let delays = (0..<1000).map { _ in policy.delay(forAttempt: 1, using: &generator) }
        #expect(delays.allSatisfy { $0 >= .milliseconds(700) && $0 <= .seconds(1) })
        #expect(Set(delays).count > 100, "jitter spreads the attempts")
    }

    @Test func attemptsAreCountedAndZeroMeansForever() {
        #expect(RedisReconnectPolicy.constant(.zero, maxAttempts: 2).allows(attempt: 2))
        #expect(!RedisReconnectPolicy.constant(.zero, maxAttempts: 2).allows(attempt: 3))
        #expect(RedisReconnectPolicy.default.allows(attempt: 1_000_000))
    }

    @Test func badPoliciesAreRejectedAtConnect() async throws {
        var config = try await MockTransport.config(RedisMockServer())
        config.reconnectPolicy = .exponential(.seconds(2), maxDelay: .seconds(1))
        await #expect(throws: RedisError.self) { try await RedisClient(config: config).connect() }
        config.reconnectPolicy = RedisReconnectPolicy(backoff: .constant, delay: .zero, maxDelay: .zero, jitter: 2)
        await #expect(throws: RedisError.self) { try await RedisClient(config: config).connect() }
    }
}

@Suite(.timeLimit(.minutes(1))) struct RedisClientEventTests {
    @Test func eventsTellTheWholeStory() async throws {
        let server = try await RedisServerProcess.start()
        var config = try RedisConfig(url: server.url)
        config.reconnectPolicy = .constant(.milliseconds(30), maxAttempts: 2)
        let client = RedisClient(config: config)
        let events = client.events()
        // A second subscriber paces the test on the same events.
        var pace = client.events().makeAsyncIterator()
        func waitFor(_ wanted: (RedisClientEvent) -> Bool) async {
            while let event = await pace.next(), !wanted(event) {}
        }
        try await client.connect()
        await waitFor { $0 == .connected }
        let admin = RedisClient(config: try RedisConfig(url: server.url))
        try await admin.connect()
        _ = try await admin.clientKill(filters: [.id(try await client.clientId())])
        await waitFor { $0 == .connected }  // back
        await server.stop()
        await waitFor { if case .gaveUp = $0 { return true } else { return false } }
        #expect(client.state == .disconnected)
        try await client.quit()
        var seen: [RedisClientEvent] = []
        for await event in events { seen.append(event) }  // ends after .closed
        // connected, lost, one or more attempts, connected again, lost, attempts 1 and 2, gave up, closed.
        let lost = RedisClientEvent.disconnected(.connectionClosed(mayHaveRun: true))
        guard let back = seen.dropFirst(2).firstIndex(of: .connected) else {
            Issue.record("never reconnected: \(seen)")
            return
        }
        #expect(Array(seen.prefix(2)) == [.connected, lost])
        #expect(seen[2..<back].allSatisfy { if case .reconnecting = $0 { return true } else { return false } } && back > 2)
        let tail = Array(seen[(back + 1)...])
        let attempts = tail.compactMap { event -> Int? in
            if case .reconnecting(let attempt, let delay) = event, delay == .milliseconds(30) { return attempt }
            return nil
        }
        #expect(tail.first == lost, "\(seen)")
        #expect(attempts == [1, 2], "\(seen)")
        #expect(tail.suffix(2).first.map { if case .gaveUp = $0 { return true } else { return false } } == true, "\(seen)")
        #expect(tail.last == .closed, "\(seen)")
        try await admin.quit()
    }
}

@Suite(.timeLimit(.minutes(1))) struct AuthErrorTests {
    /// AUTH and HELLO name the user (`default` when none is given): a server whose default user
    /// needs no password accepts any, so a password it does not need is no error, whatever
    /// `ignoreAuthError` says (that flag only matters for servers older than Redis 6).
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func passwordForAServerThatNeedsNoneIsAccepted(version: RESPProtocolVersion) async throws {
        try await withRedisServer { server in
            var config = try RedisConfig(url: "redis://:unneeded@127.0.0.1:\(server.port)?protocol=\(version.rawValue)")
            for ignoring in [true, false] {
                config.ignoreAuthError = ignoring
                let client = RedisClient(config: config)
                try await client.connect()
                #expect(try await client.ping() == "PONG")
                try await client.quit()
            }
            let admin = RedisClient(config: try RedisConfig(url: server.url))
            try await admin.connect()
            let auth = try await admin.send(command: ["INFO", "commandstats"]).decode(as: String.self)
            // Two-argument AUTH: counted as calls, none failed.
            #expect(version == .resp3 || auth.contains("cmdstat_auth:calls=2,"))
            try await admin.quit()
        }
    }

    /// `RESET`, described as a command the client does not know.
    static func unauthenticate() -> RESPCommand {
        var command = RESPCommand(.custom)
        command.append("RESET")
        return command
    }

    @Test func noAuthReconnectsAndAuthenticatesAgainWhenAsked() async throws {
        try await withRedisServer(["--requirepass", "pw0"]) { server in
            var config = try RedisConfig(url: "redis://:pw0@127.0.0.1:\(server.port)")
            config.reconnectPolicy = .constant(.milliseconds(20))
            config.reconnectOnAuthError = true
            let client = RedisClient(config: config)
            try await client.connect()
            try await client.set("k", "v")
            // The session loses its authentication (as on ElastiCache). RESET is refused on the
            // shared connection, so it goes out as a command no spec describes.
            _ = try await client.execute(Self.unauthenticate())
            #expect(try await client.get("k")?.string == "v")
            try await client.quit()

            config.reconnectOnAuthError = false
            let plain = RedisClient(config: config)
            try await plain.connect()
            _ = try await plain.execute(Self.unauthenticate())
            await #expect(throws: RedisError.server(RedisServerError(message: "NOAUTH Authentication required."))) {
                try await plain.get("k")
            }
            try await plain.quit()
        }
    }
}
