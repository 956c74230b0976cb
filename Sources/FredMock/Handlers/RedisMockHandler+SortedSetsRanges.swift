import FredRuntime
import NIOCore

/// Handlers for the sorted-set range commands: every `ZRANGE` form, `ZRANGESTORE`, the older
/// `ZRANGEBYSCORE`-style commands and `ZREMRANGEBY…`.
extension RedisMockHandler {
    /// `ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]`.
    public static let zrange = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        return try rangeCommand(&context, keyIndex: 0, store: nil, kind: nil, direction: nil)
    }

    /// `ZRANGESTORE destination source min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]`.
    public static let zrangestore = RedisMockHandler { context in
        try context.requireArguments(atLeast: 4)
        return try rangeCommand(&context, keyIndex: 1, store: context.arguments[0], kind: nil, direction: nil)
    }

    /// `ZREVRANGE key start stop [WITHSCORES]`.
    public static let zrevrange = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        return try rangeCommand(&context, keyIndex: 0, store: nil, kind: .rank, direction: .reverse)
    }

    /// `ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]`.
    public static let zrangebyscore = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        return try rangeCommand(&context, keyIndex: 0, store: nil, kind: .score, direction: .forward)
    }

    /// `ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]`.
    public static let zrevrangebyscore = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        return try rangeCommand(&context, keyIndex: 0, store: nil, kind: .score, direction: .reverse)
    }

    /// `ZRANGEBYLEX key min max [LIMIT offset count]`.
    public static let zrangebylex = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        return try rangeCommand(&context, keyIndex: 0, store: nil, kind: .lex, direction: .forward)
    }

    /// `ZREVRANGEBYLEX key max min [LIMIT offset count]`.
    public static let zrevrangebylex = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        return try rangeCommand(&context, keyIndex: 0, store: nil, kind: .lex, direction: .reverse)
    }

    enum RangeKind { case rank, score, lex }
    enum RangeDirection { case forward, reverse }

    /// `zrangeGenericCommand`: `kind` and `direction` are fixed by the older commands and chosen
    /// by `BYSCORE`/`BYLEX`/`REV` for `ZRANGE` and `ZRANGESTORE`; `store` is the destination.
    private static func rangeCommand(_ context: inout RedisMockContext, keyIndex: Int, store: [UInt8]?,
                                     kind fixedKind: RangeKind?, direction fixedDirection: RangeDirection?) throws -> RESPValue {
        var kind = fixedKind
        var direction = fixedDirection
        var withScores = false
        var offset = 0
        var limit = -1
        var index = keyIndex + 3
        while index < context.arguments.count {
            let left = context.arguments.count - index - 1
            if store == nil && context.isToken(index, "WITHSCORES") {
                withScores = true
            } else if context.isToken(index, "LIMIT") && left >= 2 {
                offset = try context.integer(index + 1)
                limit = try context.integer(index + 2)
                index += 2
            } else if fixedDirection == nil && direction == nil && context.isToken(index, "REV") {
                direction = .reverse
            } else if fixedKind == nil && kind == nil && context.isToken(index, "BYLEX") {
                kind = .lex
            } else if fixedKind == nil && kind == nil && context.isToken(index, "BYSCORE") {
                kind = .score
            } else {
                throw RedisMockContext.syntaxError
            }
            index += 1
        }
        let reverse = direction == .reverse
        let rangeKind = kind ?? .rank
        if limit != -1 && rangeKind == .rank {
            throw RedisMockContext.error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX")
        }
        if withScores && rangeKind == .lex {
            throw RedisMockContext.error("ERR syntax error, WITHSCORES not supported in combination with BYLEX")
        }
        var minIndex = keyIndex + 1, maxIndex = keyIndex + 2
        if reverse && rangeKind != .rank { swap(&minIndex, &maxIndex) }
        let select: (RedisMockSortedSet) -> [RedisMockSortedSet.Element]
        switch rangeKind {
        case .rank:
            let start = try context.integer(minIndex)
            let end = try context.integer(maxIndex)
            select = { $0.byRank(start, end, reverse: reverse) }
        case .score:
            let range = try RedisMockScoreRange(context.arguments[minIndex], context.arguments[maxIndex])
            select = { $0.walk(range, reverse: reverse, offset: offset, limit: limit) }
        case .lex:
            let range = try RedisMockLexRange(context.arguments[minIndex], context.arguments[maxIndex])
            select = { $0.walk(range, reverse: reverse, offset: offset, limit: limit) }
        }
        let scores = try context.sortedSet(at: context.arguments[keyIndex])
        let result = scores.map { select(RedisMockSortedSet($0)) } ?? []
        if let store {
            return .integer(context.storeSortedSet(result, at: store))
        }
        return context.scoredReply(result, withScores: withScores)
    }

    /// `ZREMRANGEBYRANK key start stop`.
    public static let zremrangebyrank = RedisMockHandler { context in
        try context.requireArguments(3...3)
        let start = try context.integer(1)
        let end = try context.integer(2)
        return try removeRange(&context) { $0.byRank(start, end, reverse: false) }
    }

    /// `ZREMRANGEBYSCORE key min max`.
    public static let zremrangebyscore = RedisMockHandler { context in
        try context.requireArguments(3...3)
        let range = try RedisMockScoreRange(context.arguments[1], context.arguments[2])
        return try removeRange(&context) { $0.walk(range, reverse: false) }
    }

    /// `ZREMRANGEBYLEX key min max`.
    public static let zremrangebylex = RedisMockHandler { context in
        try context.requireArguments(3...3)
        let range = try RedisMockLexRange(context.arguments[1], context.arguments[2])
        return try removeRange(&context) { $0.walk(range, reverse: false) }
    }

    private static func removeRange(_ context: inout RedisMockContext,
                                    _ select: (RedisMockSortedSet) -> [RedisMockSortedSet.Element]) throws -> RESPValue {
        let key = context.arguments[0]
        guard var scores = try context.sortedSet(at: key) else { return .integer(0) }
        let doomed = select(RedisMockSortedSet(scores))
        for element in doomed { scores[element.member] = nil }
        if !doomed.isEmpty { context.updateSortedSet(scores, at: key) }
        return .integer(doomed.count)
    }
}
