import FredRuntime
import NIOCore

/// Handlers for popping from sorted sets: `ZPOPMIN`, `ZPOPMAX`, `ZMPOP` and the blocking
/// `BZPOPMIN`, `BZPOPMAX`, `BZMPOP`.
extension RedisMockHandler {
    /// `ZPOPMIN key [count]`.
    public static let zpopmin = RedisMockHandler { context in
        try popCommand(&context, highest: false)
    }

    /// `ZPOPMAX key [count]`.
    public static let zpopmax = RedisMockHandler { context in
        try popCommand(&context, highest: true)
    }

    /// `ZPOPMIN key [count]`: a flat `[member, score]` without a count; with one, pairs in RESP3.
    private static func popCommand(_ context: inout RedisMockContext, highest: Bool) throws -> RESPValue {
        try context.requireArguments(atLeast: 1)
        guard context.arguments.count <= 2 else { throw RedisMockContext.syntaxError }
        let count: Int? = context.arguments.count == 2
            ? try context.integer(1, in: 0...Int.max, message: "ERR value is out of range, must be positive")
            : nil
        let key = context.arguments[0]
        guard try context.sortedSet(at: key) != nil, count != 0 else { return .array([]) }
        let popped = pop(&context, key: key, highest: highest, count: count ?? 1)
        if count != nil && context.speaksRESP3 {
            return .array(popped.map { .array([.bulk($0.member), .double($0.score)]) })
        }
        return .array(popped.flatMap { [RESPValue.bulk($0.member), .double($0.score)] })
    }

    /// Removes up to `count` members from the low (or high) end of the sorted set at `key`.
    private static func pop(_ context: inout RedisMockContext, key: [UInt8], highest: Bool, count: Int) -> [RedisMockSortedSet.Element] {
        guard case .sortedSet(var scores)? = context.entry(key)?.data else { return [] }
        let ordered = RedisMockSortedSet(scores).elements
        let popped = Array(highest ? ordered.reversed().prefix(count) : ordered.prefix(count))
        for element in popped { scores[element.member] = nil }
        context.updateSortedSet(scores, at: key)
        return popped
    }

    /// The first of `keys` holding a sorted set (`WRONGTYPE` if an earlier existing key is of
    /// another type), or nil.
    private static func firstSortedSet(_ context: RedisMockContext, _ keys: ArraySlice<[UInt8]>) throws -> [UInt8]? {
        for key in keys where try context.sortedSet(at: key) != nil {
            return key
        }
        return nil
    }

    /// `ZMPOP numkeys key … MIN|MAX [COUNT count]`: `[key, [[member, score], …]]` or null.
    public static let zmpop = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        let request = try multiPopRequest(context, numberIndex: 0)
        guard let key = try firstSortedSet(context, request.keys) else { return .null }
        return multiPopReply(&context, key: key, request)
    }

    /// `BZMPOP timeout numkeys key … MIN|MAX [COUNT count]`: `ZMPOP`, waiting for a member.
    public static let bzmpop = RedisMockHandler { context in
        try context.requireArguments(atLeast: 4)
        let request = try multiPopRequest(context, numberIndex: 1)
        let timeout = try context.blockingTimeout(seconds: 0)
        guard let key = try firstSortedSet(context, request.keys) else {
            throw RedisMockBlock(keys: Array(request.keys), timeout: timeout, timeoutReply: .null)
        }
        return multiPopReply(&context, key: key, request)
    }

    private struct MultiPopRequest {
        var keys: ArraySlice<[UInt8]>
        var highest: Bool
        var count: Int
    }

    /// `numkeys key … MIN|MAX [COUNT count]` from `numberIndex`, with `ZMPOP`'s error texts.
    private static func multiPopRequest(_ context: RedisMockContext, numberIndex: Int) throws -> MultiPopRequest {
        let number = try context.integer(numberIndex, in: 1...Int.max, message: "ERR numkeys should be greater than 0")
        guard number < context.arguments.count, numberIndex + 1 + number < context.arguments.count else {
            throw RedisMockContext.syntaxError
        }
        let whereIndex = numberIndex + 1 + number
        let highest: Bool
        switch context.text(whereIndex).uppercased() {
        case "MIN": highest = false
        case "MAX": highest = true
        default: throw RedisMockContext.syntaxError
        }
        var count: Int?
        var index = whereIndex + 1
        while index < context.arguments.count {
            guard count == nil, context.isToken(index, "COUNT"), index + 1 < context.arguments.count else {
                throw RedisMockContext.syntaxError
            }
            count = try context.integer(index + 1, in: 1...Int.max, message: "ERR count should be greater than 0")
            index += 2
        }
        return MultiPopRequest(keys: context.arguments[(numberIndex + 1)..<whereIndex], highest: highest, count: count ?? 1)
    }

    /// `[key, [[member, score], …]]`.
    private static func multiPopReply(_ context: inout RedisMockContext, key: [UInt8], _ request: MultiPopRequest) -> RESPValue {
        let popped = pop(&context, key: key, highest: request.highest, count: request.count)
        return .array([.bulk(key), .array(popped.map { .array([.bulk($0.member), .double($0.score)]) })])
    }

    /// `BZPOPMIN key … timeout`: `[key, member, score]`, waiting for a member.
    public static let bzpopmin = RedisMockHandler { context in
        try blockingPop(&context, highest: false)
    }

    /// `BZPOPMAX key … timeout`: `[key, member, score]`, waiting for a member.
    public static let bzpopmax = RedisMockHandler { context in
        try blockingPop(&context, highest: true)
    }

    /// `BZPOPMIN key … timeout`: `[key, member, score]` from the first key with members.
    private static func blockingPop(_ context: inout RedisMockContext, highest: Bool) throws -> RESPValue {
        try context.requireArguments(atLeast: 2)
        let timeout = try context.blockingTimeout(seconds: context.arguments.count - 1)
        let keys = context.arguments.dropLast()
        guard let key = try firstSortedSet(context, keys) else {
            throw RedisMockBlock(keys: Array(keys), timeout: timeout, timeoutReply: .null)
        }
        let popped = pop(&context, key: key, highest: highest, count: 1)
        return .array([.bulk(key)] + popped.flatMap { [RESPValue.bulk($0.member), .double($0.score)] })
    }
}
