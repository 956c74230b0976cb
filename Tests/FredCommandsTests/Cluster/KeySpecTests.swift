import Fred
import FredTestSupport
import Testing

/// The keys a command's specs point at are the keys the server finds (`COMMAND GETKEYS`).
@Suite(.timeLimit(.minutes(1))) struct KeySpecTests {
    typealias C = RedisCommands

    static let commands: [RESPCommand] = [
        C.get("k"), C.set("k", "v", expiration: .ex(5)), C.mset(pairs: [("a", "1"), ("b", "2"), ("c", "3")]),
        C.mget(["a", "b", "c"]), C.del(["a", "b"]), C.rename("from", "to"), C.copy("src", "dst", replace: true),
        C.zunionstore("out", ["z1", "z2", "z3"], weights: [1, 2, 3]), C.zinter(["z1", "z2"]), C.zdiffstore("d", ["z1"]),
        C.lmpop(["l1", "l2"], where: .left, count: 2), C.blmpop(timeout: 1, ["l1", "l2", "l3"], where: .right),
        C.eval("return 1", keys: ["k1", "k2"], args: ["x", "y"]), C.fcall("f", keys: ["k1"], args: ["a"]),
        C.xread(count: 1, streams: StreamPositions(key: ["s1", "s2"], id: ["0", "0"])),
        C.xreadgroup(groupConsumer: StreamConsumer(group: "g", consumer: "c"), streams: StreamPositions(key: ["s1"], id: [">"])),
        C.xadd("s", id: .autoId, fields: [("f", "v")]), C.xinfoStream("s"), C.objectEncoding("k"),
        C.lmove("src", "dst", wherefrom: .left, whereto: .right), C.smove("a", "b", "m"), C.sintercard(["s1", "s2"], limit: 3),
        C.georadius("g", longitude: 1, latitude: 2, radius: 3, unit: .km), C.geosearchstore("dst", "src", from: .member("m"), by: .circle(radius: 1, unit: .m)),
        C.bitop("AND", "dest", ["k1", "k2"]), C.pfmerge("dst", ["h1", "h2"]), C.memoryUsage("k"), C.blpop(["q1", "q2"], timeout: 0.1),
        C.touch(["t1", "t2"]), C.exists(["e1"]), C.hset("h", fields: [("f", "v")]), C.zadd("z", members: [(1, "m")]),
    ]

    @Test func keysAreTheKeysTheServerFinds() async throws {
        try await withConnectedClient { client, _ async throws in
            for command in Self.commands {
                let words = command.arguments.map { String(decoding: $0, as: UTF8.self) }
                let server = try await client.send(command: ["COMMAND", "GETKEYS"] + words).decode(as: [String].self)
                let ours = command.info.keys(of: command)?.map { String(decoding: $0, as: UTF8.self) }
                #expect(ours == server, "\(words.joined(separator: " "))")
            }
        }
    }
}
