import Fred
import FredTestSupport
import Testing

extension IsolatedTests {
    /// Scenario 5: a primary dies (SIGKILL) or freezes (SIGSTOP) under load. Commands for its slots
    /// wait and succeed after the cluster promotes its replica, or fail typed within their
    /// timeout; commands for the other shards go on fast; recovery comes within the promotion and
    /// 2 s.
    @Suite(.timeLimit(.minutes(2))) struct ClusterFailoverTests {
        @Test(arguments: [false, true])
        func primaryLostUnderLoad(frozen: Bool) async throws {
            let cluster = try await RedisClusterProcess.start(extraArguments: ["--cluster-require-full-coverage", "no"])
            defer { Task { await cluster.stop() } }
            let client = try RedisClusterClient(seeds: [cluster.nodes[0].url]) { config in
                config.commandTimeout = .seconds(1)
                config.connectTimeout = .seconds(1)
            }
            try await client.connect()
            let topology = try #require(client.topology)
            let victimSlot = RedisHashSlot.slot(for: "victim")
            let victimAddress = try #require(topology.primary(forSlot: victimSlot))
            let victim = try #require(cluster.nodes.first { $0.port == victimAddress.port })
            // Keys served by the other primaries.
            let healthyKeys = (0..<2_000).map { "healthy:\($0)" }.filter { topology.primary(forSlot: RedisHashSlot.slot(for: $0)) != victimAddress }
            try await client.set("victim", "before")

            // Load on the healthy shards, timed, while the victim goes down.
            let load = Task { () -> [Duration] in
                var latencies: [Duration] = []
                var index = 0
                while !Task.isCancelled {
                    let key = healthyKeys[index % healthyKeys.count]
                    let started = ContinuousClock.now
                    _ = try? await client.set(key, "\(index)")
                    latencies.append(ContinuousClock.now - started)
                    index += 1
                    try? await Task.sleep(for: .milliseconds(2))
                }
                return latencies
            }
            // The victim's replica, watched directly: when does the cluster promote it?
            let replicaAddress = try #require(topology.shards.first { $0.primary?.address == victimAddress }?.nodes.first { !$0.isPrimary }?.address)
            let replica = RedisClient(config: try RedisConfig(url: "redis://\(replicaAddress.host):\(replicaAddress.port)"))
            try await replica.connect()
            let promotion = Task { () -> ContinuousClock.Instant? in
                while !Task.isCancelled {
                    if case .primary = try await replica.role() { return .now }
                    try await Task.sleep(for: .milliseconds(20))
                }
                return nil
            }
            try await Task.sleep(for: .milliseconds(300))
            let lostAt = ContinuousClock.now
            if frozen { victim.freeze() } else { await victim.crash() }

            // The victim's slots: wait for the promotion, failing typed (timeout) meanwhile.
            var typedFailures = 0
            var recoveredAt: ContinuousClock.Instant?
            while recoveredAt == nil, ContinuousClock.now - lostAt < .seconds(30) {
                do {
                    if try await client.get("victim")?.string == "before" { recoveredAt = .now }
                } catch let error as RedisError {
                    switch error {
                    case .timeout, .connectionFailed, .connectionClosed, .server: typedFailures += 1
                    default: Issue.record("unexpected \(error)")
                    }
                }
            }
            load.cancel()
            let latencies = await load.value.sorted()
            if frozen { victim.thaw() }
            let recovered = try #require(recoveredAt, "the victim's slots came back")
            promotion.cancel()
            let promotedAt = try #require(try await promotion.value, "the replica was promoted")
            try await replica.quit()
            // When the cluster itself saw the promotion: the new primary of the slot.
            let promoted = try #require(client.topology?.primary(forSlot: victimSlot))
            #expect(promoted != victimAddress)
            let p99 = latencies[latencies.count * 99 / 100]
            print("""
                primary \(frozen ? "frozen" : "killed"): replica promoted after \(promotedAt - lostAt), slots back after \(recovered - lostAt), \
                \(typedFailures) typed failures meanwhile; healthy shards: \(latencies.count) SETs, \
                p50 \(latencies[latencies.count / 2]), p99 \(p99), max \(latencies.last ?? .zero); \
                redirects \(client.redirectCount), topology loads \(client.refreshCount)
                """)
            #expect(recovered - promotedAt < .seconds(2), "back within 2 s of the promotion")
            #expect(p99 < .milliseconds(50), "the other shards stay fast")
            #expect(try await client.set("victim", "after"))
            try await client.quit()
            await cluster.stop()
        }

        /// Scenario 4: `CLUSTER FAILOVER` on a replica while 8 tasks run 10,000 counted INCRs:
        /// every INCR succeeds, none is lost or counted twice, no READONLY error reaches a caller.
        @Test func manualFailoverUnderCountedWrites() async throws {
            let cluster = try await RedisClusterProcess.start()
            defer { Task { await cluster.stop() } }
            let client = try RedisClusterClient(seeds: [cluster.nodes[0].url])
            try await client.connect()
            let topology = try #require(client.topology)
            let counters = (0..<64).map { "counter:\($0)" }
            let shard = try #require(topology.shards.first { $0.primary?.address == topology.primary(forSlot: RedisHashSlot.slot(for: counters[0])) })
            let replicaAddress = try #require(shard.nodes.first { !$0.isPrimary }?.address)
            let replica = RedisClient(config: try RedisConfig(url: "redis://\(replicaAddress.host):\(replicaAddress.port)"))
            try await replica.connect()

            let failures = try await withThrowingTaskGroup(of: [String].self) { group in
                for task in 0..<8 {
                    group.addTask {
                        var failures: [String] = []
                        for index in 0..<1_250 {
                            do {
                                _ = try await client.incr(counters[(task * 1_250 + index) % counters.count])
                            } catch {
                                failures.append("\(error)")
                            }
                        }
                        return failures
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(100))
                    try await replica.clusterFailover()
                    return []
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            let values = try await client.mget(counters).map { $0?.int ?? 0 }
            #expect(values.reduce(0, +) == 10_000, "every INCR counted once")
            // The failover happened: the replica now serves the shard.
            var promoted = false
            for _ in 0..<100 where !promoted {
                if case .primary = try await replica.role() { promoted = true } else { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(promoted)
            print("manual failover: \(client.redirectCount) redirects, \(client.retryCount) retries, \(client.refreshCount) topology loads")
            try await replica.quit()
            try await client.quit()
            await cluster.stop()
        }

        /// Scenario 6: a primary and its replica both down. Commands for their slots fail with a
        /// typed CLUSTERDOWN once the failover wait is over, the topology is reloaded a few times
        /// a second at most (no tight loop), the other shards serve on, and the slots come back
        /// when the nodes do.
        @Test func wholeShardDownFailsTypedWithoutAReloadStorm() async throws {
            let cluster = try await RedisClusterProcess.start(extraArguments: ["--cluster-require-full-coverage", "no"])
            defer { Task { await cluster.stop() } }
            let client = try RedisClusterClient(seeds: [cluster.nodes[0].url], maxFailoverWait: .seconds(5)) { config in
                config.commandTimeout = .seconds(1)
                config.connectTimeout = .seconds(1)
            }
            try await client.connect()
            let topology = try #require(client.topology)
            let slot = RedisHashSlot.slot(for: "victim")
            let shard = try #require(topology.shards.first { $0.primary?.address == topology.primary(forSlot: slot) })
            let down = cluster.nodes.filter { node in shard.nodes.contains { $0.address.port == node.port } }
            #expect(down.count == 2)
            let healthy = try #require((0..<1_000).map { "healthy:\($0)" }.first { topology.primary(forSlot: RedisHashSlot.slot(for: $0)) != shard.primary?.address })
            for node in down { await node.crash() }

            let reloadsBefore = client.refreshCount
            let started = ContinuousClock.now
            // The client's own conclusion, typed as such: no server sent a CLUSTERDOWN.
            await #expect(throws: RedisError.clusterUnavailable("no primary serves hash slot \(slot) in the client's map of the cluster")) {
                _ = try await client.get("victim")
            }
            let waited = ContinuousClock.now - started
            let reloads = client.refreshCount - reloadsBefore
            let perSecond = Double(reloads) / (Double(waited.components.seconds) + Double(waited.components.attoseconds) / 1e18)
            print("whole shard down: clusterUnavailable after \(waited), \(reloads) topology loads (\(perSecond) a second)")
            #expect(waited >= .seconds(4) && waited < .seconds(8))
            #expect(perSecond <= 5, "no tight reload loop")
            #expect(try await client.set(healthy, "served"), "the other shards serve on")

            for node in down { try await node.relaunch() }
            let back = ContinuousClock.now
            var served = false
            var lastError: (any Error)?
            while !served, ContinuousClock.now - back < .seconds(20) {
                do {
                    served = try await client.set("victim", "again")
                } catch {
                    lastError = error
                }
            }
            #expect(served, "the slots came back with their nodes (last error: \(lastError.map { "\($0)" } ?? "none"))")
            print("whole shard down: served again \(ContinuousClock.now - back) after the nodes restarted")
            try await client.quit()
            await cluster.stop()
        }
    }
}
