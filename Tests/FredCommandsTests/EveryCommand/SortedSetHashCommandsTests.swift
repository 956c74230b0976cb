import Fred
import FredTestSupport
import Testing

/// Every command of the sorted-set, hash, hyperloglog and bitmap groups through its typed method, on a
/// real server, RESP2 and RESP3. One server per group and protocol, so the coverage check at the end of
/// each test sees every command of its group.
@Suite(.timeLimit(.minutes(1))) struct SortedSetHashCommandsTests {
    // MARK: - sorted-set

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func sortedSetCommands(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            try await addScoreAndRank(client)
            try await ranges(client)
            try await lexRanges(client)
            try await combinations(client)
            try await randomMembersAndScan(client)
            try await removals(client)
            try await pops(client)
            try await assertEveryCommandCalled(groups: ["sorted-set"], on: client)
        }
    }

    /// Leaves `z` as b=3.5, d=4, c=5, a=10.
    private func addScoreAndRank(_ client: RedisClient) async throws {
        #expect(try await client.zadd("z", members: [(1, "a"), (2, "b"), (3, "c"), (4, "d")]) == 4)
        // XX: only `a` is updated (and counted, with CH); `e` is not added.
        #expect(try await client.zadd("z", condition: .xx, change: true, members: [(10, "a"), (5, "e")]) == 1)
        #expect(try await client.zadd("z", comparison: .gt, members: [(5, "a")]) == 0)
        #expect(try await client.zaddIncr("z", members: [(1.5, "b")]) == 3.5)
        #expect(try await client.zaddIncr("z", condition: .nx, members: [(1, "b")]) == nil)
        await #expect(throws: RedisError.self) {
            try await client.zaddIncr("other", members: [(1, "a"), (2, "b")])
        }
        #expect(try await client.zcard("z") == 4)
        #expect(try await client.zcard("missing") == 0)
        #expect(try await client.zcount("z", min: -.infinity, max: .infinity) == 4)
        #expect(try await client.zcount("z", min: 3.5, max: 4) == 2)
        #expect(try await client.zscore("z", "b") == 3.5)
        #expect(try await client.zscore("z", "nope") == nil)
        #expect(try await client.zmscore("z", ["a", "nope", "c"]) == [10, nil, 3])
        #expect(try await client.zincrby("z", increment: 2, "c") == 5)
        #expect(try await client.zrank("z", "c") == 2)
        #expect(try await client.zrank("z", "nope") == nil)
        #expect(try await client.zrevrank("z", "c") == 1)
        #expect(try await client.zrevrank("missing", "a") == nil)
    }

    private func ranges(_ client: RedisClient) async throws {
        #expect(try await client.zrange("z", "0", "-1").map(\.string) == ["b", "d", "c", "a"])
        #expect(try await client.zrange("missing", "0", "-1").isEmpty)
        #expect(try await client.zrange("z", "(4", "+inf", sortby: .byscore).map(\.string) == ["c", "a"])
        #expect(try await scoredPairs(client.zrangeWithScores("z", "0", "1")) == ["b:3.5", "d:4.0"])
        let top = try await client.zrangeWithScores("z", "+inf", "-inf", sortby: .byscore, rev: true, limit: Limit(offset: 0, count: 2))
        #expect(scoredPairs(top) == ["a:10.0", "c:5.0"])

        #expect(try await client.zrangebyscore("z", min: 4, max: .infinity).map(\.string) == ["d", "c", "a"])
        let window = try await client.zrangebyscoreWithScores("z", min: -.infinity, max: .infinity, limit: Limit(offset: 1, count: 2))
        #expect(scoredPairs(window) == ["d:4.0", "c:5.0"])
        #expect(try await client.zrevrangebyscore("z", max: .infinity, min: 5).map(\.string) == ["a", "c"])
        #expect(try await scoredPairs(client.zrevrangebyscoreWithScores("z", max: 4, min: -.infinity)) == ["d:4.0", "b:3.5"])

        #expect(try await client.zrevrange("z", start: 0, stop: 1).map(\.string) == ["a", "c"])
        #expect(try await scoredPairs(client.zrevrangeWithScores("z", start: -1, stop: -1)) == ["b:3.5"])
    }

    private func lexRanges(_ client: RedisClient) async throws {
        #expect(try await client.zadd("lex", members: [(0, "a"), (0, "b"), (0, "c"), (0, "d"), (0, "e")]) == 5)
        #expect(try await client.zlexcount("lex", "[b", "(d") == 2)
        #expect(try await client.zrangebylex("lex", "-", "+", limit: Limit(offset: 1, count: 2)).map(\.string) == ["b", "c"])
        #expect(try await client.zrevrangebylex("lex", "(e", "[b").map(\.string) == ["d", "c", "b"])
        #expect(try await client.zremrangebylex("lex", "[a", "[b") == 2)
        #expect(try await client.zrange("lex", "[c", "+", sortby: .bylex).map(\.string) == ["c", "d", "e"])
    }

    /// With `z` = b=3.5, d=4, c=5, a=10 and `z2` = b=1, x=2, c=3.
    private func combinations(_ client: RedisClient) async throws {
        #expect(try await client.zadd("z2", members: [(1, "b"), (2, "x"), (3, "c")]) == 3)

        #expect(try await client.zunion(["z", "z2"]).map(\.string) == ["x", "d", "b", "c", "a"])
        let union = try await client.zunionWithScores(["z", "z2"], weights: [1, 2], aggregate: .max)
        #expect(scoredPairs(union) == ["b:3.5", "d:4.0", "x:4.0", "c:6.0", "a:10.0"])
        #expect(try await client.zunionstore("u", ["z", "z2"]) == 5)

        #expect(try await client.zinter(["z", "z2"]).map(\.string) == ["b", "c"])
        #expect(try await scoredPairs(client.zinterWithScores(["z", "z2"], aggregate: .min)) == ["b:1.0", "c:3.0"])
        #expect(try await client.zinterstore("i", ["z", "z2"], weights: [2, 1]) == 2)
        #expect(try await scoredPairs(client.zrangeWithScores("i", "0", "-1")) == ["b:8.0", "c:13.0"])
        #expect(try await client.zintercard(["z", "z2"]) == 2)
        #expect(try await client.zintercard(["z", "z2"], limit: 1) == 1)

        #expect(try await client.zdiff(["z", "z2"]).map(\.string) == ["d", "a"])
        #expect(try await scoredPairs(client.zdiffWithScores(["z", "z2"])) == ["d:4.0", "a:10.0"])
        #expect(try await client.zdiffstore("d", ["z", "z2"]) == 2)
        #expect(try await client.zrange("d", "0", "-1").map(\.string) == ["d", "a"])

        #expect(try await client.zrangestore("r", "z", "0", "1") == 2)
        #expect(try await client.zrangestore("r2", "z", "(4", "+inf", sortby: .byscore, limit: Limit(offset: 0, count: 1)) == 1)
        #expect(try await client.zrange("r2", "0", "-1").map(\.string) == ["c"])
    }

    private func randomMembersAndScan(_ client: RedisClient) async throws {
        let scores: [String: Double] = ["b": 3.5, "d": 4, "c": 5, "a": 10]
        let one = try await client.zrandmember("z")
        #expect(one.map { scores[$0.string] != nil } == true)
        #expect(try await client.zrandmember("missing") == nil)

        let two = try await client.zrandmemberCount("z", count: 2).map(\.string)
        #expect(two.count == 2 && Set(two).count == 2 && two.allSatisfy { scores[$0] != nil })
        let repeated = try await client.zrandmemberCount("z", count: -6).map(\.string)
        #expect(repeated.count == 6 && repeated.allSatisfy { scores[$0] != nil })
        #expect(try await client.zrandmemberCount("missing", count: 3).isEmpty)

        let all = try await client.zrandmemberWithScores("z", count: 10)
        #expect(all.count == 4)
        #expect(all.allSatisfy { scores[$0.member.string] == $0.score })

        let page = try await client.zscan("z", cursor: 0)
        #expect(page.isComplete)
        #expect(page.elements.count == 8)
        let matched = try await client.zscan("z", cursor: 0, pattern: "a", count: 10)
        #expect(matched.elements.map(\.string) == ["a", "10"])
    }

    /// Leaves `z` as c=5.
    private func removals(_ client: RedisClient) async throws {
        #expect(try await client.zrem("z", ["a", "nope"]) == 1)
        #expect(try await client.zremrangebyscore("z", min: 3, max: 3.9) == 1)
        #expect(try await client.zremrangebyrank("z", start: 0, stop: 0) == 1)
        #expect(try await client.zrange("z", "0", "-1").map(\.string) == ["c"])
    }

    private func pops(_ client: RedisClient) async throws {
        _ = try await client.zadd("p", members: [(1, "a"), (2, "b"), (3, "c"), (4, "d"), (5, "e"), (6, "f")])
        #expect(try await scoredPairs(client.zpopmin("p")) == ["a:1.0"])
        #expect(try await scoredPairs(client.zpopmin("p", count: 2)) == ["b:2.0", "c:3.0"])
        #expect(try await scoredPairs(client.zpopmax("p")) == ["f:6.0"])
        #expect(try await scoredPairs(client.zpopmax("p", count: 1)) == ["e:5.0"])
        #expect(try await client.zpopmin("missing").isEmpty)
        #expect(try await client.zpopmax("missing", count: 3).isEmpty)

        _ = try await client.zadd("p2", members: [(7, "g"), (8, "h")])
        let mpop = try await client.zmpop(["missing", "p2"], where: .max, count: 5)
        #expect(mpop?.key.string == "p2")
        #expect(scoredPairs(mpop?.members ?? []) == ["h:8.0", "g:7.0"])
        #expect(try await client.zmpop(["missing"], where: .min) == nil)

        // Blocking forms: data is already there, so they answer at once.
        let bmpop = try await client.bzmpop(timeout: 1, ["missing", "p"], where: .min)
        #expect(bmpop?.key.string == "p")
        #expect(scoredPairs(bmpop?.members ?? []) == ["d:4.0"])
        _ = try await client.zadd("bp", members: [(1, "x"), (2, "y"), (3, "z")])
        let low = try await client.bzpopmin(["missing", "bp"], timeout: 1)
        #expect(low?.key.string == "bp")
        #expect(low?.member.string == "x")
        #expect(low?.score == 1)
        let high = try await client.bzpopmax(["bp"], timeout: 1)
        #expect(high?.member.string == "z")
        #expect(high?.score == 3)
        // Empty keys: a short timeout, then null.
        #expect(try await client.bzpopmin(["missing"], timeout: 0.01) == nil)
        #expect(try await client.bzpopmax(["missing"], timeout: 0.01) == nil)
        #expect(try await client.bzmpop(timeout: 0.01, ["missing"], where: .max) == nil)
    }

    // MARK: - hash

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func hashCommands(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            #expect(try await client.hset("h", fields: [("f1", "v1"), ("f2", "v2")]) == 2)
            #expect(try await client.hset("h", fields: [("f1", "v1b"), ("f3", "v3")]) == 1)
            #expect(try await client.hsetnx("h", "f1", "x") == false)
            #expect(try await client.hsetnx("h", "f4", "v4"))
            try await client.hmset("h", fields: [("f5", "v5")])

            #expect(try await client.hget("h", "f1")?.string == "v1b")
            #expect(try await client.hget("h", "nope") == nil)
            #expect(try await client.hexists("h", "f2"))
            #expect(try await client.hexists("h", "nope") == false)
            #expect(try await client.hlen("h") == 5)
            #expect(try await client.hstrlen("h", "f1") == 3)
            #expect(try await client.hstrlen("h", "nope") == 0)
            #expect(try await client.hmget("h", ["f1", "nope", "f3"]).map { $0?.string } == ["v1b", nil, "v3"])
            #expect(try await Set(client.hkeys("h").map(\.string)) == ["f1", "f2", "f3", "f4", "f5"])
            #expect(try await Set(client.hvals("h").map(\.string)) == ["v1b", "v2", "v3", "v4", "v5"])
            let expected: [RedisValue: RedisValue] = ["f1": "v1b", "f2": "v2", "f3": "v3", "f4": "v4", "f5": "v5"]
            #expect(try await client.hgetall("h") == expected)
            #expect(try await client.hgetall("missing").isEmpty)

            #expect(try await client.hincrby("h", "n", increment: 5) == 5)
            #expect(try await client.hincrby("h", "n", increment: -2) == 3)
            #expect(try await client.hincrbyfloat("h", "fl", increment: 1.5) == 1.5)
            #expect(try await client.hincrbyfloat("h", "fl", increment: 1) == 2.5)
            await #expect(throws: RedisError.server(RedisServerError(message: "ERR hash value is not an integer"))) {
                try await client.hincrby("h", "f1", increment: 1)
            }

            // h: f1…f5, n=3, fl=2.5
            let values = try await client.hgetall("h")
            #expect(values.count == 7)
            let one = try await client.hrandfield("h")
            #expect(one.map { values[$0] != nil } == true)
            #expect(try await client.hrandfield("missing") == nil)
            let three = try await client.hrandfieldCount("h", count: 3)
            #expect(three.count == 3 && Set(three).count == 3 && three.allSatisfy { values[$0] != nil })
            let repeated = try await client.hrandfieldCount("h", count: -10)
            #expect(repeated.count == 10 && repeated.allSatisfy { values[$0] != nil })
            let pairs = try await client.hrandfieldWithValues("h", count: 100)
            #expect(pairs.count == 7)
            #expect(pairs.allSatisfy { values[$0.field] == $0.value })
            #expect(try await client.hrandfieldWithValues("missing", count: 2).isEmpty)

            let page = try await client.hscan("h", cursor: 0, pattern: "f*", count: 100)
            #expect(page.isComplete)
            #expect(page.elements.count == 12)
            #expect(try await client.hscan("h", cursor: 0, pattern: "n").elements.map(\.string) == ["n", "3"])

            #expect(try await client.hdel("h", ["f1", "nope"]) == 1)
            #expect(try await client.hlen("h") == 6)
            try await assertEveryCommandCalled(groups: ["hash"], on: client)
        }
    }

    // MARK: - hyperloglog

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func hyperLogLogCommands(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            #expect(try await client.pfadd("hll", elements: ["a", "b", "c"]))
            #expect(try await client.pfadd("hll", elements: ["a"]) == false)
            #expect(try await client.pfadd("empty"))
            #expect(try await client.pfadd("empty") == false)
            #expect(try await client.pfcount(["hll"]) == 3)
            #expect(try await client.pfcount(["hll", "empty", "missing"]) == 3)
            #expect(try await client.pfadd("other", elements: ["c", "d"]))
            try await client.pfmerge("merged", ["hll", "other"])
            #expect(try await client.pfcount(["merged"]) == 4)

            #expect(try await client.pfdebug("ENCODING", "hll").decode(as: String.self) == "sparse")
            #expect(try await client.pfdebug("TODENSE", "hll").decode(as: Int.self) == 1)
            #expect(try await client.pfdebug("ENCODING", "hll").decode(as: String.self) == "dense")
            #expect(try await client.pfdebug("GETREG", "hll").decode(as: [Int].self).count == 16384)
            #expect(try await client.pfcount(["hll"]) == 3)

            try await client.pfselftest()
            try await assertEveryCommandCalled(groups: ["hyperloglog"], on: client)
        }
    }

    // MARK: - bitmap

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func bitmapCommands(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            #expect(try await client.setbit("b", offset: 7, value: 1) == 0)
            #expect(try await client.getbit("b", offset: 7) == 1)
            #expect(try await client.getbit("b", offset: 100) == 0)
            #expect(try await client.setbit("b", offset: 7, value: 0) == 1)
            #expect(try await client.getbit("missing", offset: 0) == 0)

            #expect(try await client.set("s", "foobar"))
            #expect(try await client.bitcount("s") == 26)
            #expect(try await client.bitcount("s", index: BitcountIndex(start: 1, end: 1, indexUnit: nil)) == 6)
            #expect(try await client.bitcount("s", index: BitcountIndex(start: 5, end: 30, indexUnit: .bit)) == 17)
            #expect(try await client.bitcount("missing") == 0)

            #expect(try await client.bitpos("s", bit: 1) == 1)
            #expect(try await client.bitpos("s", bit: 1, index: BitposIndex(start: 2, endIndex: nil)) == 17)
            #expect(try await client.bitpos("s", bit: 1, index: BitposIndex(start: 2, endIndex: BitposIndexEndIndex(end: -1, indexUnit: .byte))) == 17)
            #expect(try await client.bitpos("s", bit: 0, index: BitposIndex(start: 0, endIndex: BitposIndexEndIndex(end: -1, indexUnit: .bit))) == 0)
            #expect(try await client.bitpos("missing", bit: 1) == -1)

            #expect(try await client.bitop("AND", "and", ["s", "s"]) == 6)
            #expect(try await client.get("and")?.string == "foobar")
            #expect(try await client.bitop("NOT", "not", ["s"]) == 6)
            #expect(try await client.bitop("OR", "or", ["s", "missing"]) == 6)

            let results = try await client.bitfield("bf", operations: [
                .write(wrapSatFail: nil, writeOperation: .encodingOffsetValue(encoding: "u8", offset: 0, value: 200)),
                .encodingOffset(encoding: "u8", offset: 0),
                .write(wrapSatFail: nil, writeOperation: .encodingOffsetIncrement(encoding: "u8", offset: 0, increment: 100)),
                .write(wrapSatFail: .fail, writeOperation: .encodingOffsetIncrement(encoding: "u8", offset: 0, increment: 250)),
                .write(wrapSatFail: .sat, writeOperation: .encodingOffsetIncrement(encoding: "u8", offset: 0, increment: 250)),
            ])
            #expect(results == [0, 200, 44, nil, 255])
            #expect(try await client.bitfield("bf").isEmpty)
            #expect(try await client.bitfieldRo("bf", get: [("u8", 0), ("i4", 4)]) == [255, -1])
            #expect(try await client.bitfieldRo("bf").isEmpty)
            try await assertEveryCommandCalled(groups: ["bitmap"], on: client)
        }
    }
}

/// Scored members as `member:score` strings, to compare a whole reply in one expectation.
private func scoredPairs(_ members: [RedisScoredMember]) -> [String] {
    members.map { "\($0.member.string):\($0.score)" }
}
