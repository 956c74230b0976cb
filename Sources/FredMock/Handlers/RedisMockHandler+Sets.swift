import FredRuntime
import NIOCore

/// Handlers for the set group: members, random picks and moves (the set algebra is in
/// `RedisMockHandler+SetAlgebra.swift`).
///
/// A server keeps a set of at most 512 integers as an intset and lists it in numeric order; the
/// mock lists such a set the same way. Other sets are hash tables on a server, listed in no
/// particular order.
extension RedisMockHandler {
    public static let sadd = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        let key = context.arguments[0]
        let existing = context.entry(key)
        var members = try context.setMembers(in: existing) ?? []
        var added = 0
        for member in context.arguments.dropFirst() where members.insert(member).inserted {
            added += 1
        }
        if added > 0 {
            context.setEntry(RedisMockEntry(data: .set(members), expiresAt: existing?.expiresAt), for: key)
        }
        return .integer(added)
    }

    public static let srem = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        let key = context.arguments[0]
        guard let existing = context.entry(key), var members = try context.setMembers(in: existing) else { return .integer(0) }
        var removed = 0
        for member in context.arguments.dropFirst() where members.remove(member) != nil {
            removed += 1
        }
        if removed > 0 {
            context.setEntry(members.isEmpty ? nil : RedisMockEntry(data: .set(members), expiresAt: existing.expiresAt), for: key)
        }
        return .integer(removed)
    }

    public static let smembers = RedisMockHandler { context in
        try context.requireArguments(1...1)
        return setReply(try context.setMembers(at: context.arguments[0]) ?? [])
    }

    public static let sismember = RedisMockHandler { context in
        try context.requireArguments(2...2)
        return .integer(try context.setMembers(at: context.arguments[0])?.contains(context.arguments[1]) == true ? 1 : 0)
    }

    public static let smismember = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        let members = try context.setMembers(at: context.arguments[0]) ?? []
        return .array(context.arguments.dropFirst().map { .integer(members.contains($0) ? 1 : 0) })
    }

    public static let scard = RedisMockHandler { context in
        try context.requireArguments(1...1)
        return .integer(try context.setMembers(at: context.arguments[0])?.count ?? 0)
    }

    /// `SPOP key [count]`.
    public static let spop = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        guard context.arguments.count <= 2 else { throw RedisMockContext.syntaxError }
        var count: Int?
        if context.arguments.count == 2 {
            guard let value = RedisMockNumbers.integer(context.arguments[1]), value >= 0 else {
                throw RedisMockContext.error("ERR value is out of range, must be positive")
            }
            count = value
        }
        let key = context.arguments[0]
        guard let existing = context.entry(key), var members = try context.setMembers(in: existing) else {
            return count == nil ? .null : .set([])
        }
        guard let count else {
            guard let member = members.randomElement() else { return .null }
            members.remove(member)
            context.setEntry(members.isEmpty ? nil : RedisMockEntry(data: .set(members), expiresAt: existing.expiresAt), for: key)
            return .bulk(member)
        }
        if count == 0 { return .set([]) }
        let popped = Array(members.shuffled().prefix(count))
        members.subtract(popped)
        context.setEntry(members.isEmpty ? nil : RedisMockEntry(data: .set(members), expiresAt: existing.expiresAt), for: key)
        return setReply(popped)
    }

    /// `SRANDMEMBER key [count]`: distinct members for a positive count, possibly repeated ones for
    /// a negative count.
    public static let srandmember = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        guard context.arguments.count <= 2 else { throw RedisMockContext.syntaxError }
        guard context.arguments.count == 2 else {
            return .bulkOrNull(try context.setMembers(at: context.arguments[0])?.randomElement())
        }
        let count = try context.integer(1)
        guard count != Int.min else {
            throw RedisMockContext.error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807")
        }
        guard let members = try context.setMembers(at: context.arguments[0]), count != 0 else { return .array([]) }
        if count > 0 {
            return .array(members.shuffled().prefix(count).map { .bulk($0) })
        }
        let all = Array(members)
        return .array((0..<(-count)).compactMap { _ in all.randomElement().map { .bulk($0) } })
    }

    public static let smove = RedisMockHandler { context in
        try context.requireArguments(3...3)
        let (source, destination, member) = (context.arguments[0], context.arguments[1], context.arguments[2])
        guard let sourceEntry = context.entry(source) else { return .integer(0) }
        let destinationEntry = context.entry(destination)
        guard var sourceMembers = try context.setMembers(in: sourceEntry) else { return .integer(0) }
        var destinationMembers = try context.setMembers(in: destinationEntry) ?? []
        if source == destination { return .integer(sourceMembers.contains(member) ? 1 : 0) }
        guard sourceMembers.remove(member) != nil else { return .integer(0) }
        context.setEntry(sourceMembers.isEmpty ? nil : RedisMockEntry(data: .set(sourceMembers), expiresAt: sourceEntry.expiresAt), for: source)
        if destinationMembers.insert(member).inserted {
            context.setEntry(RedisMockEntry(data: .set(destinationMembers), expiresAt: destinationEntry?.expiresAt), for: destination)
        }
        return .integer(1)
    }

    /// `SSCAN key cursor [MATCH pattern] [COUNT count]`.
    public static let sscan = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        var scan = try RedisMockCollectionScan(context)
        guard let members = try context.setMembers(at: context.arguments[0]) else {
            return RedisMockCollectionScan.reply(cursor: 0, [])
        }
        try scan.readOptions(context)
        if let sorted = intsetOrder(members) {
            return RedisMockCollectionScan.reply(cursor: 0, sorted.filter(scan.matches))
        }
        let (cursor, page) = scan.page(Array(members))
        return RedisMockCollectionScan.reply(cursor: cursor, page.filter(scan.matches))
    }

    /// The members of a set that a server would keep as an intset (at most 512 members, all
    /// integers), in numeric order; nil for any other set.
    static func intsetOrder<Members: Collection>(_ members: Members) -> [[UInt8]]? where Members.Element == [UInt8] {
        guard members.count <= 512 else { return nil }
        var numbered: [(value: Int, member: [UInt8])] = []
        numbered.reserveCapacity(members.count)
        for member in members {
            guard let value = RedisMockNumbers.integer(member) else { return nil }
            numbered.append((value, member))
        }
        return numbered.sorted { $0.value < $1.value }.map(\.member)
    }

    /// A set reply: in numeric order when the members could form an intset, as a server lists one.
    static func setReply<Members: Collection>(_ members: Members) -> RESPValue where Members.Element == [UInt8] {
        .set((intsetOrder(members) ?? Array(members)).map { .bulk($0) })
    }
}

extension RedisMockContext {
    /// The members of the set at `key`, nil if there is none, or `WRONGTYPE` for another type.
    func setMembers(at key: [UInt8]) throws -> Set<[UInt8]>? {
        try setMembers(in: entry(key))
    }

    /// The members of the set in `entry`, nil for no entry, or `WRONGTYPE` for another type.
    func setMembers(in entry: RedisMockEntry?) throws -> Set<[UInt8]>? {
        guard let entry else { return nil }
        guard case .set(let members) = entry.data else { throw Self.wrongType }
        return members
    }
}
