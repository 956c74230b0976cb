import Fred
import FredTestSupport
import Testing

extension IsolatedTests {
    /// Fault scenarios from the resilience issue, on real servers the tests start and control.
    @Suite(.timeLimit(.minutes(1))) struct FaultInjectionTests {
        /// Kill the connection mid-pipeline while 8 tasks push 10,000 unique ids to a list: every call
        /// completes soon after the kill, every acknowledged id is in the list exactly once, and a
        /// failed call says whether it may have run.
        @Test func killMidPipelineLosesNothingAcknowledgedAndDuplicatesNothing() async throws {
            try await withRedisServer { server in
                var config = try RedisConfig(url: server.url)
                config.reconnectPolicy = .constant(.milliseconds(10))
                let client = RedisClient(config: config)
                try await client.connect()
                let admin = RedisClient(config: try RedisConfig(url: server.url))
                try await admin.connect()

                let clientID = try await client.clientId()
                let killer = Task {
                    // Kill once a fifth of the ids are in: the pushes are in full flow then.
                    let deadline = ContinuousClock.now + .seconds(10)
                    while try await admin.send(command: ["LLEN", "ids"]).decode(as: Int.self) < 2000, ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(1))
                    }
                    let id = clientID
                    _ = try await admin.clientKill(filters: [.id(id)])
                    return ContinuousClock.now
                }
                let outcomes = try await withThrowingTaskGroup(of: [(Int, Result<Void, RedisError>, ContinuousClock.Instant)].self) { group in
                    for task in 0..<8 {
                        group.addTask {
                            var outcomes: [(Int, Result<Void, RedisError>, ContinuousClock.Instant)] = []
                            for index in 0..<1250 {
                                let id = task * 1250 + index
                                do {
                                    _ = try await client.send(command: ["RPUSH", "ids", String(id)])
                                    outcomes.append((id, .success(()), .now))
                                } catch let error as RedisError {
                                    outcomes.append((id, .failure(error), .now))
                                }
                            }
                            return outcomes
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                let killedAt = try await killer.value
                let stored = try await client.send(command: ["LRANGE", "ids", "0", "-1"]).decode(as: [String].self).compactMap(Int.init)
                var counts: [Int: Int] = [:]
                for id in stored { counts[id, default: 0] += 1 }

                #expect(outcomes.count == 10_000)
                #expect(outcomes.contains { $0.2 > killedAt }, "the kill came while ids were still being pushed")
                #expect(try await client.clientId() != clientID)
                for (id, result, finishedAt) in outcomes {
                    switch result {
                    case .success:
                        #expect(counts[id] == 1, "acknowledged id \(id) is stored \(counts[id] ?? 0) times")
                    case .failure(.connectionClosed(let mayHaveRun)):
                        if !mayHaveRun { #expect(counts[id] == nil, "id \(id) said it did not run") }
                        #expect(finishedAt < killedAt + .seconds(2))
                    case .failure(let error):
                        Issue.record("id \(id) failed with \(error)")
                    }
                }
                #expect(counts.values.allSatisfy { $0 == 1 }, "no id is stored twice")
                try await admin.quit()
                try await client.quit()
            }
        }

        /// Server restart with a dataset large enough that it answers LOADING for a while: the client
        /// comes back by itself and LOADING is retried, not surfaced.
        @Test func restartWithALargeDatasetRetriesLoading() async throws {
            try await withRedisServer(["--enable-debug-command", "local"]) { server in
                var config = try RedisConfig(url: server.url)
                config.reconnectPolicy = .constant(.milliseconds(10))
                let client = RedisClient(config: config)
                try await client.connect()
                _ = try await RedisClient.withCommandTimeout(.seconds(60)) {
                    try await client.send(command: ["DEBUG", "POPULATE", "1500000"])
                }
                try await client.set("marker", "kept")
                _ = try await RedisClient.withCommandTimeout(.seconds(60)) { try await client.send(command: ["SAVE"]) }

                let events = client.events()
                async let restarted: Void = server.restart()
                for await event in events where event != .connected { break }  // the connection is lost
                // Issued while the server is down or loading: waits, then gets its answer.
                let value = try await client.get("marker")
                try await restarted
                #expect(value?.string == "kept")
                #expect(try await client.dbsize() == 1_500_001)
                try await client.quit()
            }
        }

        /// The server frozen (SIGSTOP) for a while: no call hangs, writes time out, and none runs twice.
        @Test func frozenServerTimesWritesOutAndRunsEachOnce() async throws {
            try await withRedisServer { server in
                let client = RedisClient(config: try RedisConfig(url: server.url))
                try await client.connect()
                server.freeze()
                let started = ContinuousClock.now
                let timeouts = await timeoutsAmong(20, calls: .milliseconds(300)) { _ in _ = try await client.incr("n") }
                #expect(timeouts == 20, "every INCR times out while the server is frozen")
                #expect(ContinuousClock.now - started < .seconds(2))
                try await Task.sleep(for: .milliseconds(200))
                server.thaw()
                // Each INCR ran exactly once when the server woke; the late replies were dropped.
                #expect(try await client.get("n")?.int == 20)
                #expect(try await client.echo("awake").string == "awake")
                try await client.quit()
            }
        }

        /// A write held by the server (`CLIENT PAUSE … WRITE`) when its connection is killed: the server
        /// drops it, so it never ran. Resending written writes is a choice of the configuration, which
        /// one call can override.
        @Test(arguments: [(false, nil), (true, nil), (false, true), (true, false)] as [(Bool, Bool?)])
        func writtenWriteIsResentOnlyWhenConfigured(_ configured: Bool, _ override: Bool?) async throws {
            let retry = override ?? configured
            try await withRedisServer { server in
                var config = try RedisConfig(url: server.url)
                config.reconnectPolicy = .constant(.milliseconds(20))
                config.retryWrittenWrites = configured
                let client = RedisClient(config: config)
                try await client.connect()
                let id = try await client.clientId()
                let admin = RedisClient(config: try RedisConfig(url: server.url))
                try await admin.connect()
                _ = try await admin.send(command: ["CLIENT", "PAUSE", "10000", "WRITE"])
                let incr = Task {
                    guard let override else { return try await client.incr("n") }
                    return try await RedisClient.withWrittenWriteRetries(override) { try await client.incr("n") }
                }
                // Wait until the server holds the INCR: the client shows as blocked (`flags=b`).
                let holdDeadline = ContinuousClock.now + .seconds(5)
                while try await admin.clientList(ids: [id]).first?.flags.contains("b") != true {
                    guard ContinuousClock.now < holdDeadline else {
                        Issue.record("the server never held the INCR")
                        return
                    }
                    try await Task.sleep(for: .milliseconds(5))
                }
                _ = try await admin.clientKill(filters: [.id(id)])
                if retry {
                    try await ReconnectTests.waitUntil(within: .seconds(5)) { client.state == .connected }
                    try await Task.sleep(for: .milliseconds(100))  // the resent INCR waits in the pause
                }
                _ = try await admin.send(command: ["CLIENT", "UNPAUSE"])
                let outcome = await incr.result
                if retry {
                    #expect((try? outcome.get()) == 1)
                    #expect(try await client.get("n")?.int == 1)
                } else {
                    #expect(throws: RedisError.connectionClosed(mayHaveRun: true)) { try outcome.get() }
                    #expect(try await client.get("n") == nil)  // the killed client's INCR never ran
                }
                try await admin.quit()
                try await client.quit()
            }
        }

        /// 50 clients lose a server that comes back accepting only 10 connections, then all of them:
        /// the attempts are spread by jitter, and every client is back within the maximum delay and a
        /// second of the limit being lifted.
        @Test func reconnectsUnderMaxclientsAreSpreadAndAllComeBack() async throws {
            try await withRedisServer { server in
                var config = try RedisConfig(url: server.url)
                config.reconnectPolicy = .exponential(.milliseconds(50), maxDelay: .milliseconds(400), jitter: 0.5)
                var clients: [RedisClient] = []
                var streams: [AsyncStream<RedisClientEvent>] = []
                for _ in 0..<50 {
                    let client = RedisClient(config: config)
                    streams.append(client.events())
                    try await client.connect()
                    clients.append(client)
                }
                try await server.restart(with: ["--maxclients", "10"])
                try await Task.sleep(for: .seconds(1))
                let lifted = ContinuousClock.now
                try await server.restart()
                for client in clients {
                    try await ReconnectTests.waitUntil(within: .seconds(5)) { client.state == .connected }
                }
                #expect(ContinuousClock.now - lifted < .milliseconds(400) + .seconds(1) + .milliseconds(500))
                for client in clients { #expect(try await client.ping() == "PONG") }
                for client in clients { try await client.quit() }
                // Jitter: the clients did not all wait the same time before their first attempt.
                var firstDelays: Set<Duration> = []
                for stream in streams {
                    for await event in stream {
                        if case .reconnecting(1, let delay) = event { firstDelays.insert(delay); break }
                    }
                }
                #expect(firstDelays.count > 25, "first reconnect delays: \(firstDelays.count) distinct of 50")
            }
        }

        /// A frozen server stops reading: commands past the in-flight bound fail at once instead of
        /// piling up, and the others complete once it runs again.
        @Test func commandsBeyondTheInFlightBoundFailAtOnce() async throws {
            try await withRedisServer { server in
                var config = try RedisConfig(url: server.url)
                config.maxCommandsInFlight = 500
                let client = RedisClient(config: config)
                try await client.connect()
                server.freeze()
                let refusals = Counter()
                let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<1_500 {
                        group.addTask {
                            do {
                                return try await client.echo("\(index)").string == "\(index)"
                            } catch RedisError.commandBufferFull(let limit) {
                                #expect(limit == 500)
                                await refusals.increment()
                                return false
                            }
                        }
                    }
                    // All but 500 are refused while the server is still frozen.
                    let deadline = ContinuousClock.now + .seconds(20)
                    while await refusals.value < 1_000, ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(5))
                    }
                    #expect(await refusals.value == 1_000)
                    server.thaw()
                    return try await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                #expect(outcomes.filter { $0 }.count == 500)
                #expect(outcomes.filter { !$0 }.count == 1_000)
                try await client.quit()
            }
        }

        /// A frozen server stops reading, so the socket backs up and the channel turns unwritable:
        /// commands issued then wait in the client and all leave, in order, once the server reads again.
        @Test func commandsQueuedBehindABackedUpSocketAllArriveAfterItDrains() async throws {
            try await withRedisServer { server in
                let client = RedisClient(config: try RedisConfig(url: server.url))
                try await client.connect()
                server.freeze()
                let large = [UInt8](repeating: 0x61, count: 1 << 20)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<32 {
                        group.addTask {
                            let stored = try await client.set("large\(index)", large)
                            #expect(stored)
                        }
                    }
                    try await Task.sleep(for: .milliseconds(300))  // 32 MiB fill the socket's buffers
                    for index in 0..<5_000 {
                        group.addTask {
                            let stored = try await client.set("small\(index)", index)
                            #expect(stored)
                        }
                    }
                    try await Task.sleep(for: .milliseconds(300))
                    server.thaw()
                    try await group.waitForAll()
                }
                #expect(try await client.dbsize() == 5_032)
                #expect(try await client.get("small4999")?.int == 4_999)
                #expect(try await client.strlen("large31") == 1 << 20)
                try await client.quit()
            }
        }
    }

    /// A count shared by concurrent tasks.
    actor Counter {
        private(set) var value = 0
        func increment() { value += 1 }
    }
}
