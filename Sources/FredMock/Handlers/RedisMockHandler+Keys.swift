import FredRuntime
import NIOCore

/// Handlers for the generic group: keys, expiry, scanning.
extension RedisMockHandler {
    public static let del = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        var removed = 0
        for key in context.arguments where context.entry(key) != nil {
            context.setEntry(nil, for: key)
            removed += 1
        }
        return .integer(removed)
    }

    /// Without a background thread, `UNLINK` frees memory at once, like `DEL`.
    public static let unlink = del

    public static let exists = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        return .integer(context.arguments.filter { context.entry($0) != nil }.count)
    }

    public static let touch = exists

    public static let type = RedisMockHandler { context in
        try context.requireArguments(1...1)
        return .simple(context.entry(context.arguments[0])?.data.typeName ?? "none")
    }

    public static let expire = RedisMockHandler { context in
        try setExpiry(&context, unit: 1000, relative: true)
    }

    public static let pexpire = RedisMockHandler { context in
        try setExpiry(&context, unit: 1, relative: true)
    }

    public static let expireat = RedisMockHandler { context in
        try setExpiry(&context, unit: 1000, relative: false)
    }

    public static let pexpireat = RedisMockHandler { context in
        try setExpiry(&context, unit: 1, relative: false)
    }

    private static func setExpiry(_ context: inout RedisMockContext, unit: Int, relative: Bool) throws -> RESPValue {
        try context.requireArguments(atLeast: 2)
        var nx = false, xx = false, gt = false, lt = false
        for index in 2..<context.arguments.count {
            switch context.text(index).uppercased() {
            case "NX": nx = true
            case "XX": xx = true
            case "GT": gt = true
            case "LT": lt = true
            default: throw RedisMockContext.error("ERR Unsupported option \(context.text(index))")
            }
        }
        if nx && (xx || gt || lt) {
            throw RedisMockContext.error("ERR NX and XX, GT or LT options at the same time are not compatible")
        }
        if gt && lt { throw RedisMockContext.error("ERR GT and LT options at the same time are not compatible") }
        var when = try context.integer(1)  // checked after the options, as a server does
        if unit == 1000 {
            guard when <= Int.max / 1000, when >= Int.min / 1000 else { throw context.invalidExpireTime }
            when *= 1000
        }
        if relative {
            guard when <= Int.max - Int(context.now) else { throw context.invalidExpireTime }
            when += Int(context.now)
        }
        let key = context.arguments[0]
        guard var entry = context.entry(key) else { return .integer(0) }
        let current = entry.expiresAt.map(Int.init)
        if nx && current != nil { return .integer(0) }
        if xx && current == nil { return .integer(0) }
        // A key without expiry counts as expiring never: GT cannot beat it, LT always does.
        if gt && when <= (current ?? Int.max) { return .integer(0) }
        if lt, let current, when >= current { return .integer(0) }
        if when <= Int(context.now) {
            context.setEntry(nil, for: key)
        } else {
            entry.expiresAt = Int64(when)
            context.setEntry(entry, for: key)
        }
        return .integer(1)
    }

    public static let ttl = RedisMockHandler { context in
        try timeToLive(context) { ($0 + 500) / 1000 }
    }

    public static let pttl = RedisMockHandler { context in
        try timeToLive(context) { $0 }
    }

    private static func timeToLive(_ context: RedisMockContext, _ scale: (Int64) -> Int64) throws -> RESPValue {
        try context.requireArguments(1...1)
        guard let entry = context.entry(context.arguments[0]) else { return .integer(-2) }
        guard let expiresAt = entry.expiresAt else { return .integer(-1) }
        return .integer(Int(scale(max(expiresAt - context.now, 0))))
    }

    public static let expiretime = RedisMockHandler { context in
        try expiryTime(context) { $0 / 1000 }
    }

    public static let pexpiretime = RedisMockHandler { context in
        try expiryTime(context) { $0 }
    }

    private static func expiryTime(_ context: RedisMockContext, _ scale: (Int64) -> Int64) throws -> RESPValue {
        try context.requireArguments(1...1)
        guard let entry = context.entry(context.arguments[0]) else { return .integer(-2) }
        return .integer(entry.expiresAt.map { Int(scale($0)) } ?? -1)
    }

    public static let persist = RedisMockHandler { context in
        try context.requireArguments(1...1)
        guard var entry = context.entry(context.arguments[0]), entry.expiresAt != nil else { return .integer(0) }
        entry.expiresAt = nil
        context.setEntry(entry, for: context.arguments[0])
        return .integer(1)
    }

    public static let keys = RedisMockHandler { context in
        try context.requireArguments(1...1)
        return .array(context.liveKeys().filter { RedisMockGlob.matches(context.arguments[0], $0) }.map { .bulk($0) })
    }

    public static let randomkey = RedisMockHandler { context in
        try context.requireArguments(0...0)
        return .bulkOrNull(context.liveKeys().randomElement())
    }

    public static let rename = RedisMockHandler { context in
        try renameKey(&context, onlyIfNew: false)
    }

    public static let renamenx = RedisMockHandler { context in
        try renameKey(&context, onlyIfNew: true)
    }

    private static func renameKey(_ context: inout RedisMockContext, onlyIfNew: Bool) throws -> RESPValue {
        try context.requireArguments(2...2)
        let (source, destination) = (context.arguments[0], context.arguments[1])
        guard let entry = context.entry(source) else { throw RedisMockContext.error("ERR no such key") }
        if source == destination { return onlyIfNew ? .integer(0) : .ok }
        if context.entry(destination) != nil && onlyIfNew { return .integer(0) }
        context.setEntry(entry, for: destination)
        context.setEntry(nil, for: source)
        return onlyIfNew ? .integer(1) : .ok
    }

    public static let copy = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        var database = context.session.database
        var replace = false
        var index = 2
        while index < context.arguments.count {
            if context.isToken(index, "REPLACE") {
                replace = true
            } else if context.isToken(index, "DB") && index + 1 < context.arguments.count {
                database = try context.databaseIndex(index + 1)
                index += 1
            } else {
                throw RedisMockContext.syntaxError
            }
            index += 1
        }
        let (source, destination) = (context.arguments[0], context.arguments[1])
        if source == destination && database == context.session.database {
            throw RedisMockContext.error("ERR source and destination objects are the same")
        }
        guard let entry = context.entry(source) else { return .integer(0) }
        if context.storage.entry(destination, database: database, now: context.now) != nil && !replace {
            return .integer(0)
        }
        context.storage.setEntry(entry, for: destination, database: database)
        return .integer(1)
    }

    public static let move = RedisMockHandler { context in
        try context.requireArguments(2...2)
        let database = try context.databaseIndex(1)
        if database == context.session.database {
            throw RedisMockContext.error("ERR source and destination objects are the same")
        }
        let key = context.arguments[0]
        guard let entry = context.entry(key),
              context.storage.entry(key, database: database, now: context.now) == nil
        else { return .integer(0) }
        context.storage.setEntry(entry, for: key, database: database)
        context.setEntry(nil, for: key)
        return .integer(1)
    }

    /// `SCAN` with `MATCH`, `COUNT` and `TYPE`. The cursor orders keys by a hash of their bytes, so
    /// a key present for the whole iteration is returned at least once, as the server promises.
    public static let scan = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        guard let cursor = RedisMockCollectionScan.cursor(context.arguments[0]) else { throw RedisMockContext.error("ERR invalid cursor") }
        var count = 10
        var pattern: [UInt8]?
        var type: String?
        var index = 1
        while index < context.arguments.count {
            guard index + 1 < context.arguments.count else { throw RedisMockContext.syntaxError }
            switch context.text(index).uppercased() {
            case "COUNT":
                count = try context.integer(index + 1)
                guard count >= 1 else { throw RedisMockContext.syntaxError }
            case "MATCH": pattern = context.arguments[index + 1]
            case "TYPE": type = context.text(index + 1).lowercased()
            default: throw RedisMockContext.syntaxError
            }
            index += 2
        }
        let ordered = context.liveKeys()
            .map { (position: scanPosition($0), key: $0) }
            .filter { $0.position >= cursor }
            .sorted { $0.position != $1.position ? $0.position < $1.position : $0.key.lexicographicallyPrecedes($1.key) }
        var page: [[UInt8]] = []
        var next: UInt64 = 0
        var taken = 0
        for (offset, item) in ordered.enumerated() {
            // Never split keys that share a position across two pages.
            if taken >= count && item.position != ordered[offset - 1].position {
                next = item.position
                break
            }
            taken += 1
            if let pattern, !RedisMockGlob.matches(pattern, item.key) { continue }
            if let type, context.entry(item.key)?.data.typeName != type { continue }
            page.append(item.key)
        }
        return .array([.bulk(String(next)), .array(page.map { .bulk($0) })])
    }

    /// A key's place in the scan order: its 32-bit FNV-1a hash plus one (0 means "start"/"done").
    private static func scanPosition(_ key: [UInt8]) -> UInt64 {
        var hash: UInt32 = 2_166_136_261
        for byte in key {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return UInt64(hash) + 1
    }

    /// `WAIT`: the mock has no replicas, so asking for none returns at once; asking for some would
    /// block and is not supported.
    public static let wait = RedisMockHandler { context in
        try context.requireArguments(2...2)
        let replicas = try context.integer(0)
        let timeout = try context.integer(1)
        guard timeout >= 0 else { throw RedisMockContext.error("ERR timeout is negative") }
        guard replicas <= 0 else { throw context.unsupported("with replicas to wait for") }
        return .integer(0)
    }
}

extension RedisMockContext {
    /// Every live key of the session's database.
    func liveKeys() -> [[UInt8]] {
        storage.purgeExpired(database: session.database, now: now)
        return Array(storage.databases[session.database].entries.keys)
    }
}
