import FredRuntime
import NIOCore

/// Handlers for the hash group.
///
/// The engine keeps a hash as a dictionary, so `HGETALL`, `HKEYS`, `HVALS` and `HSCAN` list fields
/// in no particular order, where a server lists a small (listpack) hash in insertion order.
extension RedisMockHandler {
    public static let hset = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        return .integer(try setHashFields(&context, onlyIfMissing: false))
    }

    public static let hmset = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        _ = try setHashFields(&context, onlyIfMissing: false)
        return .ok
    }

    public static let hsetnx = RedisMockHandler { context in
        try context.requireArguments(3...3)
        return .integer(try setHashFields(&context, onlyIfMissing: true))
    }

    /// Sets the field/value pairs after the key; returns how many fields were new.
    private static func setHashFields(_ context: inout RedisMockContext, onlyIfMissing: Bool) throws -> Int {
        guard context.arguments.count % 2 == 1 else { throw context.wrongArity }
        let key = context.arguments[0]
        let existing = context.entry(key)
        var fields = try context.hashFields(in: existing) ?? [:]
        var added = 0
        for pair in stride(from: 1, to: context.arguments.count, by: 2) {
            let field = context.arguments[pair]
            if fields[field] == nil {
                added += 1
            } else if onlyIfMissing {
                continue
            }
            fields[field] = context.arguments[pair + 1]
        }
        if added > 0 || !onlyIfMissing {
            context.setEntry(RedisMockEntry(data: .hash(fields), expiresAt: existing?.expiresAt), for: key)
        }
        return added
    }

    public static let hget = RedisMockHandler { context in
        try context.requireArguments(2...2)
        return .bulkOrNull(try context.hashFields(at: context.arguments[0])?[context.arguments[1]])
    }

    public static let hmget = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        let fields = try context.hashFields(at: context.arguments[0]) ?? [:]
        return .array(context.arguments.dropFirst().map { .bulkOrNull(fields[$0]) })
    }

    public static let hgetall = RedisMockHandler { context in
        try context.requireArguments(1...1)
        let fields = try context.hashFields(at: context.arguments[0]) ?? [:]
        return .map(fields.map { RESPMapEntry(key: .bulk($0.key), value: .bulk($0.value)) })
    }

    public static let hkeys = RedisMockHandler { context in
        try context.requireArguments(1...1)
        return .array((try context.hashFields(at: context.arguments[0]) ?? [:]).keys.map { .bulk($0) })
    }

    public static let hvals = RedisMockHandler { context in
        try context.requireArguments(1...1)
        return .array((try context.hashFields(at: context.arguments[0]) ?? [:]).values.map { .bulk($0) })
    }

    public static let hlen = RedisMockHandler { context in
        try context.requireArguments(1...1)
        return .integer(try context.hashFields(at: context.arguments[0])?.count ?? 0)
    }

    public static let hexists = RedisMockHandler { context in
        try context.requireArguments(2...2)
        return .integer(try context.hashFields(at: context.arguments[0])?[context.arguments[1]] == nil ? 0 : 1)
    }

    public static let hstrlen = RedisMockHandler { context in
        try context.requireArguments(2...2)
        return .integer(try context.hashFields(at: context.arguments[0])?[context.arguments[1]]?.count ?? 0)
    }

    public static let hdel = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        let key = context.arguments[0]
        guard let existing = context.entry(key), var fields = try context.hashFields(in: existing) else { return .integer(0) }
        var removed = 0
        for field in context.arguments.dropFirst() where fields.removeValue(forKey: field) != nil {
            removed += 1
        }
        if removed > 0 {
            context.setEntry(fields.isEmpty ? nil : RedisMockEntry(data: .hash(fields), expiresAt: existing.expiresAt), for: key)
        }
        return .integer(removed)
    }

    public static let hincrby = RedisMockHandler { context in
        try context.requireArguments(3...3)
        let increment = try context.integer(2)
        var result = 0
        try updateHashField(&context) { current in
            result = increment
            if let bytes = current {
                guard let value = RedisMockNumbers.integer(bytes) else {
                    throw RedisMockContext.error("ERR hash value is not an integer")
                }
                let (sum, overflow) = value.addingReportingOverflow(increment)
                guard !overflow else { throw RedisMockContext.error("ERR increment or decrement would overflow") }
                result = sum
            }
            return String(result)
        }
        return .integer(result)
    }

    /// `HINCRBYFLOAT`, in `long double` as on a server (see ``RedisMockNumbers/longDouble(_:)``).
    public static let hincrbyfloat = RedisMockHandler { context in
        try context.requireArguments(3...3)
        guard let increment = RedisMockNumbers.longDouble(context.arguments[2]) else { throw RedisMockContext.notAFloat }
        guard increment.isFinite else { throw RedisMockContext.error("ERR value is NaN or Infinity") }
        return .bulk(try updateHashField(&context) { current in
            var value: RedisMockLongDouble = 0
            if let bytes = current {
                guard let parsed = RedisMockNumbers.longDouble(bytes) else {
                    throw RedisMockContext.error("ERR hash value is not a float")
                }
                value = parsed
            }
            value += increment
            guard value.isFinite else { throw RedisMockContext.error("ERR increment would produce NaN or Infinity") }
            return RedisMockNumbers.format(longDouble: value)
        })
    }

    /// Replaces the field (argument 1) of the hash at argument 0 with `update(current value)`,
    /// creating the hash if needed; returns the new value.
    @discardableResult
    private static func updateHashField(
        _ context: inout RedisMockContext, _ update: ([UInt8]?) throws -> String
    ) throws -> String {
        let key = context.arguments[0]
        let existing = context.entry(key)
        var fields = try context.hashFields(in: existing) ?? [:]
        let field = context.arguments[1]
        let value = try update(fields[field])
        fields[field] = Array(value.utf8)
        context.setEntry(RedisMockEntry(data: .hash(fields), expiresAt: existing?.expiresAt), for: key)
        return value
    }

    /// `HRANDFIELD key [count [WITHVALUES]]`.
    public static let hrandfield = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        guard context.arguments.count > 1 else {
            guard let fields = try context.hashFields(at: context.arguments[0]) else { return .null }
            return .bulkOrNull(fields.keys.randomElement())
        }
        let count = try context.integer(1)
        guard count != Int.min else {
            throw RedisMockContext.error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807")
        }
        let withValues = context.arguments.count == 3
        guard context.arguments.count == 2 || (withValues && context.isToken(2, "WITHVALUES")) else {
            throw RedisMockContext.syntaxError
        }
        if withValues && (count < -Int.max / 2 || count > Int.max / 2) {
            throw RedisMockContext.error("ERR value is out of range")
        }
        guard let fields = try context.hashFields(at: context.arguments[0]), count != 0 else { return .array([]) }
        let picked: [(key: [UInt8], value: [UInt8])]
        if count > 0 {
            picked = Array(fields.shuffled().prefix(count))
        } else {
            let all = Array(fields)
            picked = (0..<(-count)).compactMap { _ in all.randomElement() }
        }
        guard withValues else { return .array(picked.map { .bulk($0.key) }) }
        if context.session.protocolVersion >= 3 {
            return .array(picked.map { .array([.bulk($0.key), .bulk($0.value)]) })
        }
        return .array(picked.flatMap { [RESPValue.bulk($0.key), .bulk($0.value)] })
    }

    /// `HSCAN key cursor [MATCH pattern] [COUNT count]`.
    public static let hscan = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        var scan = try RedisMockCollectionScan(context)
        guard let fields = try context.hashFields(at: context.arguments[0]) else {
            return RedisMockCollectionScan.reply(cursor: 0, [])
        }
        try scan.readOptions(context)
        let cursor: UInt64
        let page: [[UInt8]]
        if isListpackHash(fields) {
            (cursor, page) = (0, Array(fields.keys))
        } else {
            (cursor, page) = scan.page(Array(fields.keys))
        }
        return RedisMockCollectionScan.reply(cursor: cursor, page.filter(scan.matches).flatMap { [$0, fields[$0] ?? []] })
    }

    /// Whether a server would keep this hash as a listpack (at most 128 fields, none of the fields
    /// or values longer than 64 bytes), answering `HSCAN` in one call. (A server never converts a
    /// hash table back, so a hash that once held a long value may still be one.)
    static func isListpackHash(_ fields: [[UInt8]: [UInt8]]) -> Bool {
        fields.count <= 128 && fields.allSatisfy { $0.key.count <= 64 && $0.value.count <= 64 }
    }
}

extension RedisMockContext {
    /// The fields of the hash at `key`, nil if there is none, or `WRONGTYPE` for another type.
    func hashFields(at key: [UInt8]) throws -> [[UInt8]: [UInt8]]? {
        try hashFields(in: entry(key))
    }

    /// The fields of the hash in `entry`, nil for no entry, or `WRONGTYPE` for another type.
    func hashFields(in entry: RedisMockEntry?) throws -> [[UInt8]: [UInt8]]? {
        guard let entry else { return nil }
        guard case .hash(let fields) = entry.data else { throw Self.wrongType }
        return fields
    }
}
