import Fred
import FredTestSupport
import NIOCore
import Testing

/// Subscriptions through a cluster client, on a cluster of 3 primaries and 3 replicas: they come
/// back after every node drops them, follow shard channels whose slot moves, keep the shared
/// connection in step while a slot moves under an unsubscribe, and keyspace events come from the
/// node that holds each key.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ClusterPubSubTests {
    typealias Inbox = PubSubTests.Inbox

    /// The sum over the primaries of a per-node pub/sub count (each node counts only its own
    /// subscribers).
    static func total(_ nodes: [RedisClient], _ count: (RedisClient) async throws -> [RedisValue: Int]) async throws -> [RedisValue: Int] {
        var sum: [RedisValue: Int] = [:]
        for node in nodes {
            for (name, value) in try await count(node) { sum[name, default: 0] += value }
        }
        return sum
    }

    /// `CLIENT KILL TYPE pubsub` on every node: within a second each of 100 channels, 20 patterns
    /// and 50 shard channels is subscribed exactly once again (summed over the nodes), each
    /// subscription has one gap, and messages published afterwards arrive exactly once. RESP2 and
    /// RESP3 on one cluster; then keyspace events, including `expired`, from all 3 primaries.
    @Test func resubscribesOnEveryNodeAndDeliversKeyspaceEvents() async throws {
        try await Self.killOnEveryNode(within: PubSubTests.generous)
    }

    static func killOnEveryNode(within limit: Duration) async throws {
        try await ClusterClientTests.withCluster { cluster, _ in
            let admins = try await ClusterClientTests.nodeClients(cluster).values.map(\.client)
            let probe = try RedisClusterClient(seeds: [cluster.nodes[0].url])
            try await probe.connect()
            let primaries = try await probe.primaryClients()
            for version in [RESPProtocolVersion.resp2, .resp3] {
                let client = try RedisClusterClient(seeds: [cluster.nodes[1].url]) { $0.protocolVersion = version }
                try await client.connect()
                let channels = (0..<100).map { "chan:\($0)" }
                let patterns = (0..<20).map { "pat:\($0):*" }
                let shards = (0..<50).map { "shard:\($0)" }
                let targets: [RedisSubscriptionTarget] = channels.map { .channel($0) } + patterns.map { .pattern($0) } + shards.map { .shardChannel($0) }
                try await PubSubTests.whileSubscribed(client, to: targets) { inbox in
                    try await PubSubTests.whileSubscribed(client, to: [.shardChannel("shard:1"), .channel("chan:1")]) { few in
                        let killedAt = ContinuousClock.now
                        for admin in admins { _ = try await admin.clientKill(filters: [.type(.pubsub)]) }
                        let recovered = await PubSubTests.eventually(within: limit) {
                            guard inbox.gaps.withLock({ !$0.isEmpty }), few.gaps.withLock({ !$0.isEmpty }),
                                  let numsub = try? await Self.total(primaries, { try await $0.pubsubNumsub(channels: channels.map { RedisValue($0) }) }),
                                  let shardsub = try? await Self.total(primaries, { try await $0.pubsubShardnumsub(shardchannels: shards.map { RedisValue($0) }) }),
                                  let numpat = try? await Self.total(primaries, { ["": try await $0.pubsubNumpat()] })
                            else { return false }
                            return numsub.count == 100 && numsub.values.allSatisfy { $0 == 1 }
                                && shardsub.count == 50 && shardsub.values.allSatisfy { $0 == 1 } && numpat[""] == 20
                        }
                        #expect(recovered, "\(version): subscriptions not back within \(limit)")
                        print("cluster pub/sub recovery after CLIENT KILL TYPE pubsub on every node (\(version)): \(ContinuousClock.now - killedAt)")
                        // Every gap says reconnected and together they name everything. Alone, the
                        // three kills land within the 20 ms a repair waits for the rest of an
                        // incident: one gap each. Under the main run's load they may not.
                        #expect(inbox.gaps.withLock { $0.allSatisfy { $0.reason == .reconnected } })
                        #expect(Set(inbox.gaps.withLock { $0.flatMap(\.subscriptions) }).count == 170)
                        #expect(Set(few.gaps.withLock { $0.flatMap(\.subscriptions) }) == ["chan:1", "shard:1"])
                        if limit < PubSubTests.generous {
                            #expect(inbox.gaps.withLock { $0.count } == 1)
                            #expect(few.gaps.withLock { $0 } == [RedisPubSubGap(reason: .reconnected, subscriptions: ["chan:1", "shard:1"])])
                        }
                        // PUBLISH counts the receivers of the node it ran on only (the cluster passes the
                        // message on): its count says nothing here, arrivals do.
                        for (index, channel) in channels.enumerated() { _ = try await probe.publish(channel, "c\(index)") }
                        for (index, shard) in shards.enumerated() { #expect(try await probe.spublish(shard, "s\(index)") == 1) }
                        _ = try await probe.publish("pat:3:x", "p")
                        #expect(await PubSubTests.eventually { inbox.messages.withLock { $0.count } >= 151 })
                        try await Task.sleep(for: .milliseconds(50))
                        #expect(inbox.payloads.sorted() == ((0..<100).map { "c\($0)" } + (0..<50).map { "s\($0)" } + ["p"]).sorted())
                        #expect(few.payloads.sorted() == ["c1", "s1"])
                    }
                }
                try await client.quit()
            }

            // Keyspace events from every primary, each once, tagged with the key's node.
            let client = try RedisClusterClient(seeds: [cluster.nodes[2].url])
            try await client.connect()
            let keys = (0..<60).map { "ks:\($0)" }
            let topology = try #require(probe.topology)
            try await client.keyspaceEvents(.keys("ks:*"), enabling: "K$x") { subscription in
                let inbox = Inbox()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { for try await event in subscription { inbox.take(event) } }
                    for key in keys { try await probe.set(key, "v", expiration: .px(100)) }
                    let delivered = await PubSubTests.eventually {
                        inbox.messages.withLock { $0.count } >= 2 * keys.count
                    }
                    #expect(delivered)
                    try await Task.sleep(for: .milliseconds(100))
                    group.cancelAll()
                }
                let events = inbox.messages.withLock { $0 }.compactMap(RedisKeyspaceEvent.init)
                #expect(events.count == 2 * keys.count)
                for key in keys {
                    let owner = try #require(topology.primary(forSlot: RedisHashSlot.slot(for: key)))
                    let mine = events.filter { $0.key == key }
                    #expect(mine.map(\.event).sorted() == ["expired", "set"], "\(key)")
                    #expect(mine.allSatisfy { $0.node == "\(owner.host):\(owner.port)" && $0.database == 0 }, "\(key)")
                }
                #expect(Set(events.map(\.node)).count == 3)
            }
            try await client.quit()
            try await probe.quit()
            for admin in admins { try await admin.quit() }
        }
    }

    /// 100 shard channels on their slots' primaries; 30 of those slots move to another primary
    /// (`CLUSTER SETSLOT … NODE`, whose old owner ends the subscriptions with `sunsubscribe`).
    /// Within 2 s every channel is subscribed on its new owner (SPUBLISH counts 1 everywhere),
    /// and exactly the 30 moved channels have a `slotMigrated` gap.
    /// Then, on the same cluster, ``unsubscribeWhileTheSlotMoves(_:probe:destination:)``.
    @Test func followsShardChannelsWhoseSlotMoves() async throws {
        try await Self.moveSlots(within: PubSubTests.generous, thenRace: true)
    }

    static func moveSlots(within limit: Duration, thenRace: Bool = false) async throws {
        try await ClusterClientTests.withCluster { cluster, probe in
            let nodes = try await ClusterClientTests.nodeClients(cluster)
            let topology = try #require(probe.topology)
            var seenSlots = Set<Int>()
            // Every moved slot goes to one node: that node's first takeover gives it the highest
            // config epoch, so its later ones need no new epoch. (Slots moved both ways between
            // two nodes in quick succession can leave them each naming the other as the owner
            // for seconds, until their epochs settle: the cluster itself ping-pongs MOVED.)
            let destination = topology.primaries[0]
            let channels = (0..<1000).map { "room:\($0)" }.filter { seenSlots.insert(RedisHashSlot.slot(for: $0)).inserted }.prefix(100)
            let moving = Array(channels.filter { topology.primary(forSlot: RedisHashSlot.slot(for: $0)) != destination }.prefix(30))
            let client = try RedisClusterClient(seeds: [cluster.nodes[0].url])
            try await client.connect()
            try await PubSubTests.whileSubscribed(client, to: channels.map { .shardChannel($0) }) { inbox in
                let movedAt = ContinuousClock.now
                for channel in moving {
                    let slot = RedisHashSlot.slot(for: channel)
                    try await ClusterClientTests.moveEmptySlot(slot, to: destination, in: topology, nodes: nodes)
                }
                let rehomed = await PubSubTests.eventually(within: limit) {
                    inbox.gaps.withLock { $0.flatMap(\.subscriptions).count } >= 30
                }
                #expect(rehomed, "moved shard channels not re-homed within \(limit)")
                print("shard channels re-homed after their slots moved: \(ContinuousClock.now - movedAt) for 30 slots moved one by one")
                let gaps = inbox.gaps.withLock { $0 }
                #expect(gaps.allSatisfy { $0.reason == .slotMigrated })
                #expect(gaps.flatMap(\.subscriptions).sorted() == moving.sorted())
                try await probe.reloadTopology()
                for (index, channel) in channels.enumerated() {
                    #expect(try await probe.spublish(channel, "m\(index)") == 1, "\(channel)")
                }
                #expect(await PubSubTests.eventually { inbox.messages.withLock { $0.count } >= 100 })
                #expect(inbox.payloads.sorted() == (0..<100).map { "m\($0)" }.sorted())
            }
            try await client.quit()
            for node in nodes.values { try await node.client.quit() }
            if thenRace { try await unsubscribeWhileTheSlotMoves(cluster, probe: probe, destination: destination) }
        }
    }

    /// Subscriptions on the nodes' shared RESP3 connections; a shard channel is unsubscribed while
    /// its slot moves away, so the server's own `sunsubscribe` and the reply to ours cross. Ten
    /// times over: the 1,000 ECHOs sent next on that node's shared connection each get their own
    /// argument back.
    static func unsubscribeWhileTheSlotMoves(
        _ cluster: RedisClusterProcess, probe: RedisClusterClient, destination: RedisClusterTopology.Address
    ) async throws {
        do {
            let nodes = try await ClusterClientTests.nodeClients(cluster)
            let client = try RedisClusterClient(seeds: [cluster.nodes[0].url]) { $0.pubSubConnection = .shared }
            try await client.connect()
            try await probe.reloadTopology()
            let initial = try #require(probe.topology)
            // Slots move to one node only (see moveSlots).
            let channels = (0..<100).map { "race:\($0)" }.filter { initial.primary(forSlot: RedisHashSlot.slot(for: $0)) != destination }
            for (round, channel) in channels.prefix(10).enumerated() {
                let topology = try await { try await probe.reloadTopology(); return try #require(probe.topology) }()
                let slot = RedisHashSlot.slot(for: channel)
                let source = try #require(topology.primary(forSlot: slot))
                let sourceClient = try #require(try await client.primaryClients().first { $0.subscriptionNodeName == "\(source.host):\(source.port)" })
                var move: Task<Void, any Error>?
                try await client.ssubscribe(to: [channel]) { _ in
                    // Leaving the scope sends SUNSUBSCRIBE while the slot moves.
                    move = Task { try await ClusterClientTests.moveEmptySlot(slot, to: destination, in: topology, nodes: nodes) }
                    await Task.yield()
                }
                try await move?.value
                try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<1000 {
                        group.addTask { try await sourceClient.echo("echo:\(round):\(index)").string == "echo:\(round):\(index)" }
                    }
                    var mismatches = 0
                    for try await same in group where !same { mismatches += 1 }
                    #expect(mismatches == 0, "round \(round)")
                }
            }
            try await client.quit()
            for node in nodes.values { try await node.client.quit() }
        }
    }
}
