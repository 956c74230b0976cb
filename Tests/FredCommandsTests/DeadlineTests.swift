import Fred
import FredMock
import FredTestSupport
import Testing

extension IsolatedTests {
    /// The command timeout is a deadline from the call, whatever the command waits for; cancelling
    /// the calling task ends every wait. The bounds are generous (a loaded machine must not fail
    /// them); what they catch is a wait with no end.
    @Suite(.timeLimit(.minutes(2))) struct DeadlineTests {
        /// `body`'s outcome, or nil when it has not ended within `limit` (it is then cancelled).
        static func outcome<T: Sendable>(within limit: Duration, _ body: @escaping @Sendable () async throws -> T) async -> Result<T, any Error>? {
            let task = Task { try await body() }
            let watchdog = Task {
                try? await Task.sleep(for: limit)
                return true
            }
            let result = await withTaskGroup(of: Result<T, any Error>?.self) { group in
                group.addTask { await task.result }
                group.addTask {
                    _ = await watchdog.value
                    return nil
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                watchdog.cancel()
                return first
            }
            task.cancel()
            return result
        }

        static func isTimeout(_ result: Result<RedisValue?, any Error>?) -> Bool {
            guard case .failure(let error) = result, case .timeout = error as? RedisError else { return false }
            return true
        }

        @Test func theCommandTimeoutCoversTheWaitForAReconnection() async throws {
            try await withRedisServer { server in
                var config = try RedisConfig(url: server.url)
                config.reconnectPolicy = .constant(.milliseconds(100))
                config.commandTimeout = .seconds(1)
                let client = RedisClient(config: config)
                try await client.connect()
                _ = try await client.set("k", "v")
                await server.stop()
                let started = ContinuousClock.now
                let result = await Self.outcome(within: .seconds(10)) { try await client.get("k") }
                #expect(Self.isTimeout(result), "got \(String(describing: result))")
                #expect(ContinuousClock.now - started < .seconds(5))
                try? await client.quit()
            }
        }

        @Test func cancellingEndsTheWaitForAReplyAndTheLateReplyReachesNobody() async throws {
            try await withRedisServer { server in
                let client = RedisClient(config: try RedisConfig(url: server.url))
                try await client.connect()
                _ = try await client.set("k", "v")
                server.freeze()
                let waiting = Task { try await client.get("k") }
                try await Task.sleep(for: .milliseconds(200))
                let started = ContinuousClock.now
                waiting.cancel()
                let result = await waiting.result
                #expect(ContinuousClock.now - started < .seconds(3))
                guard case .failure(let error) = result, error is CancellationError else {
                    Issue.record("the cancelled GET ended with \(result)")
                    server.thaw()
                    return
                }
                server.thaw()
                _ = try await client.set("other", "mine")
                #expect(try await client.get("other")?.string == "mine", "the cancelled GET's late reply went to nobody")
                try await client.quit()
            }
        }

        @Test func cancellingEndsTheWaitForAReconnection() async throws {
            try await withRedisServer { server in
                var config = try RedisConfig(url: server.url)
                config.reconnectPolicy = .constant(.milliseconds(100))
                let client = RedisClient(config: config)
                try await client.connect()
                await server.stop()
                let waiting = Task { try await client.get("k") }
                try await Task.sleep(for: .milliseconds(500))
                let started = ContinuousClock.now
                waiting.cancel()
                let result = await Self.outcome(within: .seconds(10)) { await waiting.result }
                #expect(ContinuousClock.now - started < .seconds(3))
                guard case .success(.failure(let error)) = result, error is CancellationError else {
                    Issue.record("the cancelled GET ended with \(String(describing: result))")
                    return
                }
                try? await client.quit()
            }
        }

        @Test func onTheMockACancelledBlockedPopIsNotLeftParked() async throws {
            let server = RedisMockServer()
            try await withMockClient(server: server) { client in
                for attempt in 0..<50 {
                    let blocked = Task { try await client.blpop(["k"], timeout: 0) }
                    if attempt.isMultiple(of: 2) { try await Task.sleep(for: .milliseconds(1)) }
                    blocked.cancel()
                    let result = await Self.outcome(within: .seconds(5)) { await blocked.result }
                    #expect(result != nil, "attempt \(attempt): the cancelled BLPOP never ended")
                }
                for _ in 0..<500 where !server.withStorage({ $0.blockedClientIDs.isEmpty }) {
                    try await Task.sleep(for: .milliseconds(2))
                }
                #expect(server.withStorage { $0.blockedClientIDs.isEmpty }, "a cancelled BLPOP stayed parked")
                _ = try await client.lpush("k", ["job"])
                #expect(try await client.llen("k") == 1, "no parked BLPOP took the job")
            }
        }

        @Test func onTheMockACommandBehindABlockedOneKeepsItsTimeout() async throws {
            try await withMockConnection { connection in
                // Leaving the scope cancels the blocked BLPOP (and waits for it), which must end too.
                async let _ = connection.blpop(["k"], timeout: 0)
                try await Task.sleep(for: .milliseconds(50))
                let result = await Self.outcome(within: .seconds(10)) {
                    try await RedisClient.withCommandTimeout(.milliseconds(300)) { try await connection.get("x") }
                }
                #expect(Self.isTimeout(result), "got \(String(describing: result))")
            }
        }
    
        @Test func quitOnAFrozenServerReturns() async throws {
            try await withRedisServer { server in
                let client = RedisClient(config: try RedisConfig(url: server.url))
                try await client.connect()
                server.freeze()
                defer { server.thaw() }
                let started = ContinuousClock.now
                let result = await Self.outcome(within: .seconds(10)) { try await client.quit() }
                #expect(result != nil, "quit() never returned")
                #expect(ContinuousClock.now - started < .seconds(5))
                #expect(client.state == .closed)
            }
        }

        @Test func quitDuringConnectLeavesNoConnection() async throws {
            try await withRedisServer { server in
                let admin = RedisClient(config: try RedisConfig(url: server.url))
                try await admin.connect()
                var config = try RedisConfig(url: server.url)
                config.connectTimeout = .seconds(30)
                let client = RedisClient(config: config)
                server.freeze()  // the TCP connection is accepted; the handshake waits
                let connecting = Task { try await client.connect() }
                try await Task.sleep(for: .milliseconds(300))
                try await client.quit()
                server.thaw()
                let result = await connecting.result
                guard case .failure = result else {
                    Issue.record("connect() succeeded after quit()")
                    return
                }
                #expect(client.state == .closed)
                var names: [String] = []
                for _ in 0..<100 {
                    names = try await admin.clientList().map(\.name)
                    if !names.contains(client.name) { break }
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(!names.contains(client.name), "the connection opened during connect() is still open")
                try await admin.quit()
            }
        }

        @Test func aDroppedClientIsFreedAndClosesItsConnections() async throws {
            try await withRedisServer { server in
                let admin = RedisClient(config: try RedisConfig(url: server.url))
                try await admin.connect()
                weak var dropped: RedisClient?
                var name = ""
                do {
                    let client = RedisClient(config: try RedisConfig(url: server.url))
                    try await client.connect()
                    _ = try await client.brpop(["nothing"], timeout: 0.01)  // an exclusive connection too
                    name = client.name
                    dropped = client
                }
                var names: [String] = []
                for _ in 0..<150 {
                    names = try await admin.clientList().map(\.name)
                    if dropped == nil && !names.contains(name) { break }
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(dropped == nil, "the client was never freed")
                #expect(!names.contains(name), "its connections stayed open")
                try await admin.quit()
            }
        }
    }
}
