import Fred

extension DiffGroup {
    /// Sorted sets: ZADD with its options, scores and ranks, every range form, removal by range,
    /// pops (blocking ones only with data or a tiny timeout), the algebra, ZRANDMEMBER and ZSCAN.
    /// Members come from a small pool (the sets stay listpack-encoded on the server, so ZSCAN
    /// and ranges over mixed scores are deterministic).
    public static let sortedSets = DiffGroup(name: "sortedSets", commands: [
        "ZADD", "ZINCRBY", "ZREM", "ZCARD", "ZSCORE", "ZMSCORE", "ZRANK", "ZREVRANK", "ZCOUNT", "ZLEXCOUNT",
        "ZRANGE", "ZRANGEBYSCORE", "ZREVRANGEBYSCORE", "ZRANGEBYLEX", "ZREVRANGEBYLEX", "ZREVRANGE", "ZRANGESTORE",
        "ZREMRANGEBYRANK", "ZREMRANGEBYSCORE", "ZREMRANGEBYLEX", "ZPOPMIN", "ZPOPMAX", "ZMPOP",
        "ZUNION", "ZINTER", "ZDIFF", "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE", "ZINTERCARD", "ZRANDMEMBER", "ZSCAN",
        "BZPOPMIN", "BZPOPMAX", "BZMPOP",
    ]) { random in
        // Mostly four of the shared keys, so that sets grow and ranges find things.
        let key = random.chance(0.7) ? "k\(random.int(0...3))" : random.key()
        switch random.int(0...39) {
        case 0...4: return [DiffCommand(random.zadd(key))]
        case 5: return [DiffCommand(["ZINCRBY", key, random.zscore(), random.zmember()])]
        case 6: return [DiffCommand(["ZREM", key] + (0..<random.int(1...3)).map { _ in random.zmember() })]
        case 7: return [DiffCommand(["ZCARD", key])]
        case 8: return [DiffCommand(["ZSCORE", key, random.zmember()])]
        case 9: return [DiffCommand(["ZMSCORE", key] + (0..<random.int(1...3)).map { _ in random.zmember() })]
        case 10: return [DiffCommand([random.pick(["ZRANK", "ZREVRANK"]), key, random.zmember()])]
        case 11: return [DiffCommand(["ZCOUNT", key] + random.scoreBounds(reverse: false))]
        case 12: return [DiffCommand(["ZLEXCOUNT", key] + random.lexBounds(reverse: false))]
        case 13...16: return [DiffCommand(random.zrange(key, store: nil))]
        case 17: return [DiffCommand(random.zrange(key, store: random.storeKey()))]
        case 18:
            let name = random.pick(["ZRANGEBYSCORE", "ZREVRANGEBYSCORE"])
            var words = [name, key] + random.scoreBounds(reverse: name.hasPrefix("ZREV"))
            if random.chance(0.4) { words += ["WITHSCORES"] }
            if random.chance(0.3) { words += ["LIMIT", random.integerArgument(-1...3), random.integerArgument(-1...4)] }
            if random.chance(0.05) { words += [random.pick(["REV", "BYLEX", "WITHSCORES", "LIMIT"])] }
            return [DiffCommand(words)]
        case 19:
            let name = random.pick(["ZRANGEBYLEX", "ZREVRANGEBYLEX"])
            var words = [name, key] + random.lexBounds(reverse: name.hasPrefix("ZREV"))
            if random.chance(0.3) { words += ["LIMIT", random.integerArgument(-1...3), random.integerArgument(-1...4)] }
            if random.chance(0.05) { words += [random.pick(["WITHSCORES", "BYSCORE", "REV"])] }
            return [DiffCommand(words)]
        case 20:
            var words = ["ZREVRANGE", key, random.integerArgument(-4...4), random.integerArgument(-4...4)]
            if random.chance(0.4) { words += ["WITHSCORES"] }
            if random.chance(0.05) { words += [random.pick(["LIMIT", "REV", "BYSCORE"])] }
            return [DiffCommand(words)]
        case 21: return [DiffCommand(["ZREMRANGEBYRANK", key, random.integerArgument(-4...4), random.integerArgument(-4...4)])]
        case 22: return [DiffCommand(["ZREMRANGEBYSCORE", key] + random.scoreBounds(reverse: false))]
        case 23: return [DiffCommand(["ZREMRANGEBYLEX", key] + random.lexBounds(reverse: false))]
        case 24:
            var words = [random.pick(["ZPOPMIN", "ZPOPMAX"]), key]
            if random.chance(0.6) { words += [random.integerArgument(-1...4)] }
            if random.chance(0.03) { words += ["1"] }
            return [DiffCommand(words)]
        case 25:
            let keys = (0..<random.int(1...3)).map { _ in random.key() }
            var words = ["ZMPOP", random.chance(0.05) ? random.pick(["0", "x", "9"]) : String(keys.count)] + keys
            words += [random.pick(["MIN", "MAX", "min", "BOGUS"])]
            if random.chance(0.5) { words += ["COUNT", random.integerArgument(0...4)] }
            if random.chance(0.03) { words += ["COUNT", "1"] }
            return [DiffCommand(words)]
        case 26...29: return [DiffCommand(random.zalgebra())]
        case 30:
            let keys = (0..<random.int(1...3)).map { _ in random.key() }
            var words = ["ZINTERCARD", random.chance(0.05) ? random.pick(["0", "x", "5"]) : String(keys.count)] + keys
            if random.chance(0.4) { words += ["LIMIT", random.integerArgument(-1...3)] }
            return [DiffCommand(words)]
        case 31: return random.zrandmember(key)
        case 32:
            var words = ["ZSCAN", key, random.chance(0.9) ? "0" : random.pick(["5", "", "-1", " 1", "x"])]
            if random.chance(0.4) { words += ["MATCH", random.pick(["*", "m*", "m[1-4]", "?", "a*", "1*"])] }
            if random.chance(0.3) { words += ["COUNT", random.integerArgument(0...20)] }
            if random.chance(0.05) { words += [random.pick(["NOVALUES", "TYPE", "MATCH"])] }
            return [DiffCommand(words, check: .random(.zscanComplete))]
        case 33, 34:
            // Blocking pops: with data at hand, or with a tiny timeout.
            let keys = (0..<random.int(1...3)).map { _ in random.key() }
            let timeout = random.pick(["0.01", "0.01", "0.02", "-1", "x"])
            if random.chance(0.3) {
                var words = ["BZMPOP", timeout, String(keys.count)] + keys + [random.pick(["MIN", "MAX"])]
                if random.chance(0.5) { words += ["COUNT", random.pick(["1", "2", "5", "0"])] }
                return [DiffCommand(words)]
            }
            return [DiffCommand([random.pick(["BZPOPMIN", "BZPOPMAX"])] + keys + [timeout])]
        case 35:
            // Equal scores, for the lex commands.
            return [DiffCommand(["ZADD", key] + random.some(["a", "b", "c", "d", "e", "ab", "abc", "m1"], minimum: 2).flatMap { ["0", $0] })]
        case 36: return random.chance(0.5) ? [DiffCommand(["DEL", key])] : [DiffCommand(random.zadd(key))]
        case 37:
            // Wrong arity, now and then.
            let name = random.pick(["ZADD", "ZINCRBY", "ZCARD", "ZSCORE", "ZRANK", "ZCOUNT", "ZLEXCOUNT", "ZRANGE", "ZRANGESTORE",
                                    "ZREMRANGEBYRANK", "ZPOPMIN", "ZMPOP", "ZUNIONSTORE", "ZINTERCARD", "ZSCAN",
                                    "BZPOPMIN", "BZMPOP", "ZMSCORE", "ZREM"])
            return [DiffCommand([name] + Array([key, "1", "m1"].prefix(random.int(0...1))))]
        case 38:
            var words = ["ZADD", key, "INCR"]
            if random.chance(0.4) { words.insert(random.pick(["NX", "XX", "GT", "LT", "CH"]), at: 2) }
            return [DiffCommand(words + [random.zscore(), random.zmember()])]
        default: return [DiffCommand(["TYPE", key])]
        }
    }
}

extension DiffRandom {
    /// A destination key: mostly one of the keys the groups use less, as an empty result deletes it.
    mutating func storeKey() -> String {
        chance(0.7) ? "k\(int(4...7))" : key()
    }

    /// A member from a small pool (some look like integers: a server stores those as integers).
    mutating func zmember() -> String {
        chance(0.8) ? pick(["a", "b", "c", "m1", "m2", "m3", "m4", "ab", "abc", "z"]) : pick(["1", "10", "-3", "007", ""])
    }

    /// A score: mostly small numbers, some hard to format, now and then an invalid one.
    mutating func zscore() -> String {
        if chance(0.04) { return pick(["abc", "nan", "", "1e400", " 1", "1 ", "1e-400", "--1"]) }
        if chance(0.3) { return pick(["0.1", "1.5", "-0.5", "1e20", "1.5e-7", "inf", "-inf", "+inf", "-0", "3.0", "0x10", "1e2", "2.5"]) }
        return String(int(-3...5))
    }

    /// A score range bound: inclusive, exclusive (`(`), infinite, sometimes invalid.
    mutating func scoreBound() -> String {
        if chance(0.04) { return pick(["abc", "nan", "(nan", "1a", "((1"]) }
        if chance(0.06) { return pick(["", "(", " 1", "1e400", "0x2"]) }
        let value = chance(0.3) ? pick(["-inf", "+inf", "inf", "1.5", "0.1", "-0.5", "1e20"]) : String(int(-3...5))
        return chance(0.3) ? "(" + value : value
    }

    /// Two score bounds, mostly low then high (high then low with `reverse`, as the REV forms
    /// take them).
    mutating func scoreBounds(reverse: Bool) -> [String] {
        let pair = [scoreBound(), scoreBound()]
        guard chance(0.7) else { return pair }
        let value: (String) -> Double = { bound in
            let text = bound.hasPrefix("(") ? String(bound.dropFirst()) : bound
            return Double(text) ?? (text.hasSuffix("inf") ? (text.hasPrefix("-") ? -.infinity : .infinity) : 0)
        }
        let ordered = value(pair[0]) <= value(pair[1]) ? pair : [pair[1], pair[0]]
        return reverse ? ordered.reversed() : ordered
    }

    /// Two lex bounds, mostly low then high (high then low with `reverse`).
    mutating func lexBounds(reverse: Bool) -> [String] {
        let pair = [lexBound(), lexBound()]
        guard chance(0.7) else { return pair }
        let rank: (String) -> String = { bound in
            bound == "-" ? "" : bound == "+" ? "\u{10FFFF}" : String(bound.dropFirst())
        }
        let ordered = rank(pair[0]) <= rank(pair[1]) ? pair : [pair[1], pair[0]]
        return reverse ? ordered.reversed() : ordered
    }

    /// A lex range bound: `-`, `+`, `[x`, `(x`, sometimes invalid.
    mutating func lexBound() -> String {
        if chance(0.05) { return pick(["a", "", "++", "--", "x"]) }
        if chance(0.3) { return pick(["-", "+"]) }
        return pick(["[", "("]) + pick(["a", "b", "c", "ab", "m1", "m3", "z", "", "1"])
    }

    /// `ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member …`, with incompatible options now and then.
    mutating func zadd(_ key: String) -> [String] {
        var words = ["ZADD", key]
        if chance(0.2) { words += [pick(["NX", "XX"])] }
        if chance(0.15) { words += [pick(["GT", "LT"])] }
        if chance(0.15) { words += ["CH"] }
        if chance(0.03) { words += [pick(["NX", "XX", "GT", "INCR"])] }
        let pairs = int(1...6)
        for _ in 0..<pairs { words += [zscore(), zmember()] }
        if chance(0.03) { words += [zscore()] }
        return words
    }

    /// Every `ZRANGE` form, or `ZRANGESTORE` with `store`.
    mutating func zrange(_ key: String, store: String?) -> [String] {
        var words = store.map { ["ZRANGESTORE", $0, key] } ?? ["ZRANGE", key]
        let kind = int(0...2)
        let reverse = chance(0.3)
        switch kind {
        case 0: words += [integerArgument(-4...4), integerArgument(-4...4)]
        case 1: words += scoreBounds(reverse: reverse) + ["BYSCORE"]
        default: words += lexBounds(reverse: reverse) + ["BYLEX"]
        }
        if reverse { words += ["REV"] }
        if chance(kind == 0 ? 0.05 : 0.35) { words += ["LIMIT", integerArgument(-1...3), integerArgument(-1...4)] }
        if chance(store == nil ? (kind == 2 ? 0.05 : 0.4) : 0.03) { words += ["WITHSCORES"] }
        if chance(0.03) { words += [pick(["BYSCORE", "REV", "LIMIT", "BOGUS"])] }
        if chance(0.1) { words.swapAt(words.count - 1, max(words.count - 2, 0)) }
        return words
    }

    /// ZUNION, ZINTER, ZDIFF and their STORE forms with WEIGHTS, AGGREGATE and WITHSCORES.
    mutating func zalgebra() -> [String] {
        let operation = pick(["ZUNION", "ZINTER", "ZDIFF"])
        let store = chance(0.35)
        let keys = (0..<int(1...3)).map { _ in key() }
        var words = [operation + (store ? "STORE" : "")] + (store ? [storeKey()] : [])
        words += [chance(0.04) ? pick(["0", "x", "7", "-1"]) : String(keys.count)] + keys
        if operation != "ZDIFF" || chance(0.05) {
            if chance(0.4) {
                words += ["WEIGHTS"] + keys.map { _ in chance(0.05) ? pick(["x", "nan"]) : pick(["1", "2", "-1", "0", "0.5", "inf", "1.5"]) }
            }
            if chance(0.4) { words += ["AGGREGATE", pick(["SUM", "MIN", "MAX", "min", "BOGUS"])] }
        }
        if !store && chance(0.5) { words += ["WITHSCORES"] }
        if chance(0.03) { words += [pick(["WITHSCORES", "WEIGHTS", "AGGREGATE", "LIMIT"])] }
        return words
    }

    /// ZRANDMEMBER: random by design, so compared by membership and count.
    mutating func zrandmember(_ key: String) -> [DiffCommand] {
        let observe = ["ZRANGE", key, "0", "-1", "WITHSCORES"]
        if chance(0.02) { return [DiffCommand(["ZRANDMEMBER"])] }
        guard chance(0.8) else {
            return [DiffCommand(["ZRANDMEMBER", key], check: .random(.oneOf(observing: ["ZRANGE", key, "0", "-1"])))]
        }
        let count = chance(0.05) ? pick(["x", "-9223372036854775808", "9223372036854775807"]) : String(int(-5...5))
        var words = ["ZRANDMEMBER", key, count]
        if chance(0.4) { words += [chance(0.05) ? "BOGUS" : "WITHSCORES"] }
        let withScores = words.count == 4
        return [DiffCommand(words, check: .random(.zrandmember(observing: observe, distinct: !count.hasPrefix("-"), withScores: withScores)))]
    }
}

extension DiffRandomCheck {
    /// `ZSCAN` of a small sorted set: one call (cursor 0) with the same member/score pairs. Their
    /// order is compared loosely: a listpack answers in score order (the mock's order), but a
    /// `SORT` on the server converts the set to a skiplist for good, which answers in hash order.
    static let zscanComplete = DiffRandomCheck(accept: { real, mock, _ in
        guard let left = real.elements, let right = mock.elements, left.count == 2, right.count == 2 else {
            return real == mock ? nil : "the replies differ"
        }
        guard left[0] == right[0] else { return "cursor \(left[0]) from redis-server, \(right[0]) from the mock" }
        guard case .array(let leftItems) = left[1], case .array(let rightItems) = right[1],
              let leftPairs = DiffComparison.pairDescriptions(leftItems), let rightPairs = DiffComparison.pairDescriptions(rightItems)
        else { return "the replies differ" }
        return leftPairs == rightPairs ? nil : "the member/score pairs differ (in any order)"
    })

    /// `ZRANDMEMBER key count [WITHSCORES]`: both sides give the same number of members (with
    /// their scores), all from the set, distinct for a positive count.
    static func zrandmember(observing observe: [String], distinct: Bool, withScores: Bool) -> DiffRandomCheck {
        DiffRandomCheck(observe: observe, accept: { real, mock, observed in
            guard case .value = real, case .value = mock, let left = real.elements, let right = mock.elements else {
                return real == mock ? nil : "the replies differ"
            }
            let pool = Set(pairs(observed?.elements ?? [], withScores: true).map { "\($0.0) => \($0.1)" })
            let members = Set(pairs(observed?.elements ?? [], withScores: true).map { "\($0.0)" })
            guard left.count == right.count else { return "\(left.count) elements from redis-server, \(right.count) from the mock" }
            for (side, items) in [("redis-server", left), ("mock", right)] {
                let picked = pairs(items, withScores: withScores)
                for (member, score) in picked {
                    if withScores {
                        guard pool.contains("\(member) => \(score)") else { return "\(side) answered \(member) => \(score), not in the set" }
                    } else {
                        guard members.contains("\(member)") else { return "\(side) answered \(member), not in the set" }
                    }
                }
                if distinct && Set(picked.map { "\($0.0)" }).count != picked.count { return "\(side) repeated a member" }
            }
            return nil
        })
    }

    /// Member/score pairs of a flat (RESP2) or nested (RESP3) scored reply.
    private static func pairs(_ items: [RESPValue], withScores: Bool) -> [(RESPValue, RESPValue)] {
        guard withScores else { return items.map { ($0, RESPValue.null) } }
        if items.allSatisfy({ if case .array(let pair) = $0 { return pair.count == 2 } else { return false } }) {
            return items.compactMap { item in
                guard case .array(let pair) = item else { return nil }
                return (pair[0], pair[1])
            }
        }
        return stride(from: 0, to: items.count - 1, by: 2).map { (items[$0], items[$0 + 1]) }
    }
}
