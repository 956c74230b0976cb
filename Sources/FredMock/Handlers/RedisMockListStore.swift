import FredRuntime
import NIOCore

/// Reading and writing list values for the list handlers, with the rules a Redis 7.0 server
/// follows: a missing key reads as no list, another type is `WRONGTYPE`, a list that becomes
/// empty is deleted, and a changed list keeps the key's expiry.
enum RedisMockListStore {
    /// One end of a list (`LEFT`/`RIGHT`, head/tail).
    enum End {
        case left, right
    }

    /// The list at `key` with its entry, nil when the key is missing, or `WRONGTYPE`.
    static func list(_ context: RedisMockContext, _ key: [UInt8]) throws -> (entry: RedisMockEntry, items: [[UInt8]])? {
        guard let entry = context.entry(key) else { return nil }
        guard case .list(let items) = entry.data else { throw RedisMockContext.wrongType }
        return (entry, items)
    }

    /// Whether `key` holds a list.
    static func holdsList(_ context: RedisMockContext, _ key: [UInt8]) -> Bool {
        if case .list? = context.entry(key)?.data { return true }
        return false
    }

    /// Stores `items` at `key` keeping `entry`'s expiry (a new list has none); an empty list
    /// deletes the key.
    static func store(_ context: inout RedisMockContext, _ items: [[UInt8]], at key: [UInt8], replacing entry: RedisMockEntry?) {
        guard !items.isEmpty else {
            context.setEntry(nil, for: key)
            return
        }
        context.setEntry(RedisMockEntry(data: .list(items), expiresAt: entry?.expiresAt), for: key)
    }

    /// Runs `body` on the list at `key` in place (its elements are not copied, so pushing onto a
    /// long list costs what the push costs), then stores it, keeping the key's expiry; an empty
    /// list deletes the key. A missing key is an empty new list, or nil without calling `body`
    /// when `create` is false; another type is `WRONGTYPE`.
    static func modify<Result>(
        _ context: inout RedisMockContext, _ key: [UInt8], create: Bool, _ body: (inout [[UInt8]]) throws -> Result
    ) throws -> Result? {
        let database = context.session.database
        var entry: RedisMockEntry
        if let live = context.entry(key) {
            guard case .list = live.data else { throw RedisMockContext.wrongType }
            // Moved out of the storage, so that the list below is its only owner.
            entry = context.storage.databases[database].entries.removeValue(forKey: key) ?? live
        } else {
            guard create else { return nil }
            entry = RedisMockEntry(data: .list([]))
        }
        guard case .list(var items) = entry.data else { return nil }
        entry.data = .list([])
        let result: Result
        do {
            result = try body(&items)
        } catch {
            entry.data = .list(items)
            context.storage.databases[database].entries[key] = entry  // put back unchanged
            throw error
        }
        if items.isEmpty {
            context.setEntry(nil, for: key)
        } else {
            entry.data = .list(items)
            context.setEntry(entry, for: key)
        }
        return result
    }

    /// `LEFT` or `RIGHT` at `index`, or `ERR syntax error`.
    static func end(_ context: RedisMockContext, _ index: Int) throws -> End {
        switch context.text(index).uppercased() {
        case "LEFT": return .left
        case "RIGHT": return .right
        default: throw RedisMockContext.syntaxError
        }
    }

    /// An integer argument parsed the way `getRangeLongFromObjectOrReply` does with a message:
    /// `ERR <message>` when it is not an integer or is below `minimum`.
    static func integer(_ context: RedisMockContext, _ index: Int, minimum: Int, message: String) throws -> Int {
        guard let value = RedisMockNumbers.integer(context.arguments[index]), value >= minimum else {
            throw RedisMockContext.error("ERR \(message)")
        }
        return value
    }

    /// Removes up to `count` elements from `end` of `items`, in the order they are popped.
    static func pop(_ items: inout [[UInt8]], from end: End, count: Int) -> [[UInt8]] {
        let taken = min(count, items.count)
        switch end {
        case .left:
            let popped = Array(items.prefix(taken))
            items.removeFirst(taken)
            return popped
        case .right:
            let popped = Array(items.suffix(taken).reversed())
            items.removeLast(taken)
            return popped
        }
    }

    /// Normalises a `start`/`stop` pair (negative counts from the end) into the indexes it
    /// covers, or nil when it covers none — the rule of `LRANGE` and `LTRIM`.
    static func range(start: Int, stop: Int, count: Int) -> ClosedRange<Int>? {
        var start = start, stop = stop
        if start < 0 { start = count + start }
        if stop < 0 { stop = count + stop }
        if start < 0 { start = 0 }
        guard start <= stop, start < count else { return nil }
        return start...min(stop, count - 1)
    }

    /// Pops one element from `end` of `source` and pushes it onto `to` of `destination`
    /// (`LMOVE`): nil when the source is missing, `WRONGTYPE` when either key holds another type.
    static func move(_ context: inout RedisMockContext, source: [UInt8], destination: [UInt8], from: End, to: End) throws -> RESPValue {
        guard let (sourceEntry, items) = try list(context, source), !items.isEmpty else { return .null }
        _ = try list(context, destination)
        var remaining = items
        guard let value = pop(&remaining, from: from, count: 1).first else { return .null }
        if source == destination {
            // A rotation of one list: it never empties, and keeps its expiry.
            switch to {
            case .left: remaining.insert(value, at: 0)
            case .right: remaining.append(value)
            }
            store(&context, remaining, at: source, replacing: sourceEntry)
            return .bulk(value)
        }
        store(&context, remaining, at: source, replacing: sourceEntry)
        let target = try list(context, destination)
        var pushed = target?.items ?? []
        switch to {
        case .left: pushed.insert(value, at: 0)
        case .right: pushed.append(value)
        }
        store(&context, pushed, at: destination, replacing: target?.entry)
        return .bulk(value)
    }

    /// The first non-empty list among `keys`, popping up to `count` elements from `end`:
    /// `[key, element]` (single) or `[key, [elements]]` (`count` given); nil when every list is
    /// missing or empty. A key of another type before a non-empty list is `WRONGTYPE`, except
    /// when a parked client is being served: a server then only looks at lists.
    static func popFirst(_ context: inout RedisMockContext, keys: [[UInt8]], from end: End, count: Int?) throws -> RESPValue? {
        for key in keys {
            if context.servesBlockedClient && !holdsList(context, key) { continue }
            guard let popped = try modify(&context, key, create: false, { items in pop(&items, from: end, count: count ?? 1) }) else { continue }
            if count != nil {
                return .array([.bulk(key), .array(popped.map { .bulk($0) })])
            }
            return .array([.bulk(key)] + popped.map { .bulk($0) })
        }
        return nil
    }

    /// The keys, end and count of `LMPOP`/`BLMPOP` from the `numkeys` argument at `index`.
    static func multiPopArguments(_ context: RedisMockContext, numkeysAt index: Int) throws -> (keys: [[UInt8]], end: End, count: Int) {
        let numkeys = try integer(context, index, minimum: 1, message: "numkeys should be greater than 0")
        let endIndex = index + 1
        // The direction comes right after the keys; a count running past the arguments is a
        // syntax error (on the server as well).
        guard numkeys < context.arguments.count - endIndex else { throw RedisMockContext.syntaxError }
        let whereIndex = endIndex + numkeys
        let end = try end(context, whereIndex)
        var count: Int?
        var position = whereIndex + 1
        while position < context.arguments.count {
            if count == nil, context.isToken(position, "COUNT"), position + 1 < context.arguments.count {
                count = try integer(context, position + 1, minimum: 1, message: "count should be greater than 0")
                position += 2
            } else {
                throw RedisMockContext.syntaxError
            }
        }
        return (Array(context.arguments[endIndex..<whereIndex]), end, count ?? 1)
    }
}
