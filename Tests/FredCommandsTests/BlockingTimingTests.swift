import Fred
import FredTestSupport
import Testing

extension IsolatedTests {
    /// Blocking commands run on connections of their own: cancelling one returns at once, and tasks
    /// blocked for ever do not slow the shared connection's commands.
    @Suite(.timeLimit(.minutes(2))) struct BlockingTimingTests {
        static func percentile(_ samples: [Duration], _ fraction: Double) -> Duration {
            let sorted = samples.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
        }

        /// `BLPOP 30` cancelled 20 times: the median return is within 50 ms.
        @Test func cancellingABlockingPopReturnsWithinFiftyMilliseconds() async throws {
            try await withConnectedClient { client, _ async throws in
                var took: [Duration] = []
                for _ in 0..<20 {
                    let blocked = Task { try await client.blpop(["never"], timeout: 30) }
                    try await Task.sleep(for: .milliseconds(50))
                    let cancelled = ContinuousClock.now
                    blocked.cancel()
                    _ = try? await blocked.value
                    took.append(ContinuousClock.now - cancelled)
                }
                let median = Self.percentile(took, 0.5), worst = Self.percentile(took, 1)
                print("BLPOP 30 cancelled: median \(median), max \(worst)")
                #expect(median < .milliseconds(50))
                #expect(worst < .milliseconds(500))
            }
        }

        /// 2,000 GETs one after another, alone and then beside 10 tasks blocked in `BLPOP 0`: the
        /// p99 latency does not grow (within noise).
        @Test func blockedTasksDoNotDelayOtherCommands() async throws {
            try await withConnectedClient { client, _ async throws in
                _ = try await client.set("k", "v")
                func latencies() async throws -> [Duration] {
                    var samples: [Duration] = []
                    for _ in 0..<2000 {
                        let start = ContinuousClock.now
                        _ = try await client.get("k")
                        samples.append(ContinuousClock.now - start)
                    }
                    return samples
                }
                _ = try await latencies()  // warm up
                let alone = Self.percentile(try await latencies(), 0.99)
                let blockers = (0..<10).map { index in Task { try await client.blpop(["never\(index)"], timeout: 0) } }
                try await Task.sleep(for: .milliseconds(100))
                let beside = Self.percentile(try await latencies(), 0.99)
                for blocker in blockers { blocker.cancel() }
                for blocker in blockers { _ = try? await blocker.value }
                print("GET p99 alone \(alone), beside 10 BLPOP 0: \(beside)")
                #expect(beside < alone * 2 + .milliseconds(1))
            }
        }
    }
}
