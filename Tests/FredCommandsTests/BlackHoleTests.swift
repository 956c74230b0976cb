import Fred
import FredTestSupport
import Testing

extension IsolatedTests {
    /// A network that silently stops delivering (a fault proxy swallows every byte, with no reset).
    @Suite(.timeLimit(.minutes(1))) struct BlackHoleTests {
        @Test func commandsInFlightTimeOutAndTheDeadConnectionIsReplaced() async throws {
            try await withRedisServer { server in
                let proxy = try await RedisFaultProxy.start(to: server.port)
                var config = try RedisConfig(url: proxy.url)
                // Generous where the test does not measure: the whole suite shares two cores.
                config.deadPeerTimeout = .milliseconds(1500)
                config.connectTimeout = .seconds(3)
                config.reconnectPolicy = .constant(.milliseconds(50))
                let client = RedisClient(config: config)
                try await client.connect()
                try await client.set("k", "v")
                let firstID = try await client.clientId()

                proxy.blackHole()
                let started = ContinuousClock.now
                let timeouts = await timeoutsAmong(100, calls: .milliseconds(300)) { _ = try await client.echo("\($0)") }
                // Every one of the 100 fails with a timeout, soon after the 300 ms timeout (the bound
                // leaves room for a loaded machine).
                #expect(timeouts == 100)
                #expect(ContinuousClock.now - started < .milliseconds(1300))
                // Nothing arrives, so the connection is taken for dead and the client reconnects.
                try await ReconnectTests.waitUntil(within: .seconds(5)) { client.state == .reconnecting }
                proxy.heal()
                try await ReconnectTests.waitUntil(within: .seconds(5)) { client.state == .connected }
                try await RedisClient.withCommandTimeout(.seconds(5)) { () async throws in
                    #expect(try await client.clientId() != firstID)
                    // New callers get their own replies, never a late one.
                    for index in 0..<50 {
                        #expect(try await client.echo("after-\(index)").string == "after-\(index)")
                    }
                    #expect(try await client.get("k")?.string == "v")
                }
                try await client.quit()
                await proxy.stop()
            }
        }
    }

    @Suite(.timeLimit(.minutes(1))) struct HeartbeatTests {
        @Test func idleConnectionsArePingedAndASilentOneIsReplaced() async throws {
            try await withRedisServer { server in
                let proxy = try await RedisFaultProxy.start(to: server.port)
                var config = try RedisConfig(url: proxy.url)
                config.heartbeatInterval = .seconds(1)  // a reply must come within it, even on a loaded machine
                config.reconnectPolicy = .constant(.milliseconds(20))
                let client = RedisClient(config: config)
                try await client.connect()
                let id = try await client.clientId()
                let admin = RedisClient(config: try RedisConfig(url: server.url))
                try await admin.connect()
                // Idle, the client pings: the server's last command from it becomes `ping`.
                try await Task.sleep(for: .milliseconds(2500))
                let clients = try await admin.clientList(ids: [id])
                #expect(clients.first?.lastCommand == "ping")
                // A silent network: the heartbeat goes unanswered and the connection is replaced.
                proxy.blackHole()
                try await ReconnectTests.waitUntil(within: .seconds(5)) { client.state == .reconnecting }
                proxy.heal()
                try await ReconnectTests.waitUntil(within: .seconds(5)) { client.state == .connected }
                #expect(try await client.clientId() != id)
                try await admin.quit()
                try await client.quit()
                await proxy.stop()
            }
        }
    }

    @Suite(.timeLimit(.minutes(1))) struct HandshakeStallTests {
        /// The first connection's handshake stalls past the connect timeout: that connection is closed,
        /// never used, and the next attempt works.
        @Test func stalledFirstHandshakeIsAbandonedAndTheNextConnectWorks() async throws {
            try await withRedisServer { server in
                let proxy = try await RedisFaultProxy.start(to: server.port)
                var config = try RedisConfig(url: proxy.url)
                config.connectTimeout = .seconds(1)
                let client = RedisClient(config: config)
                proxy.blackHole()
                await #expect(throws: RedisError.timeout("the server did not complete the handshake within 1.0 seconds")) {
                    try await client.connect()
                }
                #expect(client.state == .disconnected)
                await #expect(throws: RedisError.notConnected) { try await client.ping() }
                proxy.heal()
                try await client.connect()
                #expect(try await client.ping() == "PONG")
                // Only the second connection reached the server as a named client.
                let named = try await client.clientList().filter { $0.name == client.name }
                #expect(named.count == 1)
                try await client.quit()
                await proxy.stop()
            }
        }
    }
}
