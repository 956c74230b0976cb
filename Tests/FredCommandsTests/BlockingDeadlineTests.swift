import Fred
import FredTestSupport
import Testing

extension IsolatedTests {
    /// Deadlines of blocking commands, measured against a 500 ms command timeout: alone, so that
    /// a loaded run does not push an ordinary command past it.
    @Suite(.timeLimit(.minutes(1))) struct BlockingDeadlineTests {
        /// A blocking command's own timeout extends the command timeout: `BLPOP … 1` with a 500 ms
        /// command timeout answers nil after 1 s instead of timing out (the server checks blocked
        /// clients' timeouts every 100 ms, so it answers up to that late); `BLPOP … 0` has no deadline;
        /// `withCommandTimeout` still bounds it.
        @Test func theBlockingTimeoutExtendsTheCommandDeadline() async throws {
            try await withConnectedClient { admin, server async throws in
                var config = try RedisConfig(url: server.url)
                config.commandTimeout = .milliseconds(500)
                let client = RedisClient(config: config)
                try await client.connect()
                #expect(RedisCommands.blpop(["q"], timeout: 0.5).blockingTimeout == .milliseconds(500))
                #expect(RedisCommands.xread(block: 400, streams: StreamPositions(key: ["s"], id: ["$"])).blockingTimeout == .milliseconds(400))
                #expect(try await client.blpop(["empty"], timeout: 1) == nil)
                #expect(try await client.xread(block: 1000, streams: StreamPositions(key: ["stream"], id: ["$"])) == nil)
                let pusher = Task {
                    try await Task.sleep(for: .milliseconds(800))
                    _ = try await admin.rpush("later", ["job"])
                }
                #expect(try await client.blpop(["later"], timeout: 0)?.value.string == "job")
                try await pusher.value
                await #expect(throws: RedisError.self) {
                    try await RedisClient.withCommandTimeout(.milliseconds(100)) { try await client.blpop(["empty"], timeout: 5) }
                }
                try await client.quit()
            }
        }
    }
}
