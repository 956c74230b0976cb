import Fred
import FredTestSupport
import Testing

/// Typed pipelines, transactions, `watch`, scripts and a pool on a real cluster: transactions on
/// one slot, refused across slots before anything is sent, and followed whole through `MOVED`
/// and `ASK`, running exactly once.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ClusterBatchTests {
    static func execCalls(_ node: RedisClient) async throws -> Int {
        StressAudit.calls(of: "exec", in: try await node.info(sections: ["commandstats"]))
    }

    @Test func batchesOnACluster() async throws {
        try await ClusterClientTests.withCluster { cluster, client in
            let topology = try #require(client.topology)
            let nodes = try await ClusterClientTests.nodeClients(cluster)

            // A typed pipeline over keys of three slots: each node's part goes on its connection.
            let (a, b, c, readBack) = try await client.pipeline(.set("a", "1"), .set("b", "2"), .incr("c"), .get("a"))
            #expect(a && b && c == 1 && readBack?.string == "1")

            // A transaction on one slot, and one refused before sending because it spans slots.
            let (stored, count) = try await client.transaction(.set("{u}name", "ada"), .incr("{u}logins"))
            #expect(stored && count == 1)
            let multisBefore = try await nodes.values.asyncSum { StressAudit.calls(of: "multi", in: try await $0.client.info(sections: ["commandstats"])) }
            await #expect(throws: RedisError.crossSlot(command: "SET")) {
                _ = try await client.transaction(.set("a", "1"), .set("b", "2"))
            }
            let multisAfter = try await nodes.values.asyncSum { StressAudit.calls(of: "multi", in: try await $0.client.info(sections: ["commandstats"])) }
            #expect(multisAfter == multisBefore, "nothing reached a node")

            // MOVED while queueing: EXEC discards the transaction; it goes whole to the new owner
            // and runs there once.
            let movedSlot = RedisHashSlot.slot(for: "m")
            let source = try #require(topology.primary(forSlot: movedSlot))
            let destination = try #require(topology.primaries.first { $0 != source })
            try await ClusterClientTests.moveEmptySlot(movedSlot, to: destination, in: topology, nodes: nodes)
            let redirects = client.redirectCount
            let (first, second) = try await client.transaction(.incr("{m}n"), .incr("{m}n"))
            #expect(first == 1 && second == 2)
            #expect(client.redirectCount == redirects + 1)
            #expect(try await nodes[destination.port]?.client.get("{m}n")?.int == 2)
            #expect(try await Self.execCalls(try #require(nodes[destination.port]?.client)) == 1)

            // ASK while the slot migrates: ASKING goes before MULTI on the importing node.
            let askSlot = RedisHashSlot.slot(for: "t")
            let askSource = try #require(client.topology?.primary(forSlot: askSlot))
            let askDestination = try #require(topology.primaries.first { $0 != askSource })
            let (sourceClient, sourceID) = try #require(nodes[askSource.port])
            let (destinationClient, destinationID) = try #require(nodes[askDestination.port])
            _ = try await client.set("{t}a", "5")
            try await destinationClient.clusterSetslot(slot: askSlot, subcommand: .importing(RedisValue(sourceID)))
            try await sourceClient.clusterSetslot(slot: askSlot, subcommand: .migrating(RedisValue(destinationID)))
            _ = try await sourceClient.send(command: ["MIGRATE", askDestination.host, String(askDestination.port), "", "0", "5000", "KEYS", "{t}a"])
            let execsBefore = try await Self.execCalls(destinationClient)
            let (bumped, after) = try await client.transaction(.incrby("{t}a", increment: 1), .incrby("{t}a", increment: 10))
            #expect(bumped == 6 && after == 16)
            #expect(try await Self.execCalls(destinationClient) == execsBefore + 1)
            for address in [askDestination, askSource] + topology.primaries.filter({ $0 != askSource && $0 != askDestination }) {
                try await nodes[address.port]?.client.clusterSetslot(slot: askSlot, subcommand: .nodeId(RedisValue(destinationID)))
            }
            #expect(try await client.get("{t}a")?.int == 16)

            // watch on the slot's primary: 10 tasks add 1 each, lost races retried.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        try await client.watch(["{w}counter"], maxAttempts: 100) { connection in
                            let value = try await connection.get("{w}counter")?.int ?? 0
                            _ = try await connection.transaction(.set("{w}counter", RedisValue(value + 1)))
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await client.get("{w}counter")?.int == 10)
            await #expect(throws: RedisError.crossSlot(command: "WATCH")) {
                try await client.watch(["a", "b"]) { _ in }
            }

            // Scripts: loaded on every primary, each answering for itself; run by slot.
            let script = RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])")
            let loaded = try await client.loadOnEveryPrimary(script)
            #expect(loaded.count == 3 && loaded.values.allSatisfy { (try? $0.get()) != nil })
            #expect(try await client.run(script, keys: ["s"], arguments: ["3"], as: Int.self) == 3)
            let (scripted, read) = try await client.transaction(script.call(keys: ["{s}x"], arguments: ["2"], as: Int.self), .get("{s}x"))
            #expect(scripted == 2 && read?.int == 2)

            // Blocking pops on the key's node, each on a connection of its own; scans by key.
            let popped = Task { try await client.brpop(["{q}jobs"], timeout: 5) }
            try await Task.sleep(for: .milliseconds(100))
            _ = try await client.lpush("{q}jobs", ["job"])
            #expect(try await popped.value?.value.string == "job")
            _ = try await client.hset("{h}hash", fields: (0..<300).map { (field: RedisValue("f\($0)"), value: RedisValue("\($0)")) })
            var fields = Set<String>()
            for try await entry in client.scanHash("{h}hash", count: 50) { fields.insert(entry.field.string) }
            #expect(fields.count == 300)

            for node in nodes.values { try await node.client.quit() }
        }
    }

    /// A pool of two cluster clients spreads commands over both.
    @Test func aPoolOfClusterClients() async throws {
        let cluster = try await RedisClusterProcess.start()
        do {
            let pool = try RedisPool(size: 2) { _ in try RedisClusterClient(seeds: [cluster.nodes[0].url]) }
            try await pool.connect()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<50 {
                    group.addTask {
                        for round in 0..<20 {
                            _ = try await pool.set("pool:\(task):\(round)", "\(task)")
                            #expect(try await pool.get("pool:\(task):\(round)")?.string == "\(task)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            var keys = 0
            for try await _ in pool.scanKeys(match: "pool:*") { keys += 1 }
            #expect(keys == 1000)
            var strings = 0, hashes = 0
            for try await _ in pool.scanKeys(match: "pool:1*", type: "string") { strings += 1 }
            for try await _ in pool.scanKeys(type: "hash") { hashes += 1 }
            #expect(strings == 11 * 20 && hashes == 0)  // tasks 1 and 10…19
            try await pool.quit()
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }
}

extension Sequence where Element: Sendable {
    func asyncSum(_ value: (Element) async throws -> Int) async rethrows -> Int {
        var total = 0
        for element in self { total += try await value(element) }
        return total
    }
}
