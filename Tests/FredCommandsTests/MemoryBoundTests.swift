import Foundation
import Fred
import Synchronization
import FredTestSupport
import Testing

extension IsolatedTests {
    /// Scenarios that measure this process's resident memory.
    @Suite(.timeLimit(.minutes(2)))
    struct MemoryBoundTests {
        /// Server down while 200,000 1 KiB SETs are issued against a buffer bound of 10,000: the excess
        /// fails at once with a typed error, memory stays bounded (the 200,000 encoded SETs alone would
        /// take over 400 MiB, their tasks far more), and the buffered commands drain after the restart.
        /// Measured: about 90 MiB at the peak, ≈ 9 KiB per buffered SET: ≈ 2.6 KiB its encoded
        /// command, the rest the suspended task that issued it (67 MiB with 16-byte values).
        @Test func commandsBeyondTheBufferFailAtOnceAndTheRestDrainAfterRestart() async throws {
            try await withRedisServer { server in
                var config = try RedisConfig(url: server.url)
                config.reconnectPolicy = .constant(.milliseconds(20))
                config.maxCommandBufferLength = 10_000
                let client = RedisClient(config: config)
                try await client.connect()
                let value = String(repeating: "v", count: 1024)
                await server.crash()
                try await ReconnectTests.waitUntil(within: .seconds(5)) { client.state == .reconnecting }

                let (growth, outcome) = try await peakMemoryGrowth {
                    // At most 11,000 SETs are alive at once (the 10,000 buffered ones and 1,000 being
                    // issued or refused), as in an application that bounds its own concurrency: the
                    // figure is then the client's memory, not that of 200,000 suspended tasks.
                    let tally = Shared(SetTally())
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for index in 0..<200_000 {
                            if index >= 11_000 { try await group.next() }
                            group.addTask {
                                do {
                                    _ = try await client.set("k\(index)", value)
                                    tally.withLock { $0.stored(at: .now) }
                                } catch RedisError.commandBufferFull(let limit) {
                                    #expect(limit == 10_000)
                                    tally.withLock { $0.refused(at: .now) }
                                }
                            }
                        }
                        // Every SET is issued (the refused ones have failed already): restart.
                        try await ReconnectTests.waitUntil(within: .seconds(30)) {
                            client.waitingCommandCount + tally.withLock(\.refused) == 200_000
                        }
                        try await server.relaunch()
                        try await group.waitForAll()
                    }
                    return tally.withLock { $0 }
                }
                #expect(outcome.stored == 10_000)
                #expect(outcome.refused == 190_000)
                #expect(outcome.refusedFirst, "every refusal came before the first buffered SET was answered")
                #expect(growth < 160 * 1024 * 1024, "resident memory grew by \(growth / 1024 / 1024) MiB")
                print("200,000 SETs against a bound of 10,000: peak resident growth \(growth / 1024 / 1024) MiB")
                #expect(try await client.dbsize() == 10_000)
                try await client.quit()
            }
        }

        /// A value tasks share behind a lock.
        final class Shared<Value: Sendable>: Sendable {
            private let mutex: Mutex<Value>
            init(_ value: Value) { mutex = Mutex(value) }
            func withLock<Result: Sendable>(_ body: (inout sending Value) -> sending Result) -> sending Result {
                mutex.withLock(body)
            }
        }

        /// What became of the SETs: how many were stored and refused, and whether every refusal came
        /// before the first store.
        struct SetTally: Sendable {
            var stored = 0, refused = 0
            var lastRefusal: ContinuousClock.Instant?
            var firstStore: ContinuousClock.Instant?
            var refusedFirst: Bool {
                guard let lastRefusal, let firstStore else { return false }
                return lastRefusal < firstStore
            }

            mutating func stored(at instant: ContinuousClock.Instant) {
                stored += 1
                firstStore = min(firstStore ?? instant, instant)
            }

            mutating func refused(at instant: ContinuousClock.Instant) {
                refused += 1
                lastRefusal = max(lastRefusal ?? instant, instant)
            }
        }

        /// Frames a hostile or broken server could send: each fails the command waiting for a reply
        /// with a typed error, the connection is closed, the client reconnects and the next command
        /// works; memory grows by less than 16 MiB over all of them.
        @Test func hostileFramesFailTypedAndTheNextConnectionWorks() async throws {
            try await withRedisServer { server in
                let proxy = try await RedisFaultProxy.start(to: server.port)
                var config = try RedisConfig(url: proxy.url)
                config.reconnectPolicy = .constant(.milliseconds(20))
                let client = RedisClient(config: config)
                try await client.connect()
                let admin = RedisClient(config: try RedisConfig(url: server.url))
                try await admin.connect()
                let frames: [(name: String, bytes: String)] = [
                    ("aggregate of 2^32-1 elements", "*4294967295\r\n"),
                    ("bulk string of 2^63-1 bytes", "$9223372036854775807\r\n"),
                    ("map of 2^63-1 entries", "%9223372036854775807\r\n"),
                    ("100,000 nested arrays", String(repeating: "*1\r\n", count: 100_000) + ":1\r\n"),
                    ("bulk length -2", "$-2\r\n"),
                    ("array length -7", "*-7\r\n"),
                    ("unknown type byte", "@garbage\r\n"),
                    ("NUL type byte", "\0\r\n"),
                    ("integer beyond 64 bits", ":99999999999999999999\r\n"),
                    ("length beyond 64 bits", "$99999999999999999999\r\n"),
                    ("boolean that is neither", "#x\r\n"),
                    ("double that is no number", ",twelve\r\n"),
                    ("bulk string without its CRLF", "$3\r\nabcXY"),
                ]
                let (growth, _) = try await peakMemoryGrowth {
                    for frame in frames {
                        let outcome = try await Self.injectIntoABlockedCommand(
                            Array(frame.bytes.utf8), client: client, admin: admin, proxy: proxy
                        )
                        guard case .failure(RedisError.protocolViolation) = outcome else {
                            Issue.record("\(frame.name): the waiting command got \(outcome)")
                            continue
                        }
                        #expect(try await client.echo(frame.name).string == frame.name)
                    }
                    // A frame cut short by the server closing the connection.
                    let truncated = try await Self.injectIntoABlockedCommand(
                        Array("$10\r\nabc".utf8), client: client, admin: admin, proxy: proxy, thenDrop: true
                    )
                    #expect(throws: RedisError.connectionClosed(mayHaveRun: true)) { try truncated.get() }
                    #expect(try await client.echo("after truncation").string == "after truncation")

                    // A reply with no request: the connection closes with a typed event.
                    let events = client.events()
                    let id = try await client.clientId()
                    proxy.inject(Array("+OK\r\n".utf8))
                    for await event in events where event != .connected {
                        #expect(event == .disconnected(.protocolViolation("received a reply with no command waiting for one")))
                        break
                    }
                    #expect(try await client.clientId() != id)
                }
                print("hostile frames: peak resident growth \(growth / 1024) KiB")
                #expect(growth < 16 * 1024 * 1024)
                try await admin.quit()
                try await client.quit()
                await proxy.stop()
            }
        }

        /// Starts a `BLPOP` the server holds, injects `bytes` as if they were its reply, and returns
        /// what the caller got.
        static func injectIntoABlockedCommand(
            _ bytes: [UInt8], client: RedisClient, admin: RedisClient, proxy: RedisFaultProxy, thenDrop: Bool = false
        ) async throws -> Result<RESPValue, any Error> {
            // BLPOP runs on a connection of its own; the proxy sends the bytes to every client
            // connection, the idle shared one too. The server may still list earlier BLPOPs (the
            // proxy keeps its side of a connection the client closed): wait for a new one.
            let blockedBefore = Set(try await admin.clientList().filter { $0.lastCommand == "blpop" }.map(\.id))
            let blocked = Task {
                try await RedisClient.withCommandTimeout(.seconds(10)) { try await client.send(command: ["BLPOP", "nothing", "0"]) }
            }
            let deadline = ContinuousClock.now + .seconds(10)
            while try await !admin.clientList().contains(where: {
                $0.lastCommand == "blpop" && $0.flags.contains("b") && !blockedBefore.contains($0.id)
            }), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(2))
            }
            proxy.inject(bytes)
            if thenDrop {
                try await Task.sleep(for: .milliseconds(20))
                proxy.dropClients()
            }
            let result = await blocked.result
            // The shared connection, closed by the same bytes, comes back.
            for _ in 0..<500 {
                if (try? await client.ping()) == "PONG" { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            return result
        }
    }
}
