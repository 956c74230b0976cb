import FredRuntime
import NIOCore

/// Handlers for the list group (the blocking forms are in `RedisMockHandler+ListsBlocking.swift`).
extension RedisMockHandler {
    public static let lpush = RedisMockHandler { context in
        try push(&context, to: .left, onlyIfPresent: false)
    }

    public static let rpush = RedisMockHandler { context in
        try push(&context, to: .right, onlyIfPresent: false)
    }

    public static let lpushx = RedisMockHandler { context in
        try push(&context, to: .left, onlyIfPresent: true)
    }

    public static let rpushx = RedisMockHandler { context in
        try push(&context, to: .right, onlyIfPresent: true)
    }

    private static func push(_ context: inout RedisMockContext, to end: RedisMockListStore.End, onlyIfPresent: Bool) throws -> RESPValue {
        try context.requireArguments(atLeast: 2)
        let elements = context.arguments.dropFirst()
        let count = try RedisMockListStore.modify(&context, context.arguments[0], create: !onlyIfPresent) { items in
            switch end {
            case .left: items.insert(contentsOf: elements.reversed(), at: 0)
            case .right: items.append(contentsOf: elements)
            }
            return items.count
        }
        return .integer(count ?? 0)
    }

    /// `LPOP key` and `LPOP key count`.
    public static let lpop = RedisMockHandler { context in
        try pop(&context, from: .left)
    }

    /// `RPOP key` and `RPOP key count`.
    public static let rpop = RedisMockHandler { context in
        try pop(&context, from: .right)
    }

    private static func pop(_ context: inout RedisMockContext, from end: RedisMockListStore.End) throws -> RESPValue {
        try context.requireArguments(1...2)
        let hasCount = context.arguments.count == 2
        let count = hasCount
            ? try RedisMockListStore.integer(context, 1, minimum: 0, message: "value is out of range, must be positive")
            : 1
        let key = context.arguments[0]
        guard context.entry(key) != nil else { return .null }
        if hasCount && count == 0 {
            _ = try RedisMockListStore.list(context, key)  // WRONGTYPE for another type
            return .array([])
        }
        let popped = try RedisMockListStore.modify(&context, key, create: false) { items in
            RedisMockListStore.pop(&items, from: end, count: count)
        } ?? []
        if hasCount { return .array(popped.map { .bulk($0) }) }
        return .bulkOrNull(popped.first)
    }

    public static let llen = RedisMockHandler { context in
        try context.requireArguments(1...1)
        return .integer(try RedisMockListStore.list(context, context.arguments[0])?.items.count ?? 0)
    }

    public static let lrange = RedisMockHandler { context in
        try context.requireArguments(3...3)
        let start = try context.integer(1)
        let stop = try context.integer(2)
        guard let (_, items) = try RedisMockListStore.list(context, context.arguments[0]),
              let range = RedisMockListStore.range(start: start, stop: stop, count: items.count)
        else { return .array([]) }
        return .array(items[range].map { .bulk($0) })
    }

    public static let lindex = RedisMockHandler { context in
        try context.requireArguments(2...2)
        guard let (_, items) = try RedisMockListStore.list(context, context.arguments[0]) else { return .null }
        var index = try context.integer(1)
        if index < 0 { index += items.count }
        guard items.indices.contains(index) else { return .null }
        return .bulk(items[index])
    }

    public static let lset = RedisMockHandler { context in
        try context.requireArguments(3...3)
        let key = context.arguments[0]
        guard let (entry, items) = try RedisMockListStore.list(context, key) else {
            throw RedisMockContext.error("ERR no such key")
        }
        var index = try context.integer(1)
        if index < 0 { index += items.count }
        guard items.indices.contains(index) else { throw RedisMockContext.error("ERR index out of range") }
        var changed = items
        changed[index] = context.arguments[2]
        RedisMockListStore.store(&context, changed, at: key, replacing: entry)
        return .ok
    }

    public static let linsert = RedisMockHandler { context in
        try context.requireArguments(4...4)
        let after: Bool
        switch context.text(1).uppercased() {
        case "AFTER": after = true
        case "BEFORE": after = false
        default: throw RedisMockContext.syntaxError
        }
        let key = context.arguments[0]
        guard let (entry, items) = try RedisMockListStore.list(context, key) else { return .integer(0) }
        guard let pivot = items.firstIndex(of: context.arguments[2]) else { return .integer(-1) }
        var changed = items
        changed.insert(context.arguments[3], at: after ? pivot + 1 : pivot)
        RedisMockListStore.store(&context, changed, at: key, replacing: entry)
        return .integer(changed.count)
    }

    public static let lrem = RedisMockHandler { context in
        try context.requireArguments(3...3)
        let count = try context.integer(1)
        let key = context.arguments[0]
        guard let (entry, items) = try RedisMockListStore.list(context, key) else { return .integer(0) }
        let element = context.arguments[2]
        // Count > 0 removes from the head, < 0 from the tail, 0 every match.
        let limit = count == 0 ? Int.max : Int(clamping: count.magnitude)
        var removed = 0
        var kept: [[UInt8]] = []
        kept.reserveCapacity(items.count)
        let ordered = count < 0 ? Array(items.reversed()) : items
        for item in ordered {
            if removed < limit && item == element {
                removed += 1
            } else {
                kept.append(item)
            }
        }
        guard removed > 0 else { return .integer(0) }
        RedisMockListStore.store(&context, count < 0 ? kept.reversed() : kept, at: key, replacing: entry)
        return .integer(removed)
    }

    public static let ltrim = RedisMockHandler { context in
        try context.requireArguments(3...3)
        let start = try context.integer(1)
        let stop = try context.integer(2)
        let key = context.arguments[0]
        guard let (entry, items) = try RedisMockListStore.list(context, key) else { return .ok }
        let range = RedisMockListStore.range(start: start, stop: stop, count: items.count)
        let kept = range.map { Array(items[$0]) } ?? []
        // Written even when nothing is trimmed: the server signals the key as modified (`WATCH`).
        RedisMockListStore.store(&context, kept, at: key, replacing: entry)
        return .ok
    }

    /// `LPOS` with `RANK`, `COUNT` and `MAXLEN`.
    public static let lpos = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        var rank = 1
        var count: Int?
        var maximumLength = 0
        var index = 2
        while index < context.arguments.count {
            let hasValue = index + 1 < context.arguments.count
            if context.isToken(index, "RANK") && hasValue {
                rank = try context.integer(index + 1)
                guard rank != 0 else {
                    throw RedisMockContext.error("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list")
                }
            } else if context.isToken(index, "COUNT") && hasValue {
                count = try RedisMockListStore.integer(context, index + 1, minimum: 0, message: "COUNT can't be negative")
            } else if context.isToken(index, "MAXLEN") && hasValue {
                maximumLength = try RedisMockListStore.integer(context, index + 1, minimum: 0, message: "MAXLEN can't be negative")
            } else {
                throw RedisMockContext.syntaxError
            }
            index += 2
        }
        // A negative rank searches from the tail. (The server negates it in 64 bits, so the
        // lowest integer stays negative and matches from the first hit.)
        let fromTail = rank < 0
        if fromTail { rank = 0 &- rank }
        guard let (_, items) = try RedisMockListStore.list(context, context.arguments[0]) else {
            return count == nil ? .null : .array([])
        }
        let element = context.arguments[1]
        var matches = 0
        var found: [Int] = []
        var scanned = 0
        for step in 0..<items.count {
            if maximumLength != 0 && scanned >= maximumLength { break }
            scanned += 1
            let position = fromTail ? items.count - 1 - step : step
            guard items[position] == element else { continue }
            matches += 1
            guard matches >= rank else { continue }
            found.append(position)
            guard let count else { break }
            if count != 0 && found.count >= count { break }
        }
        guard count != nil else { return found.first.map { .integer($0) } ?? .null }
        return .array(found.map { .integer($0) })
    }

    /// `LMOVE source destination LEFT|RIGHT LEFT|RIGHT`.
    public static let lmove = RedisMockHandler { context in
        try context.requireArguments(4...4)
        let from = try RedisMockListStore.end(context, 2)
        let to = try RedisMockListStore.end(context, 3)
        return try RedisMockListStore.move(&context, source: context.arguments[0], destination: context.arguments[1], from: from, to: to)
    }

    /// `RPOPLPUSH source destination`, the old form of `LMOVE … RIGHT LEFT`.
    public static let rpoplpush = RedisMockHandler { context in
        try context.requireArguments(2...2)
        return try RedisMockListStore.move(&context, source: context.arguments[0], destination: context.arguments[1], from: .right, to: .left)
    }

    /// `LMPOP numkeys key [key …] LEFT|RIGHT [COUNT count]`.
    public static let lmpop = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        let (keys, end, count) = try RedisMockListStore.multiPopArguments(context, numkeysAt: 0)
        return try RedisMockListStore.popFirst(&context, keys: keys, from: end, count: count) ?? .null
    }
}
