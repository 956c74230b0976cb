import Foundation
import Fred
import FredTestSupport
import Testing

/// Every command of the cluster, geo, pubsub, scripting and transactions groups through its typed
/// method, on a real server, RESP2 and RESP3. One server per group and protocol, so that each
/// group's coverage check sees every call. SUBSCRIBE and its siblings wait for the pub/sub issue.
@Suite(.timeLimit(.minutes(1))) struct ClusterGeoPubSubScriptingCommandsTests {
    // MARK: - cluster

    /// A lone `--cluster-enabled` node answers most of the group; a second node, met and then
    /// forgotten, is there for MEET, REPLICAS, REPLICATE, FAILOVER and FORGET.
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func clusterCommands(_ version: RESPProtocolVersion) async throws {
        try await withServerConnection(version, serverArguments: ["--cluster-enabled", "yes"]) { client, server async throws in
            // Identity and epochs: a fresh node that knows no other may choose its config epoch.
            let myid = try await client.clusterMyid()
            #expect(myid.count == 40)
            try await client.clusterSetConfigEpoch(configEpoch: 7)
            #expect(try await client.clusterBumpepoch() == "STILL 7")
            let info = try await client.clusterInfo()
            #expect(info.contains("cluster_my_epoch:7"))
            #expect(info.contains("cluster_known_nodes:1"))
            #expect(try await client.clusterHelp().first?.hasPrefix("CLUSTER") == true)
            #expect(try await client.clusterKeyslot("foo") == 12182)
            #expect(try await client.clusterKeyslot("{user}1") == 5474)
            #expect(try await client.clusterKeyslot("{user}2") == 5474)

            // Slot ownership.
            try await client.clusterAddslots(slots: [1, 2, 3])
            try await client.clusterAddslotsrange(ranges: [(startSlot: 10, endSlot: 20)])
            #expect(try await client.clusterNodes().contains("connected 1-3 10-20"))
            await #expect(throws: RedisError.self) { try await client.clusterAddslots(slots: [2]) }
            try await client.clusterDelslots(slots: [1])
            try await client.clusterDelslotsrange(ranges: [(startSlot: 10, endSlot: 20)])
            let ranges = try await client.clusterSlots()
            #expect(ranges.count == 1)
            let range = try #require(ranges.first)
            #expect(range.start == 2 && range.end == 3)
            #expect(range.nodes.map(\.id) == [myid])
            #expect(range.nodes.first?.port == server.port)
            let shards = try await client.clusterShards()
            #expect(shards.count == 1)
            #expect(shards.first?.slots == [2, 3])
            #expect(shards.first?.nodes.map(\.id) == [myid])
            #expect(shards.first?.nodes.first?.role == "master")
            #expect(try await client.clusterLinks().isEmpty)
            try await client.clusterSetslot(slot: 5, subcommand: .nodeId(RedisValue(myid)))
            try await client.clusterSetslot(slot: 5, subcommand: .stable)
            #expect(try await client.clusterNodes().contains("connected 2-3 5"))

            try await withRedisServer(["--cluster-enabled", "yes"]) { other in
                try await client.clusterMeet("127.0.0.1", port: other.port)
                var found: String?
                try await eventually("the other node never finished its handshake") {
                    let line = try await client.clusterNodes().split(separator: "\n")
                        .first { $0.contains(":\(other.port)@") && !$0.contains("handshake") }
                    found = line.map { entry in String(entry.prefix { $0 != " " }) }
                    return found != nil
                }
                let otherId = try #require(found)
                let links = try await client.clusterLinks()
                #expect(links.contains { $0.node == otherId && ($0.direction == "to" || $0.direction == "from") })
                #expect(try await client.clusterReplicas(otherId) == [])
                #expect(try await client.clusterSlaves(otherId) == [])
                #expect(try await client.clusterCountFailureReports(otherId) == 0)
                try await client.clusterSetslot(slot: 200, subcommand: .importing(RedisValue(otherId)))
                try await client.clusterSetslot(slot: 3, subcommand: .migrating(RedisValue(otherId)))
                let migrating = try await client.clusterNodes()
                #expect(migrating.contains("[3->-\(otherId)]"))
                #expect(migrating.contains("[200-<-\(otherId)]"))
                try await client.clusterSetslot(slot: 200, subcommand: .stable)
                try await client.clusterSetslot(slot: 3, subcommand: .stable)

                // Keys: the node serves every slot; a new master accepts writes after about 2 s.
                try await client.clusterFlushslots()
                try await client.clusterAddslotsrange(ranges: [(startSlot: 0, endSlot: 16383)])
                try await eventually("the node never accepted writes") {
                    (try? await client.set("foo", "bar")) == true
                }
                #expect(try await client.clusterCountkeysinslot(slot: 12182) == 1)
                #expect(try await client.clusterCountkeysinslot(slot: 1) == 0)
                #expect(try await client.clusterGetkeysinslot(slot: 12182, count: 10) == ["foo"])
                try await client.readonly()
                try await client.readwrite()
                try await client.asking()
                #expect(try await client.del(["foo"]) == 1)

                // An empty node without slots may become a replica, and take over from its master.
                try await client.clusterFlushslots()
                try await client.clusterReplicate(otherId)
                let replicas = try await client.clusterReplicas(otherId)
                #expect(replicas.count == 1)
                #expect(replicas.first?.hasPrefix(myid) == true)
                #expect(try await client.clusterSlaves(otherId) == replicas)
                try await client.clusterFailover(options: .takeover)
                #expect(try await client.clusterNodes().contains("myself,master"))
                try await client.clusterForget(otherId)
                #expect(try await client.clusterNodes().contains(otherId) == false)
            }

            try await client.clusterSaveconfig()
            try await client.clusterReset(mode: .soft)
            #expect(try await client.clusterMyid() == myid)
            try await client.clusterReset(mode: .hard)
            #expect(try await client.clusterMyid() != myid)
            try await assertEveryCommandCalled(groups: ["cluster"], on: client)
        }
    }

    // MARK: - geo

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func geoCommands(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            let sicily: [(longitude: Double, latitude: Double, member: RedisValue)] = [
                (longitude: 13.361389, latitude: 38.115556, member: "Palermo"),
                (longitude: 15.087269, latitude: 37.502669, member: "Catania"),
            ]
            #expect(try await client.geoadd("Sicily", members: sicily) == 2)
            #expect(try await client.geoadd("Sicily", members: sicily) == 0)
            #expect(try await client.geoadd("moving", condition: .nx, members: [(longitude: 1, latitude: 1, member: "m")]) == 1)
            #expect(try await client.geoadd("moving", condition: .nx, members: [(longitude: 2, latitude: 2, member: "m")]) == 0)
            #expect(try await client.geoadd("moving", condition: .xx, change: true, members: [(longitude: 3, latitude: 3, member: "m")]) == 1)
            #expect(try await client.geoadd("moving", condition: .xx, members: [(longitude: 3, latitude: 3, member: "new")]) == 0)
            await #expect(throws: RedisError.self) {
                try await client.geoadd("Sicily", members: [(longitude: 200, latitude: 100, member: "nowhere")])
            }

            // Points, distances and hashes.
            #expect(try await client.geodist("Sicily", "Palermo", "Catania") == 166274.1516)
            #expect(try await client.geodist("Sicily", "Palermo", "Catania", unit: .km) == 166.2742)
            #expect(try await client.geodist("Sicily", "Palermo", "nowhere") == nil)
            #expect(try await client.geohash("Sicily", ["Palermo", "Catania", "nowhere"]) == ["sqc8b49rny0", "sqdtr74hyu0", nil])
            let positions = try await client.geopos("Sicily", ["Palermo", "nowhere"])
            try #require(positions.count == 2)
            #expect(positions[1] == nil)
            let palermo = try #require(positions[0])
            #expect(abs(palermo.longitude - 13.361389) < 0.00001)
            #expect(abs(palermo.latitude - 38.115556) < 0.00001)
            let movedPositions = try await client.geopos("moving", ["m"])
            let moved = try #require(movedPositions.first.flatMap { $0 })
            #expect(abs(moved.longitude - 3) < 0.00001)
            #expect(abs(moved.latitude - 3) < 0.00001)

            // Radius queries, plain, detailed and stored.
            #expect(try await client.georadius("Sicily", longitude: 15, latitude: 37, radius: 200, unit: .km, order: .asc) == ["Catania", "Palermo"])
            #expect(try await client.georadiusRo("Sicily", longitude: 15, latitude: 37, radius: 100, unit: .km) == ["Catania"])
            #expect(try await client.georadiusbymember("Sicily", "Palermo", radius: 200, unit: .km, count: GeoCount(count: 1, any: false), order: .desc) == ["Catania"])
            #expect(try await client.georadiusbymemberRo("Sicily", "Palermo", radius: 100, unit: .km) == ["Palermo"])
            try expectFirstMatch(
                try await client.georadiusWithDetails("Sicily", longitude: 15, latitude: 37, radius: 200, unit: .km, order: .asc),
                count: 2, member: "Catania", distance: 56.4413, hash: 3_479_447_370_796_909, position: (15.087269, 37.502669)
            )
            try expectFirstMatch(
                try await client.georadiusRoWithDetails("Sicily", longitude: 15, latitude: 37, radius: 200, unit: .km, order: .asc),
                count: 2, member: "Catania", distance: 56.4413, hash: 3_479_447_370_796_909, position: (15.087269, 37.502669)
            )
            try expectFirstMatch(
                try await client.georadiusbymemberWithDetails("Sicily", "Palermo", radius: 200, unit: .km, order: .asc),
                count: 2, member: "Palermo", distance: 0, hash: 3_479_099_956_230_698, position: (13.361389, 38.115556)
            )
            try expectFirstMatch(
                try await client.georadiusbymemberRoWithDetails("Sicily", "Palermo", radius: 200, unit: .km, order: .desc),
                count: 2, member: "Catania", distance: 166.2742, hash: 3_479_447_370_796_909, position: (15.087269, 37.502669)
            )
            #expect(try await client.georadiusStore("Sicily", longitude: 15, latitude: 37, radius: 200, unit: .km, store: "near") == 2)
            #expect(try await client.georadiusbymemberStore("Sicily", "Palermo", radius: 100, unit: .km, store: "close") == 1)
            #expect(try await client.geosearch("close", from: .member("Palermo"), by: .circle(radius: 1, unit: .km)) == ["Palermo"])

            // GEOSEARCH and GEOSEARCHSTORE.
            #expect(try await client.geosearch("Sicily", from: .longitudeLatitude(longitude: 15, latitude: 37), by: .circle(radius: 200, unit: .km), order: .asc) == ["Catania", "Palermo"])
            #expect(try await client.geosearch("Sicily", from: .member("Palermo"), by: .box(width: 400, height: 400, unit: .km), order: .asc, count: GeoCount(count: 1, any: false)) == ["Palermo"])
            #expect(try await client.geosearch("near", from: .member("Catania"), by: .circle(radius: 1, unit: .km)) == ["Catania"])
            #expect(try await client.geosearch("Sicily", from: .longitudeLatitude(longitude: 0, latitude: 0), by: .circle(radius: 1, unit: .m)) == [])
            try expectFirstMatch(
                try await client.geosearchWithDetails("Sicily", from: .member("Palermo"), by: .box(width: 400, height: 400, unit: .km), order: .asc),
                count: 2, member: "Palermo", distance: 0, hash: 3_479_099_956_230_698, position: (13.361389, 38.115556)
            )
            #expect(try await client.geosearchstore("stored", "Sicily", from: .member("Palermo"), by: .circle(radius: 200, unit: .km)) == 2)
            #expect(try await client.geodist("stored", "Palermo", "Catania", unit: .km) == 166.2742)
            #expect(try await client.geosearchstore("distances", "Sicily", from: .member("Palermo"), by: .circle(radius: 200, unit: .km), storedist: true) == 2)
            let storedDistance = try await client.send(command: ["ZSCORE", "distances", "Catania"]).decode(as: Double.self)
            #expect(abs(storedDistance - 166.2742) < 0.001)
            try await assertEveryCommandCalled(groups: ["geo"], on: client)
        }
    }

    // MARK: - pubsub

    /// The subscription commands go through the pub/sub API (the client's subscriber connection
    /// sends SUBSCRIBE, PSUBSCRIBE and SSUBSCRIBE, and their UNSUBSCRIBE when the scope ends); the
    /// rest through their typed methods on the shared connection.
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func pubsubCommands(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, server async throws in
            #expect(try await client.publish("news", "nobody listens") == 0)
            #expect(try await client.spublish("shard", "nobody listens") == 0)
            #expect(try await client.pubsubChannels() == [])
            #expect(try await client.pubsubNumpat() == 0)
            #expect(try await client.pubsubNumsub() == [:])

            let targets: [RedisSubscriptionTarget] = [.channel("news"), .pattern("n*"), .shardChannel("shard")]
            let received = try await client.withSubscription(to: targets, options: RedisSubscriptionOptions(), isolation: #isolation) { subscription in
                #expect(try await client.pubsubChannels() == ["news"])
                #expect(try await client.pubsubChannels(pattern: "n*") == ["news"])
                #expect(try await client.pubsubChannels(pattern: "x*") == [])
                #expect(try await client.pubsubNumsub(channels: ["news", "other"]) == ["news": 1, "other": 0])
                #expect(try await client.pubsubNumpat() == 1)
                #expect(try await client.pubsubShardchannels() == ["shard"])
                #expect(try await client.pubsubShardchannels(pattern: "sh*") == ["shard"])
                #expect(try await client.pubsubShardchannels(pattern: "x*") == [])
                #expect(try await client.pubsubShardnumsub(shardchannels: ["shard", "other"]) == ["shard": 1, "other": 0])
                #expect(try await client.pubsubShardnumsub() == [:])
                #expect(try await client.pubsubHelp().first?.hasPrefix("PUBSUB") == true)

                // "news" matches the channel and the pattern (the server counts both); "nx" only n*.
                #expect(try await client.publish("news", "hello") == 2)
                #expect(try await client.publish("nx", "hello") == 1)
                #expect(try await client.publish("other", "hello") == 0)
                #expect(try await client.spublish("shard", "hello") == 1)
                var received: [String] = []
                for try await message in subscription.messages {
                    received.append("\(message.kind) \(message.channel)")
                    if received.count == 4 { break }
                }
                return received
            }
            #expect(received == ["channel news", "pattern news", "pattern nx", "shardChannel shard"])
            #expect(try await client.pubsubNumsub(channels: ["news"]) == ["news": 0])
            try await assertEveryCommandCalled(groups: ["pubsub"], on: client)
        }
    }

    // MARK: - scripting

    /// A busy-reply threshold of 10 ms lets SCRIPT KILL and FUNCTION KILL stop a script that
    /// another connection runs.
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func scriptingCommands(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, serverArguments: ["--busy-reply-threshold", "10"], auditingKeySlots: true) { client, server async throws in
            var config = try RedisConfig(url: server.url)
            config.protocolVersion = version
            let spinner = RedisClient(config: config)
            try await spinner.connect()
            _ = try await client.set("k", "v")

            // EVAL and the script cache.
            let sha = try await client.scriptLoad("return 1")
            #expect(sha == "e0e1f9fabfc9d4800c877a703b823ac0578ff8db")
            #expect(try await client.scriptExists([sha, String(repeating: "0", count: 40)]) == [true, false])
            #expect(try await client.evalsha(sha) == .integer(1))
            #expect(try await client.evalshaRo(sha) == .integer(1))
            let nested = try await client.eval("return {1, 'a', {2}}").decode(as: [RESPValue].self)
            try #require(nested.count == 3)
            #expect(nested[0] == .integer(1))
            #expect(try nested[1].decode(as: String.self) == "a")
            #expect(nested[2] == .array([.integer(2)]))
            #expect(try await client.eval("return redis.call('GET', KEYS[1]) .. ARGV[1]", keys: ["k"], args: ["!"]).decode(as: String.self) == "v!")
            #expect(try await client.eval("return nil") == .null)
            #expect(try await client.evalRo("return redis.call('GET', KEYS[1])", keys: ["k"]).decode(as: String.self) == "v")
            await #expect(throws: RedisError.self) {
                try await client.evalRo("return redis.call('SET', KEYS[1], 'x')", keys: ["k"])
            }
            try await client.scriptDebug(mode: .no)
            #expect(try await client.scriptHelp().first?.hasPrefix("SCRIPT") == true)
            let spinningScript = Task { try await spinner.eval("while true do end") }
            try await killWhenBusy { try await client.scriptKill() }
            await #expect(throws: RedisError.self) { try await spinningScript.value }

            // Functions.
            let library = """
                #!lua name=fredlib
                redis.register_function('echoarg', function(keys, args) return args[1] end)
                redis.register_function{function_name = 'getkey', callback = function(keys, args) return redis.call('GET', keys[1]) end, flags = {'no-writes'}}
                redis.register_function{function_name = 'spin', callback = function(keys, args) while true do end end, flags = {'no-writes'}}
                """
            try await client.functionFlush(mode: .sync)
            #expect(try await client.functionLoad(library) == "fredlib")
            await #expect(throws: RedisError.self) { try await client.functionLoad(library) }
            #expect(try await client.functionLoad(replace: true, library) == "fredlib")
            #expect(try await client.fcall("echoarg", args: ["hello"]).decode(as: String.self) == "hello")
            #expect(try await client.fcallRo("getkey", keys: ["k"]).decode(as: String.self) == "v")
            let libraries = try await client.functionList()
            #expect(libraries.map(\.name) == ["fredlib"])
            #expect(libraries.first?.engine == "LUA")
            #expect(libraries.first?.functions.count == 3)
            #expect(libraries.first?.code == nil)
            let withCode = try await client.functionList(libraryNamePattern: "fred*", withcode: true)
            #expect(withCode.first?.code == library)
            #expect(try await client.functionList(libraryNamePattern: "nothing*").isEmpty)
            let stats = try await client.functionStats()
            #expect(stats.runningScript == nil)
            #expect(stats.engines["LUA"] == RedisFunctionEngineStats(libraries: 1, functions: 3))

            let dump = try await client.functionDump()
            try await client.functionDelete("fredlib")
            await #expect(throws: RedisError.self) { try await client.functionDelete("fredlib") }
            #expect(try await client.functionList().isEmpty)
            try await client.functionRestore(dump)
            await #expect(throws: RedisError.self) { try await client.functionRestore(dump) }
            try await client.functionRestore(dump, policy: .replace)
            #expect(try await client.fcall("echoarg", args: ["again"]).decode(as: String.self) == "again")
            let spinningFunction = Task { try await spinner.fcall("spin") }
            try await killWhenBusy { try await client.functionKill() }
            await #expect(throws: RedisError.self) { try await spinningFunction.value }
            #expect(try await client.functionHelp().first?.hasPrefix("FUNCTION") == true)

            // Flushes.
            try await client.functionFlush(mode: .async)
            try await client.functionFlush()
            #expect(try await client.functionList().isEmpty)
            try await client.scriptFlush(mode: .async)
            try await client.scriptFlush()
            #expect(try await client.scriptExists([sha]) == [false])
            try? await spinner.quit()
            try await assertEveryCommandCalled(groups: ["scripting"], on: client)
        }
    }

    // MARK: - transactions

    /// A connection of the client's own takes MULTI, the queued commands and EXEC one by one (the
    /// shared connection refuses them, and takes MULTI … EXEC only as one batch).
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func transactionCommands(_ version: RESPProtocolVersion) async throws {
        try await withServerConnection(version) { client, _ async throws in
            // Queued commands answer QUEUED (read as true and as the value "QUEUED" here); EXEC
            // returns their replies.
            try await client.multi()
            #expect(try await client.set("t", "1"))
            #expect(try await client.get("t")?.string == "QUEUED")
            let replies = try #require(try await client.exec())
            try #require(replies.count == 2)
            #expect(try replies[0].decode(as: String.self) == "OK")
            #expect(try replies[1].decode(as: String.self) == "1")

            // DISCARD drops the queue.
            try await client.multi()
            await #expect(throws: RedisError.self) { try await client.multi() }
            _ = try await client.set("t", "2")
            try await client.discard()
            #expect(try await client.get("t")?.string == "1")
            await #expect(throws: RedisError.self) { try await client.exec() }
            await #expect(throws: RedisError.self) { try await client.discard() }

            // A watched key that changes aborts EXEC (nil); UNWATCH forgets the watch.
            try await client.watch(["t"])
            _ = try await client.set("t", "3")
            try await client.multi()
            _ = try await client.set("t", "4")
            #expect(try await client.exec() == nil)
            #expect(try await client.get("t")?.string == "3")
            try await client.watch(["t", "u"])
            try await client.unwatch()
            _ = try await client.set("t", "5")
            try await client.multi()
            _ = try await client.set("t", "6")
            #expect(try await client.exec()?.count == 1)
            #expect(try await client.get("t")?.string == "6")

            // An error while queueing makes EXEC fail as a whole; a runtime error is one reply.
            try await client.multi()
            await #expect(throws: RedisError.self) { try await client.send(command: ["NOSUCHCOMMAND"]) }
            await #expect(throws: RedisError.self) { try await client.exec() }
            try await client.multi()
            _ = try await client.send(command: ["INCR", "t"])
            _ = try await client.send(command: ["LPUSH", "t", "x"])
            let mixed = try #require(try await client.exec())
            try #require(mixed.count == 2)
            #expect(mixed[0] == .integer(7))
            #expect(mixed[1].isError)
            try await assertEveryCommandCalled(groups: ["transactions"], on: client)
        }
    }
}

/// Asks `condition` every 10 ms until it holds, for at most 10 seconds.
private func eventually(_ what: Comment, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(10)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record(what)
}

/// Sends `kill` until it finds a script to stop: the server answers NOTBUSY until the script that
/// another connection sent has started.
private func killWhenBusy(_ kill: () async throws -> Void) async throws {
    let deadline = ContinuousClock.now + .seconds(10)
    while true {
        do {
            try await kill()
            return
        } catch RedisError.server(let error) where error.code == "NOTBUSY" && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// Checks a `…WithDetails` geo reply: `count` matches, the first being
/// `[member, distance, geohash, [longitude, latitude]]` with these values.
private func expectFirstMatch(
    _ matches: [RedisGeoSearchMatch], count: Int, member: String, distance: Double, hash: Int,
    position: (longitude: Double, latitude: Double), sourceLocation: SourceLocation = #_sourceLocation
) throws {
    #expect(matches.count == count, sourceLocation: sourceLocation)
    let first = try #require(matches.first, sourceLocation: sourceLocation)
    #expect(first.member.string == member, sourceLocation: sourceLocation)
    #expect(first.distance == distance, sourceLocation: sourceLocation)
    #expect(first.hash == hash, sourceLocation: sourceLocation)
    let point = first.position
    #expect(abs(point.longitude - position.longitude) < 0.00001, sourceLocation: sourceLocation)
    #expect(abs(point.latitude - position.latitude) < 0.00001, sourceLocation: sourceLocation)
}
