import Fred
import FredTestSupport
import Testing

extension IsolatedTests {
    /// Scenario 2: `redis-cli --cluster reshard` moves 500 slots back and forth between two
    /// primaries for 60 s while 8 tasks run SET/GET and hash-tagged MSET/MGET.
    @Suite(.timeLimit(.minutes(3))) struct ClusterReshardingTests {
        /// What one task saw.
        struct Tally: Sendable {
            var commands = 0
            var singleKeyErrors: [String] = []
            var multiKeyErrors: [String] = []
            var staleReads = 0
            var lastAcknowledged: [String: Int] = [:]
        }

        @Test func liveReshardingLosesNothing() async throws {
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
            let duration = Duration.seconds(60)
            let started = ContinuousClock.now

            let reshards = Task { () -> Int in
                var moves = 0
                var direction = (from: first, to: second)
                while ContinuousClock.now - started < duration {
                    let (status, output) = try await RedisClusterProcess.run("redis-cli", [
                        "--cluster", "reshard", "\(first.host):\(first.port)",
                        "--cluster-from", ids[direction.from] ?? "", "--cluster-to", ids[direction.to] ?? "",
                        "--cluster-slots", "500", "--cluster-yes",
                    ])
                    guard status == 0 else {
                        // A move right after another can find the nodes not yet agreeing on the
                        // configuration: wait for them and try again.
                        print("reshard refused, retrying: \(output.suffix(300))")
                        try await Task.sleep(for: .milliseconds(500))
                        continue
                    }
                    moves += 1
                    direction = (direction.to, direction.from)
                }
                return moves
            }

            let tallies = try await withThrowingTaskGroup(of: Tally.self) { group in
                for task in 0..<8 {
                    group.addTask {
                        var tally = Tally()
                        var round = 0
                        while ContinuousClock.now - started < duration {
                            round += 1
                            let key = "reshard:\(task):\(round % 200)"
                            do {
                                if try await client.set(key, String(round)) { tally.lastAcknowledged[key] = round }
                                if let read = try await client.get(key)?.int, read != tally.lastAcknowledged[key] { tally.staleReads += 1 }
                            } catch {
                                tally.singleKeyErrors.append("\(error)")
                            }
                            do {
                                let tagged = ["{tag\(task)}:a", "{tag\(task)}:b"]
                                try await client.mset(pairs: tagged.map { (RedisValue($0), RedisValue(String(round))) })
                                let values = try await client.mget(tagged).map { $0?.int }
                                if values != [round, round] { tally.staleReads += 1 }
                            } catch {
                                tally.multiKeyErrors.append("\(error)")
                            }
                            tally.commands += 4
                        }
                        return tally
                    }
                }
                return try await group.reduce(into: [Tally]()) { $0.append($1) }
            }
            let moves = try await reshards.value
            let commands = tallies.reduce(0) { $0 + $1.commands }
            let singleKeyErrors = tallies.flatMap(\.singleKeyErrors)
            let multiKeyErrors = tallies.flatMap(\.multiKeyErrors)
            print("""
                live resharding: \(moves) moves of 500 slots in \(ContinuousClock.now - started); \(commands) commands, \
                \(client.redirectCount) redirects, \(client.retryCount) retries, \(client.refreshCount) topology loads; \
                single-key errors \(singleKeyErrors.count), multi-key errors \(multiKeyErrors.count) \(multiKeyErrors.prefix(2))
                """)
            #expect(moves >= 2, "the slots moved back and forth")
            #expect(singleKeyErrors.isEmpty, "\(singleKeyErrors.prefix(3))")
            #expect(tallies.allSatisfy { $0.staleReads == 0 })
            // Every key ends with its last acknowledged value.
            for tally in tallies {
                for (key, value) in tally.lastAcknowledged {
                    #expect(try await client.get(key)?.int == value, "\(key)")
                }
            }
            let elapsed = Double((ContinuousClock.now - started).components.seconds)
            #expect(Double(client.refreshCount) <= elapsed * 1.5 + 5, "at most about one reload a second, not one per redirect")
            try await client.quit()
            await cluster.stop()
        }
    }
}
