import Fred
import FredTestSupport
import Foundation
import NIOCore
import Testing

/// The generated signatures take what a Swift program has at hand: any bulk-string type where
/// Redis takes a key, member, field or value (nested ones too), one value where Redis takes one
/// or more, decimals and exclusive or infinite score bounds, named structs for option groups.
/// Each call is checked against what the server stored.
@Suite(.timeLimit(.minutes(2))) struct NaturalArgumentsTests {
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func everyBulkStringTypeIsAnArgument(version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, _ in
            let user = "ann"
            let key: Substring = "user:ann:name".dropFirst(0)
            let bytes: [UInt8] = [0x00, 0xFF, 0x0D, 0x0A, 0x80]
            let data = Data(bytes)
            try await client.set(key, user)
            try await client.set("bytes:\(user)", bytes)
            try await client.set("data:\(user)", data)
            try await client.set("buffer", ByteBuffer(bytes: bytes))
            try await client.set("int64", Int64.max)
            try await client.set("uint64", UInt64.max)
            try await client.set("float", Float(0.5))
            #expect(try await client.get("user:ann:name")?.string == "ann")
            #expect(try await client.get("bytes:ann")?.bytes == bytes)
            #expect(try await client.get("data:ann")?.data == data)
            #expect(try await client.get("buffer")?.bytes == bytes)
            #expect(try await client.get("int64")?.string == "9223372036854775807")
            #expect(try await client.get("uint64")?.string == "18446744073709551615")
            #expect(try await client.get("float")?.double == 0.5)
            let read = try await client.execute(RedisCommands.get("data:ann")).decode(as: Data?.self)
            #expect(read == data)

            // Nested positions: tuple members, optional patterns, option enums.
            let member = "bob"
            try await client.zadd("board", members: [(score: 1, member: member), (score: 2, member: user)])
            try await client.hset("h", fields: [(field: "f\(1)", value: data)])
            #expect(try await client.hget("h", "f1")?.data == data)
            let pattern = "user:*"
            var seen: [String] = []
            for try await found in client.scanKeys(match: pattern) { seen.append(found.string) }
            #expect(seen == ["user:ann:name"])
        }
    }

    @Test func oneValueFormsSendOneArgument() async throws {
        try await withConnectedClient { client, _ in
            let job = "job-1"
            #expect(try await client.lpush("queue", job) == 1)
            #expect(try await client.lpush("queue", ["job-2", "job-3"]) == 3)
            #expect(try await client.sadd("tags", "swift") == 1)
            #expect(try await client.exists("queue") == 1)
            #expect(try await client.brpop("queue", timeout: 1)?.value.string == job)
            #expect(try await client.del("queue") == 1)
            #expect(try await client.del(["tags", "missing"]) == 1)
            let calls = try await client.info(sections: ["commandstats"])
            #expect(calls.contains("cmdstat_lpush:calls=2"))
            #expect(calls.contains("cmdstat_del:calls=2"))
        }
    }

    @Test func decimalsAndScoreBoundsReachTheServerAsWritten() async throws {
        try await withConnectedClient { client, _ in
            try await client.zadd("z", members: [(1, "a"), (2, "b"), (3, "c")])
            #expect(try await client.zincrby("z", increment: 0.5, "a") == 1.5)
            #expect(try await client.zcount("z", min: 1.5, max: 3) == 3)
            #expect(try await client.zcount("z", min: .exclusive(1.5), max: 3) == 2)
            #expect(try await client.zcount("z", min: .negativeInfinity, max: .exclusive(3)) == 2)
            #expect(try await client.zcount("z", min: .exclusive(2), max: .positiveInfinity) == 1)
            let page = try await client.zrangebyscore("z", min: .negativeInfinity, max: .positiveInfinity, limit: Limit(offset: 1, count: 1))
            #expect(page.map(\.string) == ["b"])
            #expect(try await client.zremrangebyscore("z", min: .exclusive(2), max: .positiveInfinity) == 1)

            try await client.zadd("x", members: [(1, "m")])
            try await client.zadd("y", members: [(1, "m")])
            #expect(try await client.zunionstore("u", ["x", "y"], weights: [0.5, 1.25]) == 1)
            #expect(try await client.zscore("u", "m") == 1.75)
        }
    }

    @Test func optionGroupsAreNamedStructs() async throws {
        try await withConnectedClient { client, _ in
            for index in 0..<20 {
                try await client.xadd("events", id: .autoId, fields: [(field: "n", value: index)])
            }
            try await client.xadd("events", trim: StreamTrim(strategy: .maxlen, operator: .equal, threshold: 5), id: .autoId, fields: [("n", "last")])
            #expect(try await client.xlen("events") == 5)
            #expect(try await client.xtrim("events", trim: StreamTrim(strategy: .maxlen, threshold: 2)) == 3)

            try await client.geoadd("places", members: [(longitude: 13.361389, latitude: 38.115556, member: "Palermo"),
                                                        (longitude: 15.087269, latitude: 37.502669, member: "Catania")])
            let nearest = try await client.geosearch("places", from: .member("Palermo"), by: .circle(radius: 200, unit: .km),
                                                    order: .asc, count: GeoCount(count: 1))
            #expect(nearest.map(\.string) == ["Palermo"])
        }
    }
}
