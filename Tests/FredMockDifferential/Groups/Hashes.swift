import Fred
import NIOCore

extension DiffGroup {
    /// Hashes: fields and values, counters, random fields, HSCAN.
    ///
    /// The mock keeps a hash as a dictionary, so listings (`HGETALL`, `HKEYS`, `HVALS`, `HSCAN`)
    /// compare in any order: a server lists a small (listpack) hash in insertion order, which the
    /// mock's storage does not keep. Hashes stay small and values short (listpack on the server),
    /// except in a self-contained sequence that makes a hash-table hash and deletes it again, so
    /// that `HSCAN` (which answers a listpack hash in one call) meets no hash-table hash bigger than
    /// its `COUNT`.
    public static let hashes = DiffGroup(name: "hashes", commands: [
        "HSET", "HSETNX", "HMSET", "HGET", "HMGET", "HGETALL", "HKEYS", "HVALS", "HLEN", "HEXISTS", "HDEL", "HSTRLEN",
        "HINCRBY", "HINCRBYFLOAT", "HRANDFIELD", "HSCAN",
    ]) { random in
        let key = random.key()
        let field = random.member()
        let value = random.chance(0.4)
            ? random.integerArgument(-20...20, invalid: 0)
            : random.pick(["v", "hello", "", "abc", "1.5", "x y", "-0", "1e3"])
        switch random.int(0...23) {
        case 0, 1, 2:
            var words = ["HSET", key]
            for _ in 0..<random.int(1...3) { words += [random.member(), random.pick([value, "w", "7"])] }
            if random.chance(0.05) { words.removeLast() }
            return [DiffCommand(words)]
        case 3: return [DiffCommand(["HSETNX", key, field, value] + (random.chance(0.05) ? ["extra"] : []))]
        case 4:
            var words = ["HMSET", key]
            for _ in 0..<random.int(1...3) { words += [random.member(), value] }
            if random.chance(0.05) { words.removeLast() }
            return [DiffCommand(words)]
        case 5: return [DiffCommand(["HGET", key, field])]
        case 6: return [DiffCommand(["HMGET", key] + (0..<random.int(1...4)).map { _ in random.member() })]
        case 7: return [DiffCommand(["HGETALL", key], check: .unorderedPairs)]
        case 8: return [DiffCommand([random.pick(["HKEYS", "HVALS"]), key], check: .unordered)]
        case 9: return [DiffCommand(["HLEN", key])]
        case 10: return [DiffCommand([random.pick(["HEXISTS", "HSTRLEN"]), key, field])]
        case 11: return [DiffCommand(["HDEL", key] + (0..<random.int(1...3)).map { _ in random.member() })]
        case 12: return [DiffCommand(["HINCRBY", key, field, random.integerArgument(-100...100, invalid: 0.1)])]
        case 13: return [DiffCommand(["HINCRBYFLOAT", key, field, random.floatArgument(invalid: 0.1)])]
        case 14:
            // Stored values a server reads as numbers, or not, for the counters.
            let stored = random.pick(["9223372036854775807", "-9223372036854775808", "0x10", " 1", "1 ", "inf", "1e5000",
                                      "1.0e1", "-0", "007", "3.25", "abc", "0.1"])
            let counter = random.chance(0.5)
                ? ["HINCRBY", key, field, random.pick(["1", "-1", "0", "9223372036854775807", "-9223372036854775808"])]
                : ["HINCRBYFLOAT", key, field, random.pick(["0.1", "0.2", "-0.3", "1e-400", "0x1p3", "1e15", "inf", "nan", "-0.0"])]
            return [DiffCommand(["HSET", key, field, stored]), DiffCommand(counter)]
        case 15, 16:
            return [DiffCommand(["HRANDFIELD", key], check: .random(.oneOf(observing: ["HKEYS", key])))]
        case 17:
            let count = random.pick(["0", "1", "2", "3", "5", "-1", "-3", "-6", "x", "-9223372036854775808"])
            if random.chance(0.5) {
                var words = ["HRANDFIELD", key, count, "WITHVALUES"]
                if random.chance(0.1) { words[3] = random.pick(["WITHVALUE", "bogus"]) }
                if random.chance(0.05) { words.append("extra") }
                if random.chance(0.05) { words[2] = random.pick(["4611686018427387904", "-4611686018427387904", "9223372036854775807"]) }
                return [DiffCommand(words, check: .random(.hashFieldsWithValues(observing: key, distinct: !count.hasPrefix("-"))))]
            }
            return [DiffCommand(["HRANDFIELD", key, count],
                                check: .random(.someOf(observing: ["HKEYS", key], distinct: !count.hasPrefix("-"))))]
        case 18, 19:
            // A listpack hash ignores the cursor; no hash-table hash lives long enough to meet this.
            var words = ["HSCAN", key, random.pick(["0", "0", "0", "7", "", "-1", "+3", " 1", "x", "18446744073709551616"])]
            if random.chance(0.4) { words += ["MATCH", random.pick(["m*", "*", "m[1-3]", "1?", "x*"])] }
            if random.chance(0.4) { words += ["COUNT", random.pick(["1", "10", "100", "0", "-1", "x"])] }
            if random.chance(0.05) { words += [random.pick(["COUNT", "MATCH", "TYPE", "NOVALUES"])] }
            return [DiffCommand(words, check: .random(.hashScan))]
        case 20:
            // A hash-table hash (a value longer than 64 bytes), listed, then deleted again.
            let long = String(repeating: "x", count: random.int(65...80))
            return [
                DiffCommand(["DEL", key]),
                DiffCommand(["HSET", key, "m1", long, "m2", "2", "m3", "3"]),
                DiffCommand(["HGETALL", key], check: .unorderedPairs),
                DiffCommand(["HSCAN", key, "0", "COUNT", "100"], check: .random(.hashScan)),
                DiffCommand(["HINCRBYFLOAT", key, "m2", "1e400"]),
                DiffCommand(["HSTRLEN", key, "m2"]),
                DiffCommand(["HDEL", key, "m1", "m2"]),
                DiffCommand(["HSCAN", key, "0", "COUNT", "100"], check: .random(.hashScan)),
                DiffCommand(["DEL", key]),
            ]
        case 21:
            // Wrong arity.
            return [DiffCommand(random.pick([
                ["HGET", key], ["HSET", key], ["HSET", key, field], ["HSETNX", key, field], ["HLEN"], ["HGETALL"], ["HDEL", key],
                ["HMGET", key], ["HINCRBY", key, field], ["HINCRBYFLOAT", key], ["HRANDFIELD"], ["HSCAN", key], ["HSTRLEN", key],
                ["HEXISTS", key, field, field], ["HKEYS", key, key], ["HMSET", key, field],
            ]))]
        case 22: return [DiffCommand(["EXPIRE", key, "100000"]), DiffCommand(["HSET", key, field, value]), DiffCommand(["TTL", key], check: .near(1))]
        default:
            // Another type at the key, for WRONGTYPE.
            return [DiffCommand(random.pick([["SET", key, value], ["DEL", key], ["SADD", key, field]]))]
        }
    }
}

extension DiffRandomCheck {
    /// `HRANDFIELD key count WITHVALUES`: both sides answer as many pairs, each a field and its value
    /// in the hash (observed with `HGETALL`), distinct fields for a positive count; RESP3 pairs are
    /// arrays, RESP2 a flat list.
    public static func hashFieldsWithValues(observing key: String, distinct: Bool) -> DiffRandomCheck {
        DiffRandomCheck(observe: ["HGETALL", key], accept: { real, mock, observed in
            guard case .value(let realValue) = real, case .value(let mockValue) = mock else {
                return real == mock ? nil : "the replies differ"
            }
            let pool = Set(hashPairs(observed?.elements ?? []))
            var answers: [[String]] = []
            for value in [realValue, mockValue] {
                guard case .array(let items) = value else { return "not an array: \(value)" }
                let pairs: [String]
                if items.allSatisfy({ if case .array = $0 { return true } else { return false } }) {
                    pairs = items.compactMap { item -> String? in
                        guard case .array(let pair) = item, pair.count == 2 else { return nil }
                        return "\(pair[0]) => \(pair[1])"
                    }
                    guard pairs.count == items.count else { return "malformed pairs: \(value)" }
                } else {
                    pairs = hashPairs(items)
                }
                answers.append(pairs)
            }
            if (realValue.shapeOfPairs) != (mockValue.shapeOfPairs) { return "the pairs are shaped differently" }
            guard answers[0].count == answers[1].count else { return "\(answers[0].count) pairs from redis-server, \(answers[1].count) from the mock" }
            for (side, pairs) in zip(["redis-server", "mock"], answers) {
                if let stray = pairs.first(where: { !pool.contains($0) }) { return "\(side) answered \(stray), not in the hash" }
                if distinct && Set(pairs).count != pairs.count { return "\(side) repeated a field" }
            }
            return nil
        })
    }

    /// `HSCAN` of a hash that a server answers in one call: the same cursor, and the same pairs in
    /// any order.
    public static let hashScan = DiffRandomCheck(accept: { real, mock, _ in
        guard let left = real.elements, let right = mock.elements, left.count == 2, right.count == 2 else {
            return real == mock ? nil : "the replies differ"
        }
        guard left[0] == right[0] else { return "cursor \(left[0]) from redis-server, \(right[0]) from the mock" }
        guard case .array(let leftItems) = left[1], case .array(let rightItems) = right[1] else { return "the replies differ" }
        return hashPairs(leftItems).sorted() == hashPairs(rightItems).sorted() ? nil : "the pairs differ (in any order)"
    })

    /// A flat field/value list as `field => value` strings.
    static func hashPairs(_ items: [RESPValue]) -> [String] {
        stride(from: 0, to: items.count - items.count % 2, by: 2).map { "\(items[$0]) => \(items[$0 + 1])" }
    }
}

extension RESPValue {
    /// For an array of pairs: whether they come as nested arrays (RESP3) or flat (RESP2).
    fileprivate var shapeOfPairs: String {
        guard case .array(let items) = self, let first = items.first else { return "empty" }
        if case .array = first { return "nested" }
        return "flat"
    }
}
