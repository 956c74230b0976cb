import Fred
import FredTestSupport
import Testing

/// Every command of the string group through its typed method, on a real server, RESP2 and RESP3.
@Suite(.timeLimit(.minutes(1))) struct StringCommandsTests {
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func setAndGetWithOptions(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            #expect(try await client.get("missing") == nil)
            #expect(try await client.set("foo", "bar", expiration: .px(100_000), options: .nx))
            #expect(try await client.set("foo", "baz", options: .nx) == false)
            #expect(try await client.get("foo")?.string == "bar")
            #expect(try await client.pttl("foo") > 90_000)
            #expect(try await client.set("foo", "qux", expiration: .keepTTL, options: .xx))
            #expect(try await client.ttl("foo") > 90)
            #expect(try await client.set("nope", "x", options: .xx) == false)
            #expect(try await client.setGet("foo", "new")?.string == "qux")
            #expect(try await client.setGet("fresh", "1") == nil)
            #expect(try await client.set("n", 42))
            #expect(try await client.get("n")?.int == 42)
            #expect(try await client.set("bytes", [0, 255, 10] as [UInt8]))
            #expect(try await client.get("bytes")?.bytes == [0, 255, 10])
            #expect(try await client.set("at", "v", expiration: .exat(4_102_444_800)))
            #expect(try await client.expiretime("at") == 4_102_444_800)
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func countersAndFloats(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            #expect(try await client.incr("c") == 1)
            #expect(try await client.incrby("c", increment: 10) == 11)
            #expect(try await client.decr("c") == 10)
            #expect(try await client.decrby("c", decrement: 4) == 6)
            #expect(try await client.incrbyfloat("f", increment: 1.5) == 1.5)
            #expect(try await client.incrbyfloat("f", increment: -0.25) == 1.25)
            _ = try await client.set("s", "text")
            await #expect(throws: RedisError.server(RedisServerError(message: "ERR value is not an integer or out of range"))) {
                try await client.incr("s")
            }
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func rangesAppendAndLength(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            #expect(try await client.append("k", "Hello") == 5)
            #expect(try await client.append("k", " World") == 11)
            #expect(try await client.strlen("k") == 11)
            #expect(try await client.getrange("k", start: 0, end: 4).string == "Hello")
            #expect(try await client.substr("k", start: -5, end: -1).string == "World")
            #expect(try await client.setrange("k", offset: 6, "Redis") == 11)
            #expect(try await client.get("k")?.string == "Hello Redis")
            #expect(try await client.setrange("pad", offset: 3, "x") == 4)
            #expect(try await client.get("pad")?.bytes == [0, 0, 0, UInt8(ascii: "x")])
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func getVariants(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            _ = try await client.set("k", "v")
            #expect(try await client.getex("k", expiration: .ex(100))?.string == "v")
            #expect(try await client.ttl("k") > 0)
            #expect(try await client.getex("k", expiration: .persist)?.string == "v")
            #expect(try await client.ttl("k") == -1)
            #expect(try await client.getset("k", "w")?.string == "v")
            #expect(try await client.getdel("k")?.string == "w")
            #expect(try await client.exists(["k"]) == 0)
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func multiKeyAndConditionalWrites(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            try await client.mset(pairs: [("a", "1"), ("b", "2")])
            #expect(try await client.mget(["a", "missing", "b"]).map { $0?.string } == ["1", nil, "2"])
            #expect(try await client.msetnx(pairs: [("b", "x"), ("c", "3")]) == false)
            #expect(try await client.msetnx(pairs: [("c", "3"), ("d", "4")]))
            #expect(try await client.setnx("a", "9") == false)
            #expect(try await client.setnx("e", "5"))
            try await client.setex("ex", seconds: 100, "v")
            #expect((1...100).contains(try await client.ttl("ex")))
            try await client.psetex("px", milliseconds: 100_000, "v")
            #expect(try await client.pttl("px") > 1000)
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func longestCommonSubsequence(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            try await client.mset(pairs: [("k1", "ohmytext"), ("k2", "mynewtext")])
            #expect(try await client.lcs("k1", "k2").string == "mytext")
            #expect(try await client.lcsLength("k1", "k2") == 6)
            let matches = try await client.lcsMatches("k1", "k2", minMatchLen: 4, withMatchLen: true)
            #expect(matches.length == 6)
            #expect(matches.matches == [RedisLCSMatch(first: [4, 7], second: [5, 8], length: 4)])
        }
    }
}
