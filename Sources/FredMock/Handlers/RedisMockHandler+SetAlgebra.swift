import FredRuntime
import NIOCore

/// Handlers for intersections, unions and differences of sets (`SINTER`, `SUNIONSTORE`, …).
extension RedisMockHandler {
    public static let sinter = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        return setReply(try intersection(context, keys: context.arguments[...]))
    }

    public static let sinterstore = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        return try store(&context, try intersection(context, keys: context.arguments.dropFirst()))
    }

    /// `SINTERCARD numkeys key [key …] [LIMIT limit]`.
    public static let sintercard = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        guard let keyCount = RedisMockNumbers.integer(context.arguments[0]), keyCount >= 1 else {
            throw RedisMockContext.error("ERR numkeys should be greater than 0")
        }
        guard keyCount <= context.arguments.count - 1 else {
            throw RedisMockContext.error("ERR Number of keys can't be greater than number of args")
        }
        var limit = 0
        var index = 1 + keyCount
        while index < context.arguments.count {
            guard context.isToken(index, "LIMIT"), index + 1 < context.arguments.count else { throw RedisMockContext.syntaxError }
            guard let value = RedisMockNumbers.integer(context.arguments[index + 1]), value >= 0 else {
                throw RedisMockContext.error("ERR LIMIT can't be negative")
            }
            limit = value
            index += 2
        }
        let count = try intersection(context, keys: context.arguments[1...keyCount]).count
        return .integer(limit > 0 ? min(count, limit) : count)
    }

    public static let sunion = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        return setReply(try union(context, keys: context.arguments[...]))
    }

    public static let sunionstore = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        return try store(&context, try union(context, keys: context.arguments.dropFirst()))
    }

    public static let sdiff = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        return setReply(try difference(context, keys: context.arguments[...]))
    }

    public static let sdiffstore = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        return try store(&context, try difference(context, keys: context.arguments.dropFirst()))
    }

    /// The sets at `keys` (nil for a missing key), or `WRONGTYPE` if any key holds another type.
    private static func sets(_ context: RedisMockContext, keys: ArraySlice<[UInt8]>) throws -> [Set<[UInt8]>?] {
        try keys.map { try context.setMembers(at: $0) }
    }

    private static func intersection(_ context: RedisMockContext, keys: ArraySlice<[UInt8]>) throws -> Set<[UInt8]> {
        let all = try sets(context, keys: keys)
        guard var result = all.first ?? nil else { return [] }
        for members in all.dropFirst() {
            guard let members else { return [] }
            result.formIntersection(members)
        }
        return result
    }

    private static func union(_ context: RedisMockContext, keys: ArraySlice<[UInt8]>) throws -> Set<[UInt8]> {
        try sets(context, keys: keys).reduce(into: Set<[UInt8]>()) { result, members in
            if let members { result.formUnion(members) }
        }
    }

    private static func difference(_ context: RedisMockContext, keys: ArraySlice<[UInt8]>) throws -> Set<[UInt8]> {
        let all = try sets(context, keys: keys)
        guard var result = all.first ?? nil else { return [] }
        for case let members? in all.dropFirst() {
            result.subtract(members)
        }
        return result
    }

    /// Stores `members` at the first argument (replacing any value and its expiry, or deleting the
    /// key for an empty result) and replies their number.
    private static func store(_ context: inout RedisMockContext, _ members: Set<[UInt8]>) throws -> RESPValue {
        let destination = context.arguments[0]
        if members.isEmpty {
            // Only a key that existed counts as written (for WATCH).
            if context.entry(destination) != nil { context.setEntry(nil, for: destination) }
        } else {
            context.setEntry(RedisMockEntry(data: .set(members)), for: destination)
        }
        return .integer(members.count)
    }
}
