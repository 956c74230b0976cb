import Fred
import NIOCore
import FredTestSupport
import Testing

/// A cluster of 3 primaries and 3 replicas, started by the test support, through one
/// `RedisClusterClient` given a single seed.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ClusterClientTests {
    /// Direct clients of every node, by port, with their node IDs.
    static func nodeClients(_ cluster: RedisClusterProcess) async throws -> [Int: (client: RedisClient, id: String)] {
        var result: [Int: (RedisClient, String)] = [:]
        for node in cluster.nodes {
            let client = RedisClient(config: try RedisConfig(url: node.url))
            try await client.connect()
            result[node.port] = (client, try await client.clusterMyid())
        }
        return result
    }

    /// Moves an empty slot to `destination` as a resharding does: `IMPORTING` on the destination,
    /// `MIGRATING` on the source, then the new owner on every primary, the destination first (its
    /// `SETSLOT … NODE` after `IMPORTING` bumps its config epoch, so that no late gossip of the
    /// source's older claim can take the slot back).
    static func moveEmptySlot(
        _ slot: Int, to destination: RedisClusterTopology.Address, in topology: RedisClusterTopology,
        nodes: [Int: (client: RedisClient, id: String)]
    ) async throws {
        let destinationID = try #require(nodes[destination.port]?.id)
        if let source = topology.primary(forSlot: slot), source != destination, let (sourceClient, sourceID) = nodes[source.port] {
            try await nodes[destination.port]?.client.clusterSetslot(slot: slot, subcommand: .importing(RedisValue(sourceID)))
            try await sourceClient.clusterSetslot(slot: slot, subcommand: .migrating(RedisValue(destinationID)))
        }
        for address in [destination] + topology.primaries.filter({ $0 != destination }) {
            try await nodes[address.port]?.client.clusterSetslot(slot: slot, subcommand: .nodeId(RedisValue(destinationID)))
        }
    }

    static func withCluster(_ body: (RedisClusterProcess, RedisClusterClient) async throws -> Void) async throws {
        let cluster = try await RedisClusterProcess.start()
        do {
            let client = try RedisClusterClient(seeds: [cluster.nodes[0].url])
            try await client.connect()
            try await body(cluster, client)
            try await client.quit()
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    /// Scenario 1: 10,000 keys written and read back; each lives on the primary of its slot.
    @Test func tenThousandKeysGoToTheirSlotsPrimary() async throws {
        try await Self.withCluster { cluster, client in
            let topology = try #require(client.topology)
            #expect(topology.primaries.count == 3 && topology.coveredSlots == RedisHashSlot.count)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<8 {
                    group.addTask {
                        for index in stride(from: task, to: 10_000, by: 8) {
                            try await client.set("key:\(index)", "value:\(index)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            for index in stride(from: 0, to: 10_000, by: 7) {
                #expect(try await client.get("key:\(index)")?.string == "value:\(index)")
            }
            // Every key is on the primary that serves its slot: the primaries' sizes add up, and
            // each primary holds exactly the keys whose slots it serves.
            let nodes = try await Self.nodeClients(cluster)
            var total = 0
            for address in topology.primaries {
                let node = try #require(nodes[address.port])
                let size = try await node.client.dbsize()
                let expected = (0..<10_000).filter { topology.primary(forSlot: RedisHashSlot.slot(for: "key:\($0)")) == address }.count
                #expect(size == expected)
                total += size
            }
            #expect(total == 10_000)
            #expect(client.redirectCount == 0)
            for node in nodes.values { try await node.client.quit() }
        }
    }

    /// A slot moved to another primary after the client learned the map: `MOVED` is followed once,
    /// the map is updated, and the next command for the slot goes straight to the new owner.
    @Test func movedIsFollowedAndUpdatesTheMap() async throws {
        try await Self.withCluster { cluster, client in
            let topology = try #require(client.topology)
            let slot = RedisHashSlot.slot(for: "moving")
            let source = try #require(topology.primary(forSlot: slot))
            let destination = try #require(topology.primaries.first { $0 != source })
            let nodes = try await Self.nodeClients(cluster)
            try await Self.moveEmptySlot(slot, to: destination, in: topology, nodes: nodes)
            #expect(try await client.set("moving", "here"))
            #expect(client.redirectCount == 1)
            #expect(try await client.get("moving")?.string == "here")
            #expect(client.redirectCount == 1, "the map now sends the slot to its new owner")
            #expect(client.topology?.primary(forSlot: slot) == destination)
            #expect(try await nodes[destination.port]?.client.get("moving")?.string == "here")
            for node in nodes.values { try await node.client.quit() }
        }
    }

    /// Scenario 3: a slot half migrated with `CLUSTER SETSLOT … IMPORTING/MIGRATING` and
    /// `MIGRATE`: the migrated key is read through `ASK`, the other from the source, the map is
    /// unchanged by `ASK`, and a multi-key command answered `TRYAGAIN` is retried until the
    /// migration ends.
    @Test func askIsFollowedWithoutChangingTheMap() async throws {
        try await Self.withCluster { cluster, client in
            let topology = try #require(client.topology)
            let slot = RedisHashSlot.slot(for: "{t}a")
            let source = try #require(topology.primary(forSlot: slot))
            let destination = try #require(topology.primaries.first { $0 != source })
            let nodes = try await Self.nodeClients(cluster)
            let (sourceClient, sourceID) = try #require(nodes[source.port])
            let (destinationClient, destinationID) = try #require(nodes[destination.port])
            try await client.set("{t}a", "migrated")
            try await client.set("{t}b", "stays")

            try await destinationClient.clusterSetslot(slot: slot, subcommand: .importing(RedisValue(sourceID)))
            try await sourceClient.clusterSetslot(slot: slot, subcommand: .migrating(RedisValue(destinationID)))
            _ = try await sourceClient.send(command: ["MIGRATE", destination.host, String(destination.port), "", "0", "5000", "KEYS", "{t}a"])

            let redirectsBefore = client.redirectCount
            #expect(try await client.get("{t}a")?.string == "migrated")  // ASK, then ASKING + GET
            #expect(client.redirectCount == redirectsBefore + 1)
            #expect(try await client.get("{t}b")?.string == "stays")     // still on the source
            #expect(client.topology?.primary(forSlot: slot) == source, "ASK does not change the map")

            // Keys on both sides of a migration: TRYAGAIN until the migration ends.
            let finish = Task {
                try await Task.sleep(for: .milliseconds(150))
                _ = try await sourceClient.send(command: ["MIGRATE", destination.host, String(destination.port), "", "0", "5000", "KEYS", "{t}b"])
                for address in [destination, source] + topology.primaries.filter({ $0 != source && $0 != destination }) {
                    try await nodes[address.port]?.client.clusterSetslot(slot: slot, subcommand: .nodeId(RedisValue(destinationID)))
                }
            }
            let both = try await client.mget(["{t}a", "{t}b"])
            try await finish.value
            #expect(both.map { $0?.string } == ["migrated", "stays"])
            #expect(client.retryCount >= 1, "MGET was answered TRYAGAIN while the keys were split")
            #expect(try await client.get("{t}b")?.string == "stays")
            #expect(client.topology?.primary(forSlot: slot) == destination)
            for node in nodes.values { try await node.client.quit() }
        }
    }

    /// Scenario 7: splittable MGET/MSET/DEL/UNLINK/EXISTS/TOUCH over keys in many slots answer
    /// like the same calls on one server; commands the spec sends to every shard (DBSIZE, KEYS,
    /// SCRIPT LOAD/EXISTS, FLUSHALL) combine their replies as its response tips say.
    @Test func splitAndFannedOutCommandsEqualOneServer() async throws {
        try await Self.withCluster { _, cluster in
            try await withConnectedClient { single, _ async throws in
                let keys = (0..<100).map { "key:\($0)" }
                #expect(Set(keys.map { RedisHashSlot.slot(for: $0) }).count > 50)
                let pairs = keys.map { (RedisValue($0), RedisValue("v-\($0)")) }
                for client in [cluster as any RedisCommandExecutor, single] {
                    try await client.mset(pairs: pairs)
                }
                let asked = keys.shuffled() + ["missing:1", "missing:2"]
                #expect(try await cluster.mget(asked) == single.mget(asked))
                #expect(try await cluster.exists(asked + asked) == single.exists(asked + asked))
                #expect(try await cluster.touch(asked) == single.touch(asked))
                #expect(try await cluster.dbsize() == single.dbsize())
                #expect(try await Set(cluster.keys("key:*")) == Set(single.keys("key:*")))
                #expect(try await cluster.randomkey() != nil)
                #expect(try await cluster.del(Array(keys[0..<40]) + ["missing:1"]) == single.del(Array(keys[0..<40]) + ["missing:1"]))
                #expect(try await cluster.unlink(Array(keys[40...])) == single.unlink(Array(keys[40...])))
                #expect(try await cluster.dbsize() == 0)

                let sha = try await cluster.scriptLoad("return 1")
                #expect(try await cluster.scriptExists([sha, String(repeating: "0", count: 40)]) == [true, false])
                try await cluster.mset(pairs: pairs)
                try await cluster.flushall()
                #expect(try await cluster.dbsize() == 0)
            }
        }
    }

    /// A batch goes out by node and comes back in the caller's order; a command redirected inside
    /// a batch (its slot moved) is sent again alone and succeeds.
    @Test func batchesGoByNodeAndFollowRedirects() async throws {
        try await Self.withCluster { cluster, client in
            let keys = (0..<60).map { "batch:\($0)" }
            let sets = try await client.execute(keys.map { RedisCommands.set($0, $0) })
            #expect(sets.allSatisfy { (try? $0.get()) == .simpleString(ByteBuffer(string: "OK")) })
            let mixed = try await client.execute(keys.map { RedisCommands.get($0) } + [RedisCommands.mget(["batch:1", "batch:2"])])
            #expect(try mixed.dropLast().map { try $0.get().decode(as: String.self) } == keys)
            #expect(try mixed.last?.get().decode(as: [String].self) == ["batch:1", "batch:2"])

            // Move the empty slot of a fresh key, then batch-write it.
            let topology = try #require(client.topology)
            let usedSlots = Set(keys.map { RedisHashSlot.slot(for: $0) })
            let movedKey = try #require((0..<1_000).map { "moved:\($0)" }.first { !usedSlots.contains(RedisHashSlot.slot(for: $0)) })
            let slot = RedisHashSlot.slot(for: movedKey)
            let source = try #require(topology.primary(forSlot: slot))
            let destination = try #require(topology.primaries.first { $0 != source })
            let nodes = try await Self.nodeClients(cluster)
            try await Self.moveEmptySlot(slot, to: destination, in: topology, nodes: nodes)
            let redirectsBefore = client.redirectCount
            let moved = try await client.execute([RedisCommands.set(movedKey, "there"), RedisCommands.get("batch:0")])
            #expect(try moved.map { try $0.get() } == [.simpleString(ByteBuffer(string: "OK")), .bulkString(ByteBuffer(string: "batch:0"))])
            #expect(client.redirectCount == redirectsBefore + 1)
            #expect(try await nodes[destination.port]?.client.get(movedKey)?.string == "there")
            for node in nodes.values { try await node.client.quit() }
        }
    }

    /// `GET` calls a node has run, from its `INFO commandstats`.
    static func getCalls(_ node: RedisClient) async throws -> Int {
        let stats = try await node.send(command: ["INFO", "commandstats"]).decode(as: String.self)
        guard let line = stats.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("cmdstat_get:") }),
              let calls = line.split(separator: ",").first?.split(separator: "=").last
        else { return 0 }
        return Int(calls) ?? 0
    }

    /// With the replica read policy, read-only commands go to replicas (after READONLY) and writes
    /// to primaries; with the default policy, everything goes to primaries.
    @Test func readsGoToReplicasWhenAsked() async throws {
        try await Self.withCluster { cluster, primaryReads in
            let replicaReads = try RedisClusterClient(seeds: [cluster.nodes[1].url], readPolicy: .replica)
            try await replicaReads.connect()
            let topology = try #require(replicaReads.topology)
            let keys = (0..<100).map { "read:\($0)" }
            for key in keys { try await replicaReads.set(key, key) }
            #expect(try await replicaReads.wait(numreplicas: 1, timeout: 5_000) >= 1)
            let nodes = try await Self.nodeClients(cluster)
            for node in nodes.values { try await node.client.configResetstat() }

            for key in keys { #expect(try await replicaReads.get(key)?.string == key) }
            var onReplicas = 0, onPrimaries = 0
            for (port, node) in nodes {
                let calls = try await Self.getCalls(node.client)
                if topology.primaries.contains(where: { $0.port == port }) { onPrimaries += calls } else { onReplicas += calls }
            }
            #expect(onReplicas == 100 && onPrimaries == 0, "replicas \(onReplicas), primaries \(onPrimaries), redirects \(replicaReads.redirectCount)")

            for key in keys { #expect(try await primaryReads.get(key)?.string == key) }
            onReplicas = 0
            onPrimaries = 0
            for (port, node) in nodes {
                let calls = try await Self.getCalls(node.client)
                if topology.primaries.contains(where: { $0.port == port }) { onPrimaries += calls } else { onReplicas += calls }
            }
            #expect(onReplicas == 100 && onPrimaries == 100)
            try await replicaReads.quit()
            for node in nodes.values { try await node.client.quit() }
        }
    }

    /// With the prefer-replica policy, a read whose replica is gone is answered by the primary at
    /// once, with no failover wait.
    @Test func preferReplicaFallsBackToThePrimary() async throws {
        try await Self.withCluster { cluster, _ in
            let client = try RedisClusterClient(seeds: [cluster.nodes[0].url], readPolicy: .preferReplica)
            try await client.connect()
            try await client.set("fallback", "primary has it")
            #expect(try await client.wait(numreplicas: 1, timeout: 5_000) >= 1)
            #expect(try await client.get("fallback")?.string == "primary has it")  // from the replica
            let topology = try #require(client.topology)
            let replicaAddress = try #require(topology.replicas(forSlot: RedisHashSlot.slot(for: "fallback")).first)
            let replica = try #require(cluster.nodes.first { $0.port == replicaAddress.port })
            await replica.crash()
            let started = ContinuousClock.now
            #expect(try await client.get("fallback")?.string == "primary has it")
            #expect(ContinuousClock.now - started < .seconds(8), "no failover wait (10 s) for a read")
            try await client.quit()
        }
    }

    /// The topology is reloaded every refresh interval, and no more after `quit()`.
    @Test func topologyIsReloadedPeriodically() async throws {
        try await Self.withCluster { cluster, _ in
            let client = try RedisClusterClient(seeds: [cluster.nodes[2].url], refreshInterval: .milliseconds(200))
            try await client.connect()
            try await Task.sleep(for: .milliseconds(1_100))
            let loads = client.refreshCount
            #expect((3...7).contains(loads), "one at connect, then one every 200 ms: \(loads)")
            try await client.quit()
            try await Task.sleep(for: .milliseconds(500))
            #expect(client.refreshCount <= loads + 1)
        }
    }

    /// Keys of a command that cannot be split, in different slots, are refused before anything is
    /// sent.
    @Test func crossSlotIsRefusedByTheClient() async throws {
        try await Self.withCluster { _, client async throws in
            await #expect(throws: RedisError.crossSlot(command: "RENAME")) { try await client.rename("a", "b") }
            await #expect(throws: RedisError.crossSlot(command: "SUNION")) { _ = try await client.sunion(["a", "b"]) }
            #expect(client.redirectCount == 0)
            try await client.sadd("{x}a", ["1", "2"])
            let union = try await client.sunion(["{x}a", "{x}b"])
            #expect(Set(union.map(\.string)) == ["1", "2"])
            let pong = try await client.ping()  // no key: any primary
            #expect(pong == "PONG")

            // CLUSTER SLOTS (servers before 7.0) gives the same map as CLUSTER SHARDS.
            let commands = RedisClusterCommands.standard
            let node = try await client.primaryClients()[0]
            let fromShards = RedisClusterTopology(shards: try commands.readShards(try await node.execute(commands.shards())))
            let fromSlots = RedisClusterTopology(shards: try commands.readSlots(try await node.execute(commands.slots())))
            #expect((0..<RedisHashSlot.count).allSatisfy { fromShards.primary(forSlot: $0) == fromSlots.primary(forSlot: $0) })
            #expect(Set(fromSlots.primaries) == Set(fromShards.primaries))
        }
    }

    /// A transaction on a cluster goes whole to the node of its one slot; one that spans slots,
    /// names no key or leaves itself open is refused before anything is sent.
    @Test func aTransactionBatchGoesWholeToItsSlotsNode() async throws {
        try await Self.withCluster { _, client async throws in
            let replies = try await client.execute([
                RedisCommands.multi(), RedisCommands.incr("{u}a"), RedisCommands.incrby("{u}b", increment: 5), RedisCommands.exec(),
            ])
            #expect(try replies[3].get() == .array([.integer(1), .integer(5)]))
            await #expect(throws: RedisError.crossSlot(command: "INCR")) {
                try await client.execute([RedisCommands.multi(), RedisCommands.incr("{u}a"), RedisCommands.incr("{v}a"), RedisCommands.exec()])
            }
            await #expect(throws: RedisError.self) { try await client.execute([RedisCommands.multi(), RedisCommands.ping(), RedisCommands.exec()]) }
            await #expect(throws: RedisError.self) { try await client.execute([RedisCommands.multi(), RedisCommands.incr("{u}a")]) }
            await #expect(throws: RedisError.self) { try await client.multi() }
            #expect(try await client.get("{u}a")?.string == "1", "nothing else ran")
            // No node connection was left inside MULTI: every node answers plain commands.
            for node in try await client.primaryClients() { #expect(try await node.ping() == "PONG") }
        }
    }
}
