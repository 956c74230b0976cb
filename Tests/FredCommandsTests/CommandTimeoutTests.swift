import Fred
import FredTestSupport
import Testing

extension IsolatedTests {
    /// Per-command timeouts on a real server: the caller gets a typed timeout, the late reply never
    /// reaches anyone else, and nothing is sent twice.
    @Suite(.timeLimit(.minutes(1))) struct CommandTimeoutTests {
        static let debugServer = ["--enable-debug-command", "local"]

        @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
        func pausedServerTimesOutTheCallerAndRunsTheCommandOnce(_ version: RESPProtocolVersion) async throws {
            try await withConnectedClient(version, serverArguments: Self.debugServer) { client, server in
                let admin = RedisClient(config: try RedisConfig(url: server.url))
                try await admin.connect()
                // Once PAUSE has answered, the server holds every other client's commands for 1 s.
                _ = try await admin.send(command: ["CLIENT", "PAUSE", "1000", "ALL"])
                let started = ContinuousClock.now
                do {
                    _ = try await RedisClient.withCommandTimeout(.milliseconds(200)) {
                        try await client.incr("counter")
                    }
                    Issue.record("INCR returned while the server was paused")
                } catch RedisError.timeout {
                    #expect(ContinuousClock.now - started < .milliseconds(700))
                }
                // INCR runs once when the pause ends; its late reply is dropped, and the next command
                // gets its own reply.
                #expect(try await client.get("counter")?.int == 1)
                #expect(try await client.echo("after").string == "after")
                try await admin.quit()
            }
        }

        @Test func configuredTimeoutAppliesToBatches() async throws {
            try await withRedisServer(Self.debugServer) { server in
                var config = try RedisConfig(url: server.url)
                config.commandTimeout = .milliseconds(150)
                let client = RedisClient(config: config)
                try await client.connect()
                let admin = RedisClient(config: try RedisConfig(url: server.url))
                try await admin.connect()
                _ = try await admin.send(command: ["CLIENT", "PAUSE", "500", "ALL"])
                let replies = try await client.execute([RedisCommands.set("a", "1"), RedisCommands.incr("a")])
                for reply in replies {
                    guard case .failure(.timeout) = reply else { Issue.record("expected a timeout, got \(reply)"); continue }
                }
                #expect(try await RedisClient.withCommandTimeout(.seconds(5)) { try await client.get("a")?.int } == 2)
                // both ran once when the pause ended; their late replies were dropped
                try await client.quit()
                try await admin.quit()
            }
        }

        /// Desync oracle: 8 tasks × 2,000 `ECHO <unique>` with random 1–20 ms timeouts while another
        /// client makes the server sleep 50 ms every 200 ms: every reply that arrives is the reply to
        /// its own command.
        @Test func noReplyEverReachesAnotherCaller() async throws {
            try await withConnectedClient(serverArguments: Self.debugServer) { client, server in
                let staller = RedisClient(config: try RedisConfig(url: server.url))
                try await staller.connect()
                let stalls = Task {
                    while !Task.isCancelled {
                        _ = try? await staller.send(command: ["DEBUG", "SLEEP", "0.05"])
                        try? await Task.sleep(for: .milliseconds(200))
                    }
                }
                let (mismatches, timeouts) = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                    for task in 0..<8 {
                        group.addTask {
                            var mismatches = 0, timeouts = 0
                            for index in 0..<2_000 {
                                let message = "\(task)-\(index)"
                                do {
                                    let reply = try await RedisClient.withCommandTimeout(.milliseconds(Int.random(in: 1...20))) {
                                        try await client.echo(message)
                                    }
                                    if reply.string != message { mismatches += 1 }
                                } catch RedisError.timeout {
                                    timeouts += 1
                                }
                            }
                            return (mismatches, timeouts)
                        }
                    }
                    var total = (0, 0)
                    for try await (mismatches, timeouts) in group { total = (total.0 + mismatches, total.1 + timeouts) }
                    return total
                }
                stalls.cancel()
                _ = await stalls.result
                print("desync oracle: 16,000 ECHO, \(timeouts) timed out, \(mismatches) mismatched")
                #expect(mismatches == 0)
                #expect(timeouts > 0, "the stalls should have made some commands time out")
                #expect(try await client.echo("still in step").string == "still in step")
                try await staller.quit()
            }
        }
    }
}
