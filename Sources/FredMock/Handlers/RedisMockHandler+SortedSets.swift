import FredRuntime
import NIOCore

/// Handlers for the sorted-set group: adding, scores, ranks, counts, `ZSCAN`, `ZRANDMEMBER`.
extension RedisMockHandler {
    /// `ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member …`.
    public static let zadd = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        return try addScores(&context, increment: false)
    }

    /// `ZINCRBY key increment member`: `ZADD key INCR increment member`, options and all, as on a
    /// server.
    public static let zincrby = RedisMockHandler { context in
        try context.requireArguments(3...3)
        return try addScores(&context, increment: true)
    }

    /// `zaddGenericCommand`: options, then score/member pairs, all scores checked before anything
    /// is written.
    private static func addScores(_ context: inout RedisMockContext, increment: Bool) throws -> RESPValue {
        var index = 1
        var nx = false, xx = false, gt = false, lt = false, ch = false, incr = increment
        optionLoop: while index < context.arguments.count {
            switch context.text(index).uppercased() {
            case "NX": nx = true
            case "XX": xx = true
            case "GT": gt = true
            case "LT": lt = true
            case "CH": ch = true
            case "INCR": incr = true
            default: break optionLoop
            }
            index += 1
        }
        let remaining = context.arguments.count - index
        guard remaining > 0, remaining.isMultiple(of: 2) else { throw RedisMockContext.syntaxError }
        if nx && xx { throw RedisMockContext.error("ERR XX and NX options at the same time are not compatible") }
        if (gt && nx) || (lt && nx) || (gt && lt) {
            throw RedisMockContext.error("ERR GT, LT, and/or NX options at the same time are not compatible")
        }
        if incr && remaining > 2 { throw RedisMockContext.error("ERR INCR option supports a single increment-element pair") }
        var pairs: [(score: Double, member: [UInt8])] = []
        for pair in stride(from: index, to: context.arguments.count, by: 2) {
            pairs.append((try context.score(pair), context.arguments[pair + 1]))
        }
        let key = context.arguments[0]
        let existing = try context.sortedSet(at: key)
        if existing == nil && xx {
            return incr ? .null : .integer(0)
        }
        var scores = existing ?? [:]
        // A listpack turns into a skiplist when it would grow too large; only a listpack drops
        // the sign of -0.
        var compact = RedisMockScores.isCompact(scores)
        var added = 0, updated = 0, processed = 0
        var lastScore = 0.0
        for (score, member) in pairs {
            if let current = scores[member] {
                if nx { continue }
                var newScore = score
                if incr {
                    newScore += current
                    if newScore.isNaN {
                        if added + updated > 0 { context.updateSortedSet(scores, at: key) }
                        throw RedisMockContext.error("ERR resulting score is not a number (NaN)")
                    }
                }
                if (lt && newScore >= current) || (gt && newScore <= current) { continue }
                processed += 1
                lastScore = newScore
                if newScore != current {
                    scores[member] = RedisMockScores.stored(newScore, compact: compact)
                    updated += 1
                }
            } else if !xx {
                if compact && !RedisMockScores.isCompact(count: scores.count + 1, longestMember: member.count) { compact = false }
                scores[member] = RedisMockScores.stored(score, compact: compact)
                added += 1
                processed += 1
                lastScore = score
            }
        }
        if added + updated > 0 { context.updateSortedSet(scores, at: key) }
        if incr { return processed > 0 ? .double(lastScore) : .null }
        return .integer(ch ? added + updated : added)
    }

    /// `ZREM key member …`: how many were removed; an emptied set deletes the key.
    public static let zrem = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        let key = context.arguments[0]
        guard var scores = try context.sortedSet(at: key) else { return .integer(0) }
        var removed = 0
        for member in context.arguments.dropFirst() where scores.removeValue(forKey: member) != nil {
            removed += 1
        }
        if removed > 0 { context.updateSortedSet(scores, at: key) }
        return .integer(removed)
    }

    /// `ZCARD key`.
    public static let zcard = RedisMockHandler { context in
        try context.requireArguments(1...1)
        return .integer(try context.sortedSet(at: context.arguments[0])?.count ?? 0)
    }

    /// `ZSCORE key member`: a double, or null.
    public static let zscore = RedisMockHandler { context in
        try context.requireArguments(2...2)
        guard let score = try context.sortedSet(at: context.arguments[0])?[context.arguments[1]] else { return .null }
        return .double(score)
    }

    /// `ZMSCORE key member …`: a double or null per member.
    public static let zmscore = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        let scores = try context.sortedSet(at: context.arguments[0]) ?? [:]
        return .array(context.arguments.dropFirst().map { member in scores[member].map(RESPValue.double) ?? .null })
    }

    /// `ZRANK key member`: the rank from the lowest score, or null.
    public static let zrank = RedisMockHandler { context in
        try rank(&context, reverse: false)
    }

    /// `ZREVRANK key member`: the rank from the highest score, or null.
    public static let zrevrank = RedisMockHandler { context in
        try rank(&context, reverse: true)
    }

    private static func rank(_ context: inout RedisMockContext, reverse: Bool) throws -> RESPValue {
        try context.requireArguments(2...2)
        guard let scores = try context.sortedSet(at: context.arguments[0]), scores[context.arguments[1]] != nil else {
            return .null
        }
        let elements = RedisMockSortedSet(scores).elements
        guard let index = elements.firstIndex(where: { $0.member == context.arguments[1] }) else { return .null }
        return .integer(reverse ? elements.count - 1 - index : index)
    }

    /// `ZCOUNT key min max` with `(` for exclusive bounds and `-inf`/`+inf`.
    public static let zcount = RedisMockHandler { context in
        try context.requireArguments(3...3)
        let range = try RedisMockScoreRange(context.arguments[1], context.arguments[2])
        guard let scores = try context.sortedSet(at: context.arguments[0]) else { return .integer(0) }
        return .integer(RedisMockSortedSet(scores).walk(range, reverse: false).count)
    }

    /// `ZLEXCOUNT key min max` with `[`, `(`, `-` and `+` bounds.
    public static let zlexcount = RedisMockHandler { context in
        try context.requireArguments(3...3)
        let range = try RedisMockLexRange(context.arguments[1], context.arguments[2])
        guard let scores = try context.sortedSet(at: context.arguments[0]) else { return .integer(0) }
        return .integer(RedisMockSortedSet(scores).walk(range, reverse: false).count)
    }

    /// `ZSCAN key cursor [MATCH pattern] [COUNT count]`. A small sorted set (listpack on a server)
    /// comes back whole with cursor 0, as a server sends it; so does a large one here.
    public static let zscan = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        guard RedisMockScan.cursor(context.arguments[1]) != nil else { throw RedisMockContext.error("ERR invalid cursor") }
        guard let scores = try context.sortedSet(at: context.arguments[0]) else {
            return .array([.bulk("0"), .array([])])
        }
        let pattern = try RedisMockScan.pattern(context, from: 2)
        var items: [RESPValue] = []
        for element in RedisMockSortedSet(scores).elements where pattern.map({ RedisMockGlob.matches($0, element.member) }) ?? true {
            items.append(.bulk(element.member))
            items.append(.bulk(RedisMockScores.text(element.score)))
        }
        return .array([.bulk("0"), .array(items)])
    }

    /// `ZRANDMEMBER key [count [WITHSCORES]]`.
    public static let zrandmember = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        let key = context.arguments[0]
        guard context.arguments.count >= 2 else {
            guard let scores = try context.sortedSet(at: key) else { return .null }
            return scores.keys.randomElement().map { .bulk($0) } ?? .null
        }
        let count = try context.integer(1)
        guard count != Int.min else {
            throw RedisMockContext.error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807")
        }
        var withScores = false
        if context.arguments.count > 3 || (context.arguments.count == 3 && !context.isToken(2, "WITHSCORES")) {
            throw RedisMockContext.syntaxError
        } else if context.arguments.count == 3 {
            withScores = true
            guard count >= -(Int.max / 2), count <= Int.max / 2 else { throw RedisMockContext.error("ERR value is out of range") }
        }
        guard let scores = try context.sortedSet(at: key) else { return .array([]) }
        guard count != 0 else { return .array([]) }
        let set = RedisMockSortedSet(scores)
        if count < 0 || count == 1 {
            // A server would stream that many replies; the engine cannot build them.
            guard count.magnitude <= 10_000_000 else { throw context.unsupported("with more than 10000000 picks") }
            let picks = (0..<count.magnitude).compactMap { _ in set.elements.randomElement() }
            return context.scoredReply(picks, withScores: withScores)
        }
        if count >= set.count {
            return context.scoredReply(set.elements, withScores: withScores)
        }
        let picks = set.elements.shuffled().prefix(count)
        return context.scoredReply(Array(picks), withScores: withScores)
    }
}

/// `SCAN`-family argument parsing.
enum RedisMockScan {
    /// A cursor as `parseScanCursorOrReply` reads it (`strtoul`: sign, leading zeros and an empty
    /// string accepted, no leading space, no overflow).
    static func cursor(_ bytes: [UInt8]) -> UInt64? {
        if let first = bytes.first, RedisMockScores.isSpace(first) { return nil }
        var index = 0
        while index < bytes.count, RedisMockScores.isSpace(bytes[index]) { index += 1 }
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        let digitsStart = index
        var value: UInt64 = 0
        var overflow = false
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
            overflow = overflow || o1 || o2
            value = plus
            index += 1
        }
        if index == digitsStart {
            // No digits: strtoul reads nothing, so only an empty string is a (zero) cursor.
            return bytes.isEmpty ? 0 : nil
        }
        guard index == bytes.count || bytes[index] == 0, !overflow else { return nil }
        return negative ? 0 &- value : value
    }

    /// The `MATCH` pattern of `[MATCH pattern] [COUNT count]` options from `index` (nil for none or
    /// `*`); `ERR syntax error` or the integer error for bad options.
    static func pattern(_ context: RedisMockContext, from index: Int) throws -> [UInt8]? {
        var pattern: [UInt8]?
        var index = index
        while index < context.arguments.count {
            let left = context.arguments.count - index
            if context.isToken(index, "COUNT") && left >= 2 {
                let count = try context.integer(index + 1)
                guard count >= 1 else { throw RedisMockContext.syntaxError }
                index += 2
            } else if context.isToken(index, "MATCH") && left >= 2 {
                let value = context.arguments[index + 1]
                pattern = value == [UInt8(ascii: "*")] ? nil : value
                index += 2
            } else {
                throw RedisMockContext.syntaxError
            }
        }
        return pattern
    }
}
