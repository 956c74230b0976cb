import Fred
import FredTestSupport
import Testing

/// Every command of the generic (keys) group through its typed method, on a real server.
@Suite(.timeLimit(.minutes(1))) struct KeyCommandsTests {
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func existenceDeletionAndType(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            try await client.mset(pairs: [("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")])
            #expect(try await client.exists(["a", "a", "zz"]) == 2)
            #expect(try await client.touch(["a", "b", "zz"]) == 2)
            #expect(try await client.type("a") == "string")
            #expect(try await client.type("zz") == "none")
            #expect(try await client.del(["a", "zz"]) == 1)
            #expect(try await client.unlink(["b", "c"]) == 2)
            #expect(try await client.randomkey()?.string == "d")
            #expect(try await client.keys("*").map(\.string) == ["d"])
            _ = try await client.del(["d"])
            #expect(try await client.randomkey() == nil)
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func expiryFamily(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            _ = try await client.set("k", "v")
            #expect(try await client.ttl("k") == -1)
            #expect(try await client.ttl("missing") == -2)
            #expect(try await client.expire("k", seconds: 100))
            #expect(try await client.expire("k", seconds: 50, condition: .gt) == false)
            #expect(try await client.expire("k", seconds: 50, condition: .lt))
            #expect(try await client.expire("k", seconds: 10, condition: .nx) == false)
            #expect(try await client.pexpire("k", milliseconds: 200_000, condition: .xx))
            #expect(try await client.pttl("k") > 100_000)
            #expect(try await client.expireat("k", unixTimeSeconds: 4_102_444_800))
            #expect(try await client.expiretime("k") == 4_102_444_800)
            #expect(try await client.pexpireat("k", unixTimeMilliseconds: 4_102_444_800_500))
            #expect(try await client.pexpiretime("k") == 4_102_444_800_500)
            #expect(try await client.persist("k"))
            #expect(try await client.persist("k") == false)
            #expect(try await client.expiretime("k") == -1)
            #expect(try await client.expire("k", seconds: -1))
            #expect(try await client.get("k") == nil)
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func renameCopyAndMove(_ version: RESPProtocolVersion) async throws {
        try await withServerConnection(version) { client, _ async throws in
            _ = try await client.set("a", "1")
            try await client.rename("a", "b")
            #expect(try await client.get("b")?.string == "1")
            _ = try await client.set("c", "2")
            #expect(try await client.renamenx("b", "c") == false)
            #expect(try await client.renamenx("b", "d"))
            #expect(try await client.copy("d", "c") == false)
            #expect(try await client.copy("d", "c", replace: true))
            #expect(try await client.copy("d", "other-db", destinationDb: 1))
            #expect(try await client.move("c", db: 2))
            #expect(try await client.exists(["c"]) == 0)
            try await client.select(2)
            #expect(try await client.get("c")?.string == "1")
            try await client.select(1)
            #expect(try await client.get("other-db")?.string == "1")
            await #expect(throws: RedisError.server(RedisServerError(message: "ERR no such key"))) {
                try await client.rename("missing", "x")
            }
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func scanVisitsEveryKeyOnce(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            let written = (0..<300).map { ("key:\($0)", "\($0)") }
            try await client.mset(pairs: written.map { (RedisValue($0.0), RedisValue($0.1)) })
            _ = try await client.set("other", "x")
            var seen: [String] = []
            var cursor = 0
            repeat {
                let page = try await client.scan(cursor: cursor, match: "key:*", count: 50, type: "string")
                seen += page.elements.map(\.string)
                cursor = page.cursor
            } while cursor != 0
            #expect(Set(seen) == Set(written.map(\.0)))
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func sortReadsAndStores(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            // Lists are not in this issue's command groups; build one with a custom command.
            _ = try await client.send(command: ["RPUSH", "list", "3", "1", "2"])
            try await client.mset(pairs: [("w_1", "one"), ("w_2", "two")])
            #expect(try await client.sort("list").map { $0?.string } == ["1", "2", "3"])
            #expect(try await client.sort("list", limit: Limit(offset: 0, count: 2), order: .desc).map { $0?.string } == ["3", "2"])
            #expect(try await client.sortRo("list", getPattern: ["w_*", "#"], alpha: true).map { $0?.string } == ["one", "1", "two", "2", nil, "3"])
            #expect(try await client.sortStore("list", order: .desc, destination: "sorted") == 3)
            #expect(try await client.type("sorted") == "list")
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func objectIntrospectionDumpAndRestore(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            _ = try await client.set("int", "12345")
            _ = try await client.set("short", "hello")
            _ = try await client.set("long", String(repeating: "x", count: 100))
            #expect(try await client.objectEncoding("int") == "int")
            #expect(try await client.objectEncoding("short") == "embstr")
            #expect(try await client.objectEncoding("long") == "raw")
            #expect(try await client.objectEncoding("missing") == nil)
            #expect(try await client.objectRefcount("long") == 1)
            #expect(try await client.objectIdletime("long") != nil)
            await #expect(throws: RedisError.self) { try await client.objectFreq("long") }
            #expect(try await client.objectHelp().first?.hasPrefix("OBJECT") == true)
            let dumped = try #require(try await client.dump("short"))
            try await client.restore("restored", ttl: 0, dumped)
            #expect(try await client.get("restored")?.string == "hello")
            try await client.restore("restored", ttl: 100_000, dumped, replace: true)
            #expect(try await client.pttl("restored") > 0)
            #expect(try await client.dump("missing") == nil)
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func waitAndMigrate(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            #expect(try await client.wait(numreplicas: 0, timeout: 10) == 0)
            try await withRedisServer { target in
                _ = try await client.set("moving", "v")
                let reply = try await client.migrate("127.0.0.1", port: target.port, key: .key("moving"), destinationDb: 0, timeout: 5000)
                #expect(reply == "OK")
                #expect(try await client.exists(["moving"]) == 0)
                #expect(try await client.migrate("127.0.0.1", port: target.port, key: .key("gone"), destinationDb: 0, timeout: 5000) == "NOKEY")
                _ = try await client.mset(pairs: [("m1", "1"), ("m2", "2")])
                let many = try await client.migrate("127.0.0.1", port: target.port, key: .empty, destinationDb: 0, timeout: 5000, copy: true, keys: ["m1", "m2"])
                #expect(many == "OK")
                #expect(try await client.exists(["m1", "m2"]) == 2)
                let other = RedisClient(config: try RedisConfig(url: target.url))
                try await other.connect()
                #expect(try await other.mget(["moving", "m1", "m2"]).map { $0?.string } == ["v", "1", "2"])
                try await other.quit()
            }
        }
    }
}

/// Scanning as an async sequence, on one server and across a cluster.
@Suite(.timeLimit(.minutes(3))) struct ScanSequenceTests {  // a cluster started under the whole run's load
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func everyKeyComesBack(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            let keys = (0..<1_000).map { "scan:\($0)" }
            try await client.mset(pairs: keys.map { (RedisValue($0), RedisValue("v")) })
            try await client.sadd("a-set", ["x"])
            var seen: Set<String> = []
            for try await key in client.scanKeys(match: "scan:*", count: 100) { seen.insert(key.string) }
            #expect(seen == Set(keys))
            var sets: [String] = []
            for try await key in client.scanKeys(type: "set") { sets.append(key.string) }
            #expect(sets == ["a-set"])
            var none = 0
            for try await _ in client.scanKeys(match: "nothing:*") { none += 1 }
            #expect(none == 0)
        }
    }

    @Test func everyKeyOfTheClusterComesBack() async throws {
        let cluster = try await RedisClusterProcess.start()
        do {
            let client = try RedisClusterClient(seeds: [cluster.nodes[0].url])
            try await client.connect()
            let keys = (0..<1_000).map { "scan:\($0)" }
            try await client.mset(pairs: keys.map { (RedisValue($0), RedisValue("v")) })
            // However the call resolves (the cluster client, or any executor), every primary is
            // scanned to its end, once.
            var seen: Set<String> = []
            for try await key in client.scanKeys(match: "scan:*", count: 50) { seen.insert(key.string) }
            #expect(seen == Set(keys))
            let executor: any RedisCommandExecutor = client
            var seenAgain: [String] = []
            for try await key in executor.scanKeys(match: "scan:*", count: 50) { seenAgain.append(key.string) }
            #expect(Set(seenAgain) == Set(keys))
            try await client.quit()
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }
}
