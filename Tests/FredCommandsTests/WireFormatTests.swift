import Fred
import NIOCore
import Testing

/// The exact bytes each option combination puts on the wire, against the form `COMMAND DOCS`
/// gives for the command.
@Suite struct WireFormatTests {
    /// The bytes `command` sends.
    static func wire(_ command: RESPCommand) -> String {
        var buffer = ByteBuffer()
        command.write(into: &buffer)
        return String(buffer: buffer)
    }

    /// The bytes a RESP array of `words` takes, written out independently of Fred's encoder.
    static func resp(_ words: String...) -> String {
        "*\(words.count)\r\n" + words.map { "$\($0.utf8.count)\r\n\($0)\r\n" }.joined()
    }

    @Test func set() {
        typealias C = RedisCommands
        #expect(Self.wire(C.set("k", "v")) == Self.resp("SET", "k", "v"))
        #expect(Self.wire(C.set("k", "v", expiration: .ex(10))) == Self.resp("SET", "k", "v", "EX", "10"))
        #expect(Self.wire(C.set("k", "v", expiration: .px(1500), options: .nx)) == Self.resp("SET", "k", "v", "PX", "1500", "NX"))
        #expect(Self.wire(C.set("k", "v", expiration: .exat(1_700_000_000))) == Self.resp("SET", "k", "v", "EXAT", "1700000000"))
        #expect(Self.wire(C.set("k", "v", expiration: .pxat(1_700_000_000_123))) == Self.resp("SET", "k", "v", "PXAT", "1700000000123"))
        #expect(Self.wire(C.set("k", "v", expiration: .keepTTL, options: .xx)) == Self.resp("SET", "k", "v", "KEEPTTL", "XX"))
        #expect(Self.wire(C.setGet("k", "v")) == Self.resp("SET", "k", "v", "GET"))
    }

    @Test func zadd() {
        typealias C = RedisCommands
        #expect(Self.wire(C.zadd("z", members: [(1.5, "a"), (2, "b")])) == Self.resp("ZADD", "z", "1.5", "a", "2", "b"))
        #expect(Self.wire(C.zadd("z", condition: .xx, comparison: .gt, change: true, members: [(-.infinity, "a")]))
                == Self.resp("ZADD", "z", "XX", "GT", "CH", "-inf", "a"))
        #expect(Self.wire(C.zaddIncr("z", condition: .nx, members: [(3, "c")])) == Self.resp("ZADD", "z", "NX", "INCR", "3", "c"))
    }

    @Test func xadd() {
        typealias C = RedisCommands
        #expect(Self.wire(C.xadd("s", id: .autoId, fields: [("f", "v")])) == Self.resp("XADD", "s", "*", "f", "v"))
        #expect(Self.wire(C.xadd("s", id: .id("5-1"), fields: [("a", "1"), ("b", "2")])) == Self.resp("XADD", "s", "5-1", "a", "1", "b", "2"))
        #expect(Self.wire(C.xadd("s", nomkstream: true, trim: StreamTrim(strategy: .maxlen, operator: .approximately, threshold: "1000", count: 10), id: .autoId, fields: [("f", "v")]))
                == Self.resp("XADD", "s", "NOMKSTREAM", "MAXLEN", "~", "1000", "LIMIT", "10", "*", "f", "v"))
        #expect(Self.wire(C.xadd("s", trim: StreamTrim(strategy: .minid, operator: .equal, threshold: "5-0", count: nil), id: .autoId, fields: [("f", "v")]))
                == Self.resp("XADD", "s", "MINID", "=", "5-0", "*", "f", "v"))
        #expect(Self.wire(C.xadd("s", trim: StreamTrim(strategy: .maxlen, operator: nil, threshold: "7", count: nil), id: .autoId, fields: [("f", "v")]))
                == Self.resp("XADD", "s", "MAXLEN", "7", "*", "f", "v"))
    }

    @Test func clientKill() {
        typealias C = RedisCommands
        #expect(Self.wire(C.clientKill(filters: [.id(7)])) == Self.resp("CLIENT", "KILL", "ID", "7"))
        #expect(Self.wire(C.clientKill(filters: [.type(.pubsub), .user("bob"), .addr("1.2.3.4:5"), .laddr("6.7.8.9:6379"), .skipme(.no)]))
                == Self.resp("CLIENT", "KILL", "TYPE", "PUBSUB", "USER", "bob", "ADDR", "1.2.3.4:5", "LADDR", "6.7.8.9:6379", "SKIPME", "NO"))
        #expect(Self.wire(C.clientKillAddress("1.2.3.4:5")) == Self.resp("CLIENT", "KILL", "1.2.3.4:5"))
    }

    @Test func sort() {
        typealias C = RedisCommands
        #expect(Self.wire(C.sort("l")) == Self.resp("SORT", "l"))
        #expect(Self.wire(C.sort("l", byPattern: "w_*", limit: Limit(offset: 0, count: 10), getPattern: ["#", "o_*"], order: .desc, alpha: true))
                == Self.resp("SORT", "l", "BY", "w_*", "LIMIT", "0", "10", "GET", "#", "GET", "o_*", "DESC", "ALPHA"))
        #expect(Self.wire(C.sortStore("l", order: .asc, destination: "out")) == Self.resp("SORT", "l", "ASC", "STORE", "out"))
    }

    @Test func geosearch() {
        typealias C = RedisCommands
        #expect(Self.wire(C.geosearch("g", from: .member("m"), by: .circle(radius: 2.5, unit: .km)))
                == Self.resp("GEOSEARCH", "g", "FROMMEMBER", "m", "BYRADIUS", "2.5", "KM"))
        #expect(Self.wire(C.geosearch("g", from: .longitudeLatitude(longitude: 13.4, latitude: 52.5), by: .box(width: 10, height: 20, unit: .mi),
                                      order: .asc, count: GeoCount(count: 3, any: true)))
                == Self.resp("GEOSEARCH", "g", "FROMLONLAT", "13.4", "52.5", "BYBOX", "10", "20", "MI", "ASC", "COUNT", "3", "ANY"))
        #expect(Self.wire(C.geosearchWithDetails("g", from: .member("m"), by: .circle(radius: 1, unit: .m), count: GeoCount(count: 5, any: false)))
                == Self.resp("GEOSEARCH", "g", "FROMMEMBER", "m", "BYRADIUS", "1", "M", "COUNT", "5", "WITHCOORD", "WITHDIST", "WITHHASH"))
    }

    @Test func numkeysIsTheNumberOfKeysPassed() {
        typealias C = RedisCommands
        #expect(Self.wire(C.eval("return 1")) == Self.resp("EVAL", "return 1", "0"))
        #expect(Self.wire(C.eval("return 1", keys: ["a", "b"], args: ["x"])) == Self.resp("EVAL", "return 1", "2", "a", "b", "x"))
        #expect(Self.wire(C.zunionstore("out", ["a", "b", "c"], weights: [1, 2, 3]))
                == Self.resp("ZUNIONSTORE", "out", "3", "a", "b", "c", "WEIGHTS", "1", "2", "3"))
        #expect(Self.wire(C.lmpop(["l1", "l2"], where: .left, count: 2)) == Self.resp("LMPOP", "2", "l1", "l2", "LEFT", "COUNT", "2"))
    }

    @Test func lpos() {
        typealias C = RedisCommands
        #expect(Self.wire(C.lpos("l", "x")) == Self.resp("LPOS", "l", "x"))
        #expect(Self.wire(C.lpos("l", "x", rank: -1, maxlen: 100)) == Self.resp("LPOS", "l", "x", "RANK", "-1", "MAXLEN", "100"))
        #expect(Self.wire(C.lposCount("l", "x", count: 0)) == Self.resp("LPOS", "l", "x", "COUNT", "0"))
    }
}
