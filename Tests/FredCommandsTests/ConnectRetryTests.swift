import Foundation
import Fred
import NIOConcurrencyHelpers
import FredTestSupport
import Testing

/// `connect()` against a server that is not there yet: fail-fast by default, retries per the
/// reconnect policy with `failFast` off, and what a normal connect logs.
@Suite(.timeLimit(.minutes(2))) struct ConnectRetryTests {
    /// A unix socket path that no server listens on until ``start()``. Unlike the port of a
    /// stopped server, no other test running meanwhile can take it.
    final class DownServer: Sendable {
        let path: String
        private let started = NIOLockedValueBox<[RedisServerProcess]>([])

        init(path: String) { self.path = path }

        var url: String { "unix://\(path)" }

        /// Starts a server on the socket (and a loopback port of its own).
        func start(_ arguments: [String] = []) async throws {
            let server = try await RedisServerProcess.start(["--unixsocket", path, "--unixsocketperm", "700"] + arguments)
            started.withLockedValue { $0.append(server) }
        }

        func stop() async {
            for server in started.withLockedValue({ $0 }) { await server.stop() }
        }
    }

    static func withDownServer(_ body: (DownServer) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fred-down-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = DownServer(path: folder.appendingPathComponent("redis.sock").path)
        do {
            try await body(server)
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    /// The events of `client` until `count` have arrived or one is `.connected`.
    static func collect(_ client: RedisClient, _ count: Int) -> Task<[RedisClientEvent], Never> {
        let events = client.events()
        return Task {
            var seen: [RedisClientEvent] = []
            for await event in events {
                seen.append(event)
                if seen.count == count || event == .connected { break }
            }
            return seen
        }
    }

    @Test func byDefaultTheFirstFailureIsThrownAtOnce() async throws {
        try await Self.withDownServer { server in
            let client = RedisClient(config: try RedisConfig(url: server.url))
            let started = ContinuousClock.now
            do {
                try await client.connect()
                Issue.record("connected to a server that is down")
            } catch RedisError.connectionFailed(let failure) {
                #expect(failure.reason == .refused)
            }
            #expect(ContinuousClock.now - started < .seconds(5), "no retry, no backoff")
            #expect(client.state == .disconnected)
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func withFailFastOffConnectWaitsForTheServer(version: RESPProtocolVersion) async throws {
        try await Self.withDownServer { server in
            var config = try RedisConfig(url: server.url)
            config.protocolVersion = version
            config.failFast = false
            config.reconnectPolicy = .constant(.milliseconds(50))
            let client = RedisClient(config: config)
            let events = Self.collect(client, 1000)
            let connecting = Task { try await client.connect() }
            defer { connecting.cancel() }
            try await Task.sleep(for: .milliseconds(400))
            #expect(client.state == .connecting)
            try await server.start()
            try await connecting.value
            #expect(client.state == .connected)
            try await client.set("k", "v")
            #expect(try await client.get("k")?.string == "v")
            // What the server saw: one connection, named as the client.
            let names = try await client.clientList().map(\.name)
            #expect(names.filter { $0 == client.name }.count == 1)
            // However many retries the machine's load allowed before the server came up: each
            // was announced, numbered in order, and then the client connected.
            let seen = await events.value
            #expect(seen.count >= 2 && seen.last == .connected, "\(seen)")
            for (index, event) in seen.dropLast().enumerated() {
                guard case .reconnecting(let attempt, let delay) = event else {
                    Issue.record("\(event) before connecting")
                    continue
                }
                #expect(attempt == index + 1 && delay == .milliseconds(50))
            }
            try await client.quit()
        }
    }

    @Test func thePolicyGivingUpThrowsTheLastFailure() async throws {
        try await Self.withDownServer { server in
            var config = try RedisConfig(url: server.url)
            config.failFast = false
            config.reconnectPolicy = .constant(.milliseconds(20), maxAttempts: 3)
            let client = RedisClient(config: config)
            let events = Self.collect(client, 3)
            do {
                try await client.connect()
                Issue.record("connected to a server that is down")
            } catch RedisError.connectionFailed(let failure) {
                #expect(failure.reason == .refused)
            }
            let seen = await events.value
            #expect(seen == [
                .reconnecting(attempt: 1, delay: .milliseconds(20)), .reconnecting(attempt: 2, delay: .milliseconds(20)),
                .reconnecting(attempt: 3, delay: .milliseconds(20)),
            ])
            #expect(client.state == .disconnected)
            // The client can still be connected later.
            try await server.start()
            try await client.connect()
            #expect(try await client.ping() == "PONG")
            try await client.quit()
        }
    }

    @Test func wrongCredentialsAreNotRetried() async throws {
        try await withRedisServer(["--requirepass", "right"]) { server in
            var config = try RedisConfig(url: server.url)
            config.password = "wrong"
            config.failFast = false
            config.reconnectPolicy = .constant(.milliseconds(20))
            let client = RedisClient(config: config)
            await #expect {
                try await client.connect()
            } throws: { error in
                guard case RedisError.server(let refusal) = error else { return false }
                return refusal.kind == .wrongPass
            }
            #expect(client.state == .disconnected)
        }
    }

    @Test func cancellingTheTaskOrQuittingStopsTheRetries() async throws {
        try await Self.withDownServer { server in
            var config = try RedisConfig(url: server.url)
            config.failFast = false
            config.reconnectPolicy = .constant(.milliseconds(20))
            let cancelled = RedisClient(config: config)
            let connecting = Task { try await cancelled.connect() }
            try await Task.sleep(for: .milliseconds(200))
            connecting.cancel()
            await #expect(throws: CancellationError.self) { try await connecting.value }
            #expect(cancelled.state == .disconnected)

            let quitting = RedisClient(config: config)
            let connectingAgain = Task { try await quitting.connect() }
            try await Task.sleep(for: .milliseconds(200))
            try await quitting.quit()
            await #expect(throws: RedisError.self) { try await connectingAgain.value }
            #expect(quitting.state == .closed)
            // The server comes back: the closed client did not connect behind the user's back.
            try await server.start()
            try await Task.sleep(for: .milliseconds(200))
            #expect(quitting.state == .closed)
        }
    }

    /// A client's connect and quit write nothing at info level or above: an app's logs (and a
    /// test run's output) stay quiet; a failure to connect is still a warning.
    @Test func connectingAndClosingLogAtDebug() async throws {
        try await Self.withDownServer { server in
            let recorder = LogRecorder()
            try await server.start()
            let client = RedisClient(config: try RedisConfig(url: server.url), logger: recorder.logger(level: .trace))
            try await client.connect()
            try await client.quit()
            let lines = recorder.recorded
            #expect(lines.contains { $0.hasPrefix("debug connected") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("debug closed") }, "\(lines)")
            #expect(lines.allSatisfy { $0.hasPrefix("debug") || $0.hasPrefix("trace") }, "\(lines)")

            let failing = RedisClient(config: try RedisConfig(url: server.url + ".nobody"), logger: recorder.logger(level: .trace))
            await #expect(throws: RedisError.self) { try await failing.connect() }
            #expect(recorder.recorded.contains { $0.hasPrefix("warning connecting failed") })
        }
    }
}
