import FredRuntime
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A sorted set's members in Redis's order, and the range walks of a small (listpack-encoded)
/// sorted set on a Redis 7.0 server.
struct RedisMockSortedSet {
    typealias Element = (member: [UInt8], score: Double)

    /// Members by score, then by bytes (`memcmp`, shorter first).
    var elements: [Element]

    init(_ scores: [[UInt8]: Double]) {
        elements = scores.map { (member: $0.key, score: $0.value) }.sorted(by: Self.precedes)
    }

    init(ordered elements: [Element]) {
        self.elements = elements
    }

    static func precedes(_ a: Element, _ b: Element) -> Bool {
        a.score != b.score ? a.score < b.score : a.member.lexicographicallyPrecedes(b.member)
    }

    var count: Int { elements.count }

    /// Elements `start...end` by rank (negative counting from the end), from the lowest score or,
    /// with `reverse`, from the highest; empty when the range is.
    func byRank(_ start: Int, _ end: Int, reverse: Bool) -> [Element] {
        let length = elements.count
        var start = start, end = end
        if start < 0 { start = length + start }
        if end < 0 { end = length + end }
        if start < 0 { start = 0 }
        guard start <= end, start < length else { return [] }
        if end >= length { end = length - 1 }
        let ordered = reverse ? Array(elements.reversed()) : elements
        return Array(ordered[start...end])
    }

    /// The listpack walk of `ZRANGEBYSCORE`/`ZRANGEBYLEX` and friends: the first element in range
    /// (from the head, or from the tail with `reverse`), `offset` skipped (a negative offset skips
    /// everything), then elements while in range, at most `limit` (negative: no limit).
    func walk<Range: RedisMockSortedSetRange>(_ range: Range, reverse: Bool, offset: Int = 0, limit: Int = -1) -> [Element] {
        guard var index = reverse ? lastInRange(range) : firstInRange(range) else { return [] }
        let step = reverse ? -1 : 1
        var offset = offset
        while elements.indices.contains(index) && offset != 0 {
            offset -= 1
            index += step
        }
        var limit = limit
        var result: [Element] = []
        while elements.indices.contains(index) && limit != 0 {
            limit -= 1
            let element = elements[index]
            if reverse ? !range.aboveMinimum(element) : !range.belowMaximum(element) { break }
            result.append(element)
            index += step
        }
        return result
    }

    /// `zzlIsInRange`/`zzlIsInLexRange`: whether some of the set may be in range.
    func mayIntersect<Range: RedisMockSortedSetRange>(_ range: Range) -> Bool {
        guard !range.isEmpty, let first = elements.first, let last = elements.last else { return false }
        return range.aboveMinimum(last) && range.belowMaximum(first)
    }

    /// `zzlFirstInRange`: the first element at or above the minimum, if it is within the maximum.
    func firstInRange<Range: RedisMockSortedSetRange>(_ range: Range) -> Int? {
        guard mayIntersect(range) else { return nil }
        guard let index = elements.firstIndex(where: range.aboveMinimum) else { return nil }
        return range.belowMaximum(elements[index]) ? index : nil
    }

    /// `zzlLastInRange`: the last element at or below the maximum, if it is within the minimum.
    func lastInRange<Range: RedisMockSortedSetRange>(_ range: Range) -> Int? {
        guard mayIntersect(range) else { return nil }
        guard let index = elements.lastIndex(where: range.belowMaximum) else { return nil }
        return range.aboveMinimum(elements[index]) ? index : nil
    }
}

/// A score or lex range of `ZRANGEBYSCORE`/`ZRANGEBYLEX` and their kin.
protocol RedisMockSortedSetRange {
    /// True for ranges that hold nothing whatever the set (`(1 1`, `[b [a`).
    var isEmpty: Bool { get }
    func aboveMinimum(_ element: RedisMockSortedSet.Element) -> Bool
    func belowMaximum(_ element: RedisMockSortedSet.Element) -> Bool
}

/// A score range (`(1.5 +inf`).
struct RedisMockScoreRange: RedisMockSortedSetRange {
    var min: Double
    var max: Double
    var minExclusive = false
    var maxExclusive = false

    /// Parses `min` and `max` as `zslParseRange` does (a leading `(` excludes; `strtod` rules), or
    /// `ERR min or max is not a float`.
    init(_ min: [UInt8], _ max: [UInt8]) throws {
        guard let low = Self.bound(min), let high = Self.bound(max) else {
            throw RedisMockContext.error("ERR min or max is not a float")
        }
        (self.min, minExclusive) = low
        (self.max, maxExclusive) = high
    }

    private static func bound(_ bytes: [UInt8]) -> (Double, Bool)? {
        if bytes.first == UInt8(ascii: "(") {
            return RedisMockScores.lenient(Array(bytes.dropFirst())).map { ($0, true) }
        }
        return RedisMockScores.lenient(bytes).map { ($0, false) }
    }

    var isEmpty: Bool { min > max || (min == max && (minExclusive || maxExclusive)) }

    func aboveMinimum(_ element: RedisMockSortedSet.Element) -> Bool { contains(aboveMinimum: element.score) }
    func belowMaximum(_ element: RedisMockSortedSet.Element) -> Bool { contains(belowMaximum: element.score) }
    func contains(aboveMinimum score: Double) -> Bool { minExclusive ? score > min : score >= min }
    func contains(belowMaximum score: Double) -> Bool { maxExclusive ? score < max : score <= max }
}

/// A lex range (`[a (c`, `- +`).
struct RedisMockLexRange: RedisMockSortedSetRange {
    enum Bound {
        case lowest, highest
        case value([UInt8])
    }

    var min: Bound
    var max: Bound
    var minExclusive: Bool
    var maxExclusive: Bool

    /// Parses `min` and `max` as `zslParseLexRange` does, or
    /// `ERR min or max not valid string range item`.
    init(_ min: [UInt8], _ max: [UInt8]) throws {
        guard let low = Self.bound(min), let high = Self.bound(max) else {
            throw RedisMockContext.error("ERR min or max not valid string range item")
        }
        (self.min, minExclusive) = low
        (self.max, maxExclusive) = high
    }

    private static func bound(_ bytes: [UInt8]) -> (Bound, Bool)? {
        switch bytes.first {
        case UInt8(ascii: "+"): return bytes.count == 1 ? (.highest, true) : nil
        case UInt8(ascii: "-"): return bytes.count == 1 ? (.lowest, true) : nil
        case UInt8(ascii: "("): return (.value(Array(bytes.dropFirst())), true)
        case UInt8(ascii: "["): return (.value(Array(bytes.dropFirst())), false)
        default: return nil
        }
    }

    /// `sdscmplex`: -1, 0 or 1.
    static func compare(_ a: Bound, _ b: Bound) -> Int {
        switch (a, b) {
        case (.lowest, .lowest), (.highest, .highest): return 0
        case (.lowest, _), (_, .highest): return -1
        case (.highest, _), (_, .lowest): return 1
        case (.value(let x), .value(let y)):
            if x == y { return 0 }
            return x.lexicographicallyPrecedes(y) ? -1 : 1
        }
    }

    var isEmpty: Bool {
        let order = Self.compare(min, max)
        return order > 0 || (order == 0 && (minExclusive || maxExclusive))
    }

    func aboveMinimum(_ element: RedisMockSortedSet.Element) -> Bool {
        let order = Self.compare(.value(element.member), min)
        return minExclusive ? order > 0 : order >= 0
    }

    func belowMaximum(_ element: RedisMockSortedSet.Element) -> Bool {
        let order = Self.compare(.value(element.member), max)
        return maxExclusive ? order < 0 : order <= 0
    }
}

/// Score parsing and formatting with a Redis 7.0 server's rules.
enum RedisMockScores {
    /// `strtod` on the bytes (NUL-terminated): the value, how many bytes it read, and whether it
    /// set `ERANGE`.
    static func strtod(_ bytes: [UInt8]) -> (value: Double, consumed: Int, outOfRange: Bool) {
        var terminated = bytes.map { CChar(bitPattern: $0) }
        terminated.append(0)
        return terminated.withUnsafeBufferPointer { buffer in
            guard let start = buffer.baseAddress else { return (0, 0, false) }
            var end: UnsafeMutablePointer<CChar>?
            errno = 0
            let value = FredCommandsLibc.strtod(start, &end)
            let outOfRange = errno == ERANGE
            let consumed = end.map { UnsafePointer($0) - start } ?? 0
            return (value, consumed, outOfRange)
        }
    }

    /// A float argument as `getDoubleFromObject` reads it (`ZADD` scores, `WEIGHTS`, geo
    /// coordinates): the whole string, no leading space, no overflow, no NaN.
    static func strict(_ bytes: [UInt8]) -> Double? {
        guard let first = bytes.first, !isSpace(first) else { return nil }
        let (value, consumed, outOfRange) = strtod(bytes)
        guard consumed == bytes.count, !value.isNaN else { return nil }
        if outOfRange && (value.isInfinite || value == 0) { return nil }
        return value
    }

    /// A range bound as `zslParseRange` reads it: `strtod` up to a NUL (leading spaces, an empty
    /// string as 0, overflow as infinity), no NaN.
    static func lenient(_ bytes: [UInt8]) -> Double? {
        let (value, consumed, _) = strtod(bytes)
        guard consumed == bytes.count || bytes[consumed] == 0, !value.isNaN else { return nil }
        return value
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    /// A score as a listpack stores it and `ZSCAN` returns it (`d2string`).
    static func text(_ score: Double) -> String { RESPValue.formatReplyDouble(score) }

    /// A score as a sorted set stores it: a listpack (small set) keeps `-0` as `0`, a skiplist
    /// keeps it.
    static func stored(_ score: Double, compact: Bool) -> Double { compact && score == 0 ? 0 : score }

    /// Whether a server keeps a sorted set this size, with members this long, as a listpack (the
    /// default `zset-max-listpack-entries` 128 and `zset-max-listpack-value` 64). A set that grew
    /// past that and shrank again stays a skiplist on a server; the engine does not track that.
    static func isCompact(count: Int, longestMember: Int) -> Bool { count <= 128 && longestMember <= 64 }

    static func isCompact(_ scores: [[UInt8]: Double]) -> Bool {
        isCompact(count: scores.count, longestMember: scores.keys.map(\.count).max() ?? 0)
    }
}

/// `strtod` from the C library, named apart from ``RedisMockScores/strtod(_:)``.
enum FredCommandsLibc {
    static func strtod(_ string: UnsafePointer<CChar>, _ end: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Double {
        #if canImport(Glibc)
        return Glibc.strtod(string, end)
        #elseif canImport(Musl)
        return Musl.strtod(string, end)
        #else
        return Darwin.strtod(string, end)
        #endif
    }
}

extension RedisMockContext {
    /// The sorted set at `key`, nil when there is none, or `WRONGTYPE`.
    func sortedSet(at key: [UInt8]) throws -> [[UInt8]: Double]? {
        guard let entry = entry(key) else { return nil }
        guard case .sortedSet(let scores) = entry.data else { throw Self.wrongType }
        return scores
    }

    /// Writes a changed sorted set back to `key`, keeping the key's expiry; an empty one deletes
    /// the key.
    func updateSortedSet(_ scores: [[UInt8]: Double], at key: [UInt8]) {
        guard !scores.isEmpty else {
            if entry(key) != nil { setEntry(nil, for: key) }
            return
        }
        let expiresAt = entry(key)?.expiresAt
        setEntry(RedisMockEntry(data: .sortedSet(scores), expiresAt: expiresAt), for: key)
    }

    /// Replaces `key` with a new sorted set (the `…STORE` commands): no expiry; an empty result
    /// deletes the key. Returns the stored set's size.
    @discardableResult
    func storeSortedSet(_ elements: [RedisMockSortedSet.Element], at key: [UInt8]) -> Int {
        guard !elements.isEmpty else {
            if entry(key) != nil { setEntry(nil, for: key) }
            return 0
        }
        let compact = RedisMockScores.isCompact(count: elements.count, longestMember: elements.map(\.member.count).max() ?? 0)
        var scores: [[UInt8]: Double] = [:]
        for element in elements { scores[element.member] = RedisMockScores.stored(element.score, compact: compact) }
        setEntry(RedisMockEntry(data: .sortedSet(scores)), for: key)
        return scores.count
    }

    /// Whether the session speaks RESP3 (replies with scores nest pairs then).
    var speaksRESP3: Bool { session.protocolVersion >= 3 }

    /// Members, or with `withScores` members and scores: pairs `[member, score]` in RESP3, one
    /// flat array in RESP2 (the `ZRANGE … WITHSCORES` shape).
    func scoredReply(_ elements: [RedisMockSortedSet.Element], withScores: Bool) -> RESPValue {
        guard withScores else { return .array(elements.map { .bulk($0.member) }) }
        if speaksRESP3 {
            return .array(elements.map { .array([.bulk($0.member), .double($0.score)]) })
        }
        return .array(elements.flatMap { [RESPValue.bulk($0.member), .double($0.score)] })
    }

    /// A strict float argument (`ZADD` scores), or `error`.
    func score(_ index: Int, error: RedisMockErrorReply = RedisMockContext.notAFloat) throws -> Double {
        guard index < arguments.count, let value = RedisMockScores.strict(arguments[index]) else { throw error }
        return value
    }

    /// An integer argument within `range`, with `message` as the error for anything else
    /// (`getRangeLongFromObjectOrReply` with a message).
    func integer(_ index: Int, in range: ClosedRange<Int>, message: String) throws -> Int {
        guard index < arguments.count, let value = RedisMockNumbers.integer(arguments[index]), range.contains(value) else {
            throw Self.error(message)
        }
        return value
    }
}
