import Fred
import FredTestSupport
import Testing

/// Every command of the list, set and stream groups through its typed method, on a real server,
/// RESP2 and RESP3. One server per group and protocol, so that each group's coverage check sees
/// every call.
@Suite(.timeLimit(.minutes(1))) struct ListSetStreamCommandsTests {
    // MARK: - list

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func listCommands(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            // Pushes and reads.
            #expect(try await client.rpush("l", ["a", "b", "c"]) == 3)
            #expect(try await client.lpush("l", ["z", "y"]) == 5)
            #expect(try await client.lpushx("l", ["x"]) == 6)
            #expect(try await client.rpushx("l", ["d"]) == 7)
            #expect(try await client.lpushx("nolist", ["x"]) == 0)
            #expect(try await client.rpushx("nolist", ["x"]) == 0)
            #expect(try await client.llen("l") == 7)
            #expect(try await client.llen("nolist") == 0)
            #expect(try await client.lrange("l", start: 0, stop: -1).map(\.string) == ["x", "y", "z", "a", "b", "c", "d"])
            #expect(try await client.lrange("nolist", start: 0, stop: -1).isEmpty)
            #expect(try await client.lindex("l", index: -1)?.string == "d")
            #expect(try await client.lindex("l", index: 99) == nil)

            // Edits in place.
            #expect(try await client.linsert("l", where: .before, "a", "A") == 8)
            #expect(try await client.linsert("l", where: .after, "nope", "B") == -1)
            #expect(try await client.linsert("nolist", where: .after, "a", "B") == 0)
            try await client.lset("l", index: 0, "X")
            try await client.ltrim("l", start: 0, stop: 5)
            #expect(try await client.lrange("l", start: 0, stop: -1).map(\.string) == ["X", "y", "z", "A", "a", "b"])
            await #expect(throws: RedisError.self) { try await client.lset("nolist", index: 0, "v") }
            #expect(try await client.rpush("r", ["a", "b", "a", "c", "a"]) == 5)
            #expect(try await client.lrem("r", count: -1, "a") == 1)
            #expect(try await client.lrem("r", count: 0, "a") == 2)
            #expect(try await client.lrem("r", count: 0, "zz") == 0)
            #expect(try await client.lrange("r", start: 0, stop: -1).map(\.string) == ["b", "c"])

            // LPOS: one index, or (lposCount) every index up to a count.
            #expect(try await client.rpush("p", ["a", "b", "c", "a", "b"]) == 5)
            #expect(try await client.lpos("p", "b") == 1)
            #expect(try await client.lpos("p", "b", rank: -1) == 4)
            #expect(try await client.lpos("p", "a", rank: 2) == 3)
            #expect(try await client.lpos("p", "a", rank: 2, maxlen: 3) == nil)
            #expect(try await client.lpos("p", "zz") == nil)
            #expect(try await client.lpos("nolist", "zz") == nil)
            #expect(try await client.lposCount("p", "b", count: 0) == [1, 4])
            #expect(try await client.lposCount("p", "a", rank: -1, count: 1) == [3])
            #expect(try await client.lposCount("p", "a", count: 5, maxlen: 3) == [0])
            #expect(try await client.lposCount("p", "zz", count: 2) == [])
            #expect(try await client.lposCount("nolist", "zz", count: 2) == [])

            // Pops: one element, or (…Count) an array that is nil when the key does not exist.
            #expect(try await client.lpop("p")?.string == "a")
            #expect(try await client.rpop("p")?.string == "b")
            #expect(try await client.lpopCount("p", count: 0) == [])
            #expect(try await client.lpopCount("p", count: 2)?.map(\.string) == ["b", "c"])
            #expect(try await client.rpopCount("p", count: 5)?.map(\.string) == ["a"])
            #expect(try await client.lpop("p") == nil)
            #expect(try await client.rpop("p") == nil)
            #expect(try await client.lpopCount("p", count: 2) == nil)
            #expect(try await client.rpopCount("p", count: 2) == nil)

            // Moves between lists; the blocking forms return at once with data, nil on timeout.
            #expect(try await client.lmove("l", "m", wherefrom: .left, whereto: .right)?.string == "X")
            #expect(try await client.lmove("nolist", "m", wherefrom: .left, whereto: .right) == nil)
            #expect(try await client.rpoplpush("l", "m")?.string == "b")
            #expect(try await client.rpoplpush("nolist", "m") == nil)
            #expect(try await client.blmove("l", "m", wherefrom: .right, whereto: .left, timeout: 0.01)?.string == "a")
            #expect(try await client.blmove("nolist", "m", wherefrom: .right, whereto: .left, timeout: 0.01) == nil)
            #expect(try await client.brpoplpush("l", "m", timeout: 0.01)?.string == "A")
            #expect(try await client.brpoplpush("nolist", "m", timeout: 0.01) == nil)
            #expect(try await client.lrange("l", start: 0, stop: -1).map(\.string) == ["y", "z"])
            #expect(try await client.lrange("m", start: 0, stop: -1).map(\.string) == ["A", "a", "b", "X"])

            // Pops naming the key they popped from.
            let popped = try await client.lmpop(["nolist", "m"], where: .left, count: 2)
            #expect(popped == RedisKeyedValues(key: "m", values: ["A", "a"]))
            #expect(try await client.lmpop(["nolist"], where: .left) == nil)
            let blockingPopped = try await client.blmpop(timeout: 0.01, ["nolist", "m"], where: .right)
            #expect(blockingPopped == RedisKeyedValues(key: "m", values: ["X"]))
            #expect(try await client.blmpop(timeout: 0.01, ["nolist"], where: .left, count: 3) == nil)
            #expect(try await client.rpush("q", ["1", "2"]) == 2)
            #expect(try await client.blpop(["nolist", "q"], timeout: 0.01) == RedisKeyedValue(key: "q", value: "1"))
            #expect(try await client.brpop(["nolist", "m"], timeout: 0.01) == RedisKeyedValue(key: "m", value: "b"))
            #expect(try await client.blpop(["nolist"], timeout: 0.01) == nil)
            #expect(try await client.brpop(["nolist"], timeout: 0.01) == nil)

            // A list command on a string is a server error.
            _ = try await client.set("text", "v")
            await #expect(throws: RedisError.self) { _ = try await client.lpush("text", ["x"]) }

            try await assertEveryCommandCalled(groups: ["list"], on: client)
        }
    }

    // MARK: - set

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func setCommands(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            #expect(try await client.sadd("s1", ["a", "b", "c", "d"]) == 4)
            #expect(try await client.sadd("s1", ["a", "e"]) == 1)
            #expect(try await client.sadd("s2", ["c", "d", "f"]) == 3)
            #expect(try await client.scard("s1") == 5)
            #expect(try await client.scard("none") == 0)
            #expect(try await client.sismember("s1", "a"))
            #expect(try await client.sismember("s1", "z") == false)
            #expect(try await client.smismember("s1", ["a", "z", "e"]) == [true, false, true])

            // Members come back in no particular order (RESP3 sends a set): compare them sorted.
            let members = try await client.smembers("s1")
            #expect(members.count == 5)
            #expect(members.map(\.string).sorted() == ["a", "b", "c", "d", "e"])
            #expect(try await client.smembers("none").isEmpty)
            let difference = try await client.sdiff(["s1", "s2"])
            #expect(difference.map(\.string).sorted() == ["a", "b", "e"])
            #expect(try await client.sdiff(["none"]).isEmpty)
            #expect(try await client.sdiffstore("d", ["s1", "s2"]) == 3)
            let intersection = try await client.sinter(["s1", "s2"])
            #expect(intersection.map(\.string).sorted() == ["c", "d"])
            #expect(try await client.sintercard(["s1", "s2"]) == 2)
            #expect(try await client.sintercard(["s1", "s2"], limit: 1) == 1)
            #expect(try await client.sinterstore("i", ["s1", "s2"]) == 2)
            let union = try await client.sunion(["s1", "s2"])
            #expect(union.map(\.string).sorted() == ["a", "b", "c", "d", "e", "f"])
            #expect(try await client.sunionstore("u", ["s1", "s2"]) == 6)
            let stored = try await client.smembers("d")
            #expect(stored.map(\.string).sorted() == ["a", "b", "e"])

            #expect(try await client.smove("s1", "s2", "a"))
            #expect(try await client.smove("s1", "s2", "zz") == false)
            #expect(try await client.srem("s2", ["a", "zz"]) == 1)
            #expect(try await client.sismember("s2", "a") == false)

            // SSCAN to the end of the iteration.
            var scanned: [String] = []
            var cursor = 0
            repeat {
                let page = try await client.sscan("u", cursor: cursor, count: 2)
                scanned += page.elements.map(\.string)
                cursor = page.cursor
            } while cursor != 0
            #expect(scanned.sorted() == ["a", "b", "c", "d", "e", "f"])
            let matching = try await client.sscan("u", cursor: 0, match: "a*", count: 100)
            #expect(matching.isComplete)
            #expect(matching.elements.map(\.string) == ["a"])

            // Random members: check membership and counts.
            #expect(try await client.sadd("r", ["x", "y", "z"]) == 3)
            let all: Set<String> = ["x", "y", "z"]
            let one = try #require(try await client.srandmember("r"))
            #expect(all.contains(one.string))
            let distinct = try await client.srandmemberCount("r", count: 5)
            #expect(distinct.count == 3)
            #expect(Set(distinct.map(\.string)) == all)
            let repeated = try await client.srandmemberCount("r", count: -5)
            #expect(repeated.count == 5)
            #expect(repeated.allSatisfy { all.contains($0.string) })
            #expect(try await client.srandmember("none") == nil)
            #expect(try await client.srandmemberCount("none", count: 3).isEmpty)
            #expect(try await client.scard("r") == 3)

            let first = try #require(try await client.spop("r"))
            let rest = try await client.spopCount("r", count: 5)
            #expect(rest.count == 2)
            #expect(Set([first.string] + rest.map(\.string)) == all)
            #expect(try await client.spop("r") == nil)
            #expect(try await client.spopCount("r", count: 2).isEmpty)

            try await client.set("not-a-set", "x")
            await #expect(throws: RedisError.self) { _ = try await client.sintercard(["s1", "not-a-set"]) }  // WRONGTYPE

            try await assertEveryCommandCalled(groups: ["set"], on: client)
        }
    }

    // MARK: - stream

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func streamCommands(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            // Appends.
            #expect(try await client.xadd("s", id: .id("1-1"), fields: [("f1", "v1"), ("f2", "v2")]) == "1-1")
            #expect(try await client.xadd("s", id: .id("2-1"), fields: [("f", "v")]) == "2-1")
            let automatic = try await client.xadd("auto", id: .autoId, fields: [("n", "1")])
            #expect(automatic?.split(separator: "-").count == 2)
            #expect(try await client.xadd("none", nomkstream: true, id: .autoId, fields: [("f", "v")]) == nil)
            #expect(try await client.xadd("s", trim: StreamTrim(strategy: .maxlen, operator: .equal, threshold: "10", count: nil), id: .id("3-0"), fields: [("a", "b")]) == "3-0")
            #expect(try await client.xlen("s") == 3)
            #expect(try await client.xlen("none") == 0)

            // Ranges.
            let entries = try await client.xrange("s", "-", "+")
            #expect(entries.map(\.id) == ["1-1", "2-1", "3-0"])
            let firstEntry = RedisStreamEntry(id: "1-1", fields: [RedisFieldValue(field: "f1", value: "v1"), RedisFieldValue(field: "f2", value: "v2")])
            #expect(entries.first == firstEntry)
            #expect(entries.first?[field: "f2"]?.string == "v2")
            #expect(try await client.xrange("s", "-", "+", count: 1).map(\.id) == ["1-1"])
            #expect(try await client.xrange("none", "-", "+").isEmpty)
            #expect(try await client.xrevrange("s", "+", "-", count: 2).map(\.id) == ["3-0", "2-1"])

            // XREAD: a dictionary of stream → entries (RESP2 pairs, RESP3 map), nil on timeout.
            let read = try await client.xread(count: 1, streams: StreamPositions(key: ["s", "none"], id: ["0", "0"]))
            #expect(read?.count == 1)
            #expect(read?["s"] == [firstEntry])
            #expect(try await client.xread(block: 10, streams: StreamPositions(key: ["none"], id: ["$"])) == nil)

            // Consumer groups.
            try await client.xgroupCreate("s", "g", id: .id("0"))
            try await client.xgroupCreate("s", "g2", id: .newId, mkstream: true, entriesRead: 0)
            try await client.xgroupCreate("fresh", "g", id: .newId, mkstream: true)
            #expect(try await client.xlen("fresh") == 0)
            await #expect(throws: RedisError.self) { try await client.xgroupCreate("s", "g", id: .newId) }
            #expect(try await client.xgroupCreateconsumer("s", "g", "alice"))
            #expect(try await client.xgroupCreateconsumer("s", "g", "alice") == false)
            let delivered = try await client.xreadgroup(groupConsumer: StreamConsumer(group: "g", consumer: "bob"), count: 2, streams: StreamPositions(key: ["s"], id: [">"]))
            #expect(delivered?["s"]?.map(\.id) == ["1-1", "2-1"])
            #expect(try await client.xreadgroup(groupConsumer: StreamConsumer(group: "g", consumer: "bob"), block: 10, streams: StreamPositions(key: ["fresh"], id: [">"])) == nil)
            let history = try await client.xreadgroup(groupConsumer: StreamConsumer(group: "g", consumer: "bob"), streams: StreamPositions(key: ["s"], id: ["0"]))
            #expect(history?["s"]?.map(\.id) == ["1-1", "2-1"])
            let unacknowledged = try await client.xreadgroup(groupConsumer: StreamConsumer(group: "g", consumer: "carol"), noack: true, streams: StreamPositions(key: ["s"], id: [">"]))
            #expect(unacknowledged?["s"]?.map(\.id) == ["3-0"])

            // XPENDING summary: [count, smallest, greatest, [[consumer, count]]].
            let summary = try await client.xpending("s", "g")
            #expect(summary == RedisPendingSummary(count: 2, smallestID: "1-1", greatestID: "2-1", consumers: ["bob": 2]))
            #expect(try await client.xpending("s", "g2") == RedisPendingSummary(count: 0))

            // XPENDING extended: one [id, consumer, idle, deliveries] per message.
            let pending = try await client.xpendingExtended("s", "g", "-", "+", count: 10)
            #expect(pending.map(\.id) == ["1-1", "2-1"])
            #expect(pending.map(\.consumer) == ["bob", "bob"])
            #expect(pending.map(\.deliveries) == [2, 2])
            let pendingOfBob = try await client.xpendingExtended("s", "g", minIdleTime: 0, "-", "+", count: 10, consumer: "bob")
            #expect(pendingOfBob.count == 2)
            let pendingOfNobody = try await client.xpendingExtended("s", "g", "-", "+", count: 10, consumer: "nobody")
            #expect(pendingOfNobody.isEmpty)

            // XAUTOCLAIM: [next start, entries or IDs, deleted IDs].
            let autoclaimed = try await client.xautoclaim("s", "g", "bob", "0", "0-0", count: 1)
            #expect(autoclaimed == RedisAutoclaimResult(nextID: "2-1", entries: [firstEntry], deletedIDs: []))
            let autoclaimedIDs = try await client.xautoclaimJustid("s", "g", "bob", "0", "0-0")
            #expect(autoclaimedIDs == RedisAutoclaimIDs(nextID: "0-0", ids: ["1-1", "2-1"], deletedIDs: []))

            // XCLAIM: the entries, or (xclaimJustid) their IDs.
            #expect(try await client.xclaim("s", "g", "alice", "0", ["1-1"], idle: 5, retryCount: 3) == [firstEntry])
            #expect(try await client.xclaimJustid("s", "g", "alice", "0", ["2-1"]) == ["2-1"])
            let forced = try await client.xclaim("s", "g", "alice", "0", ["3-0"], time: 1_000, force: true, lastid: "3-0")
            #expect(forced.map(\.id) == ["3-0"])
            #expect(try await client.xclaim("s", "g", "alice", "0", ["9-9"]).isEmpty)
            let claimedSummary = try await client.xpending("s", "g")
            #expect(claimedSummary.count == 3)
            #expect(claimedSummary.consumers == ["alice": 3])

            // A pending entry deleted from the stream shows up in XAUTOCLAIM's third element.
            #expect(try await client.xdel("s", ["2-1", "9-9"]) == 1)
            let afterDelete = try await client.xautoclaim("s", "g", "bob", "0", "0-0")
            #expect(afterDelete.nextID == "0-0")
            #expect(afterDelete.entries.map(\.id) == ["1-1", "3-0"])
            #expect(afterDelete.deletedIDs == ["2-1"])
            #expect(try await client.xack("s", "g", ["1-1", "9-9"]) == 1)

            // XINFO records (RESP3 maps, RESP2 flat pairs).
            let groups = try await client.xinfoGroups("s")
            #expect(groups.map(\.name) == ["g", "g2"])
            #expect(groups.first?.consumers == 3)
            #expect(groups.first?.pending == 1)
            #expect(groups.first?.lastDeliveredID == "3-0")
            let consumers = try await client.xinfoConsumers("s", "g")
            #expect(consumers.map(\.name) == ["alice", "bob", "carol"])
            #expect(consumers.map(\.pending) == [0, 1, 0])
            let stream = try await client.xinfoStream("s")
            #expect(stream.length == 2)
            #expect(stream.lastGeneratedID == "3-0")
            #expect(stream.groups == 2)
            #expect(stream.firstEntry == firstEntry)
            #expect(stream.lastEntry?.id == "3-0")
            let full = try await client.xinfoStreamFull("s", count: 1)
            #expect(full.entries == [firstEntry])
            #expect(full.groups.map(\.name) == ["g", "g2"])
            #expect(full.groups.first?.consumers.map(\.name) == ["alice", "bob", "carol"])
            #expect(full.groups.first?.pending.map(\.id) == ["3-0"])
            let fullUnbounded = try await client.xinfoStreamFull("s")
            #expect(fullUnbounded.entries.map(\.id) == ["1-1", "3-0"])
            await #expect(throws: RedisError.self) { _ = try await client.xinfoStream("none") }
            #expect(try await client.xinfoHelp().first?.hasPrefix("XINFO") == true)
            #expect(try await client.xgroupHelp().first?.hasPrefix("XGROUP") == true)

            // Group maintenance.
            #expect(try await client.xgroupDelconsumer("s", "g", "alice") == 0)
            #expect(try await client.xgroupDelconsumer("s", "g", "bob") == 1)
            try await client.xgroupSetid("s", "g", id: .id("0"), entriesRead: 0)
            try await client.xgroupSetid("s", "g", id: .newId)
            #expect(try await client.xgroupDestroy("s", "g2"))
            #expect(try await client.xgroupDestroy("s", "g2") == false)

            // Stream ID bookkeeping and trimming.
            await #expect(throws: RedisError.self) { try await client.xsetid("s", "1-0") }
            try await client.xsetid("s", "99-0", entriesAdded: 10, maxDeletedEntryId: "2-1")
            await #expect(throws: RedisError.self) { _ = try await client.xadd("s", id: .id("50-0"), fields: [("f", "v")]) }
            let moved = try await client.xinfoStream("s")
            #expect(moved.lastGeneratedID == "99-0")
            #expect(moved.entriesAdded == 10)
            #expect(moved.maxDeletedEntryID == "2-1")
            #expect(try await client.xtrim("s", trim: StreamTrim(strategy: .maxlen, operator: .equal, threshold: "1", count: nil)) == 1)
            #expect(try await client.xtrim("s", trim: StreamTrim(strategy: .minid, operator: .approximately, threshold: "0", count: 10)) == 0)
            #expect(try await client.xrange("s", "-", "+").map(\.id) == ["3-0"])

            try await assertEveryCommandCalled(groups: ["stream"], on: client)
        }
    }

    /// Reading a consumer's pending history returns an entry deleted since its delivery as
    /// `[id, null]`; the typed reply must still decode (the entry's ID, no fields).
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func pendingHistoryWithADeletedEntry(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, auditingKeySlots: true) { client, _ async throws in
            _ = try await client.xadd("s", id: .id("1-1"), fields: [("f", "v")])
            _ = try await client.xadd("s", id: .id("2-1"), fields: [("f", "v")])
            try await client.xgroupCreate("s", "g", id: .id("0"))
            let delivered = try await client.xreadgroup(groupConsumer: StreamConsumer(group: "g", consumer: "c"), streams: StreamPositions(key: ["s"], id: [">"]))
            #expect(delivered?["s"]?.map(\.id) == ["1-1", "2-1"])
            #expect(try await client.xdel("s", ["2-1"]) == 1)
            let history = try await client.xreadgroup(groupConsumer: StreamConsumer(group: "g", consumer: "c"), streams: StreamPositions(key: ["s"], id: ["0"]))
            #expect(history?["s"]?.map(\.id) == ["1-1", "2-1"])
            #expect(history?["s"]?.first?.fields == [RedisFieldValue(field: "f", value: "v")])
        }
    }
}

/// Field `name` of every record (RESP3 map or RESP2 flat pairs), decoded; nil where it is missing.
private func field<T: RESPDecodable>(_ records: [[String: RESPValue]], _ name: String, as type: T.Type) throws -> [T?] {
    try records.map { try $0[name]?.decode(as: T.self) }
}
