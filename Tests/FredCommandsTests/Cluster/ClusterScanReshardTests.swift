import Fred
import FredTestSupport
import Synchronization
import Testing

extension IsolatedTests {
    /// A cluster-wide `scanKeys` while `redis-cli --cluster reshard` moves slots between two
    /// primaries: every key comes back exactly once. (`SCAN` on each primary in turn, run the same
    /// way, missed 81 of the 20,000 keys when this test was written.)
    @Suite(.timeLimit(.minutes(3))) struct ClusterScanReshardTests {
        @Test func scanKeysVisitsEveryKeyOnceWhileSlotsMove() async throws {
            let cluster = try await RedisClusterProcess.start()
            defer { Task { await cluster.stop() } }
            let client = try RedisClusterClient(seeds: [cluster.nodes[0].url])
            try await client.connect()
            let topology = try #require(client.topology)
            let first = topology.primaries[0], second = topology.primaries[1]
            var ids: [RedisClusterTopology.Address: String] = [:]
            for address in [first, second] {
                let node = RedisClient(config: try RedisConfig(url: "redis://\(address.host):\(address.port)"))
                try await node.connect()
                ids[address] = try await node.clusterMyid()
                try await node.quit()
            }
            let all = (0..<20_000).map { "k:\($0)" }
            for chunk in stride(from: 0, to: all.count, by: 1000) {
                _ = try await client.pipeline(all[chunk..<chunk + 1000].map { RedisCommand.set($0, "v") })
            }

            // Slots move back and forth while the scan runs.
            let scanning = ManagedFlag()
            let reshards = Task { () -> Int in
                var moves = 0
                var direction = (from: first, to: second)
                while !scanning.isDone {
                    let (status, _) = try await RedisClusterProcess.run("redis-cli", [
                        "--cluster", "reshard", "\(first.host):\(first.port)",
                        "--cluster-from", ids[direction.from] ?? "", "--cluster-to", ids[direction.to] ?? "",
                        "--cluster-slots", "1000", "--cluster-yes", "--cluster-pipeline", "10",
                    ])
                    if status == 0 {
                        moves += 1
                        direction = (direction.to, direction.from)
                    } else {
                        try await Task.sleep(for: .milliseconds(200))
                    }
                }
                return moves
            }
            var seen: [String] = []
            for try await page in client.scanKeys(match: "k:*").pages {
                seen += page.map(\.string)
                try await Task.sleep(for: .milliseconds(15))  // a scan that takes its time
            }
            scanning.finish()
            let moves = try await reshards.value
            print("scanned \(seen.count) keys while \(moves) reshards of 1,000 slots ran")
            #expect(moves >= 1)
            let missing = Set(all).subtracting(seen).count, repeated = seen.count - Set(seen).count
            #expect(missing == 0 && repeated == 0, "\(missing) keys missed, \(repeated) returned twice")
            #expect(seen.count == all.count)
            try await client.quit()
        }
    }
}

/// A flag one task sets and another reads.
final class ManagedFlag: Sendable {
    private let done = Mutex(false)
    var isDone: Bool { done.withLock { $0 } }
    func finish() { done.withLock { $0 = true } }
}
