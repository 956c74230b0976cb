import FredRuntime
import NIOCore

/// Handlers for `XINFO STREAM`, `XINFO GROUPS`, `XINFO CONSUMERS` and `XINFO HELP`, with Redis
/// 7.0's fields (`entries-added`, `max-deleted-entry-id`, `recorded-first-entry-id`, a group's
/// `entries-read` and `lag`; a consumer's `idle`, and no `active-time`/`inactive`, which came in
/// 7.2).
extension RedisMockHandler {
    /// The stream at the key of an `XINFO` subcommand: `ERR no such key` when there is none.
    private static func infoStream(_ context: RedisMockContext) throws -> RedisMockStream {
        guard let stream = try RedisMockStreamArguments.stream(context, context.arguments[0]) else {
            throw RedisMockContext.error("ERR no such key")
        }
        return stream
    }

    private static func field(_ name: String, _ value: RESPValue) -> RESPMapEntry {
        RESPMapEntry(key: .bulk(name), value: value)
    }

    /// `XINFO STREAM key [FULL [COUNT n]]`.
    public static let xinfoStream = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        let stream = try infoStream(context)
        let options = context.arguments.count - 1
        var full = false
        var count = 10
        if options > 0 {
            guard options == 1 || options == 3, context.isToken(1, "FULL") else { throw RedisMockStreamArguments.subcommandError(context) }
            full = true
            if options == 3 {
                guard context.isToken(2, "COUNT") else { throw RedisMockStreamArguments.subcommandError(context) }
                count = try RedisMockStreamArguments.integer(context.arguments[3])
                if count < 0 { count = 10 }
            }
        }
        var fields = [
            field("length", .integer(stream.length)),
            field("radix-tree-keys", .integer(stream.nodes.count)),
            field("radix-tree-nodes", .integer(stream.radixTreeNodes)),
            field("last-generated-id", RedisMockStreamArguments.reply(stream.lastID)),
            field("max-deleted-entry-id", RedisMockStreamArguments.reply(stream.maxDeletedEntryID)),
            field("entries-added", .integer(Int(stream.entriesAdded))),
            field("recorded-first-entry-id", RedisMockStreamArguments.reply(stream.firstID)),
        ]
        guard full else {
            let first = stream.entries(from: .zero, to: .max, limit: 1).first
            let last = stream.entries(from: .zero, to: .max, reverse: true, limit: 1).first
            fields.append(field("groups", .integer(stream.groups.count)))
            fields.append(field("first-entry", first.map(RedisMockStreamArguments.reply) ?? .null))
            fields.append(field("last-entry", last.map(RedisMockStreamArguments.reply) ?? .null))
            return .map(fields)
        }
        let limit = count == 0 ? nil : count
        let entries = stream.entries(from: .zero, to: .max, limit: limit)
        fields.append(field("entries", .array(entries.map(RedisMockStreamArguments.reply))))
        let groups = stream.groupNames.compactMap { name -> RESPValue? in
            guard let group = stream.groups[name] else { return nil }
            let pending = group.pendingIDs().prefix(limit ?? .max).compactMap { id -> RESPValue? in
                guard let entry = group.pending[id] else { return nil }
                return .array([RedisMockStreamArguments.reply(id), .bulk(entry.consumer), .integer(Int(entry.deliveryTime)), .integer(Int(entry.deliveryCount))])
            }
            let consumers = group.consumerNames.compactMap { consumer -> RESPValue? in
                guard let state = group.consumers[consumer] else { return nil }
                let owned = group.pendingIDs(of: consumer)
                let listed = owned.prefix(limit ?? .max).compactMap { id -> RESPValue? in
                    guard let entry = group.pending[id] else { return nil }
                    return .array([RedisMockStreamArguments.reply(id), .integer(Int(entry.deliveryTime)), .integer(Int(entry.deliveryCount))])
                }
                return .map([
                    field("name", .bulk(consumer)),
                    field("seen-time", .integer(Int(state.seenTime))),
                    field("pel-count", .integer(owned.count)),
                    field("pending", .array(listed)),
                ])
            }
            return .map([
                field("name", .bulk(name)),
                field("last-delivered-id", RedisMockStreamArguments.reply(group.lastID)),
                field("entries-read", entriesRead(group)),
                field("lag", stream.lag(of: group).map { .integer(Int($0)) } ?? .null),
                field("pel-count", .integer(group.pending.count)),
                field("pending", .array(pending)),
                field("consumers", .array(consumers)),
            ])
        }
        fields.append(field("groups", .array(groups)))
        return .map(fields)
    }

    private static func entriesRead(_ group: RedisMockStreamGroup) -> RESPValue {
        group.entriesRead == RedisMockStreamGroup.invalidEntriesRead ? .null : .integer(Int(group.entriesRead))
    }

    /// `XINFO GROUPS key`.
    public static let xinfoGroups = RedisMockHandler { context in
        try context.requireArguments(1...1)
        let stream = try infoStream(context)
        return .array(stream.groupNames.compactMap { name in
            guard let group = stream.groups[name] else { return nil }
            return .map([
                field("name", .bulk(name)),
                field("consumers", .integer(group.consumers.count)),
                field("pending", .integer(group.pending.count)),
                field("last-delivered-id", RedisMockStreamArguments.reply(group.lastID)),
                field("entries-read", entriesRead(group)),
                field("lag", stream.lag(of: group).map { .integer(Int($0)) } ?? .null),
            ])
        })
    }

    /// `XINFO CONSUMERS key group`: each consumer's pending count and idle time.
    public static let xinfoConsumers = RedisMockHandler { context in
        try context.requireArguments(2...2)
        let stream = try infoStream(context)
        guard let group = stream.groups[context.arguments[1]] else {
            throw RedisMockContext.error("NOGROUP No such consumer group '\(RedisMockStreamArguments.cString(context.arguments[1]))' for key name '\(RedisMockStreamArguments.cString(context.arguments[0]))'")
        }
        return .array(group.consumerNames.compactMap { name in
            guard let consumer = group.consumers[name] else { return nil }
            return .map([
                field("name", .bulk(name)),
                field("pending", .integer(group.pendingCount(of: name))),
                field("idle", .integer(Int(max(context.now &- consumer.seenTime, 0)))),
            ])
        })
    }

    /// `XINFO HELP`.
    public static let xinfoHelp = RedisMockHandler { context in
        try context.requireArguments(0...0)
        return helpReply("XINFO", [
            "CONSUMERS <key> <groupname>",
            "    Show consumers of <groupname>.",
            "GROUPS <key>",
            "    Show the stream consumer groups.",
            "STREAM <key> [FULL [COUNT <count>]",
            "    Show information about the stream.",
        ])
    }
}
