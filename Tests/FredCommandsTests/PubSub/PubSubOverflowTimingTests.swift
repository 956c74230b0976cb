import Fred
import FredTestSupport
import NIOCore
import Synchronization
import Testing

extension IsolatedTests {
    /// A subscriber far slower than its publisher: its buffer stays bounded, every message is
    /// either received or counted as dropped, and the client's other commands are not slowed.
    @Suite(.timeLimit(.minutes(2))) struct PubSubOverflowTimingTests {
        /// 10,000 × 1 KiB messages to a consumer that sleeps 1 ms per message, buffer 256, RESP2 and
        /// RESP3: received + dropped (from the gaps) = 10,000, memory grows by less than 64 MiB, and
        /// GETs on the same client keep a p99 under 10 ms meanwhile.
        @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
        func aSlowConsumerDropsCountedMessagesAndDelaysNothing(_ version: RESPProtocolVersion) async throws {
            try await withConnectedClient(version) { client, server in
                let publisher = RedisClient(config: try RedisConfig(url: server.url))
                try await publisher.connect()
                _ = try await client.set("k", "v")
                let payload = RedisValue(ByteBuffer(repeating: UInt8(ascii: "m"), count: 1024))
                let options = RedisSubscriptionOptions(bufferSize: 256, overflow: .dropOldest)
                let (growth, (received, dropped, p99)) = try await peakMemoryGrowth {
                    try await client.subscribe(to: ["firehose"], options: options) { subscription in
                        try await withThrowingTaskGroup(of: (Int, Int, Duration)?.self) { group in
                            group.addTask {
                                var received = 0, dropped = 0
                                for try await event in subscription {
                                    switch event {
                                    case .message(let message):
                                        if message.string == "end" { return (received, dropped, .zero) }
                                        received += 1
                                        try await Task.sleep(for: .milliseconds(1))
                                    case .gap(let gap):
                                        if case .overflow(let count) = gap.reason { dropped += count }
                                    }
                                }
                                return nil
                            }
                            group.addTask {
                                try await withThrowingTaskGroup(of: Void.self) { publishers in
                                    for _ in 0..<10 {
                                        publishers.addTask {
                                            for _ in 0..<1000 { _ = try await publisher.publish("firehose", payload) }
                                        }
                                    }
                                    try await publishers.waitForAll()
                                }
                                _ = try await publisher.publish("firehose", "end")
                                return nil
                            }
                            group.addTask {
                                var samples: [Duration] = []
                                for _ in 0..<2000 {
                                    let started = ContinuousClock.now
                                    _ = try await client.get("k")
                                    samples.append(ContinuousClock.now - started)
                                }
                                return (0, 0, samples.sorted()[samples.count * 99 / 100])
                            }
                            var outcome = (0, 0, Duration.zero)
                            for try await result in group {
                                guard let (received, dropped, p99) = result else { continue }
                                if p99 > .zero { outcome.2 = p99 } else { (outcome.0, outcome.1) = (received, dropped) }
                            }
                            return outcome
                        }
                    }
                }
                print("slow subscriber (\(version)): received \(received), dropped \(dropped), GET p99 \(p99), memory growth \(growth >> 20) MiB")
                #expect(received + dropped == 10_000)
                #expect(dropped > 0)
                #expect(received >= 256)
                #expect(p99 < .milliseconds(10))
                #expect(growth < 64 << 20)
                try await publisher.quit()
            }
        }
    }
}
