import FredRuntime
import NIOCore

/// Handlers for consumer groups: the `XGROUP` subcommands and `XACK`.
extension RedisMockHandler {
    /// What every `XGROUP` subcommand checks first, in the server's order: its options
    /// (`MKSTREAM`, `ENTRIESREAD`), the key's type, the key, the group.
    private struct GroupCommand {
        var key: [UInt8]
        var groupName: [UInt8]
        var stream: RedisMockStream?
        var makeStream = false
        var entriesRead = RedisMockStreamGroup.invalidEntriesRead

        init(_ context: RedisMockContext, create: Bool = false, setID: Bool = false, needsGroup: Bool = false) throws {
            let arguments = context.arguments
            var index = 3
            while index < arguments.count {
                if create && context.isToken(index, "MKSTREAM") {
                    makeStream = true
                    index += 1
                } else if (create || setID) && context.isToken(index, "ENTRIESREAD") && index + 1 < arguments.count {
                    let value = try RedisMockStreamArguments.integer(arguments[index + 1])
                    guard value >= 0 || Int64(value) == RedisMockStreamGroup.invalidEntriesRead else {
                        throw RedisMockContext.error("ERR value for ENTRIESREAD must be positive or -1")
                    }
                    entriesRead = Int64(value)
                    index += 2
                } else {
                    throw RedisMockStreamArguments.subcommandError(context)
                }
            }
            key = arguments[0]
            groupName = arguments[1]
            stream = try RedisMockStreamArguments.stream(context, key)
            guard !makeStream else { return }
            guard let stream else {
                throw RedisMockContext.error("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.")
            }
            if needsGroup && stream.groups[groupName] == nil {
                throw RedisMockContext.error("NOGROUP No such consumer group '\(RedisMockStreamArguments.cString(groupName))' for key name '\(RedisMockStreamArguments.cString(key))'")
            }
        }
    }

    /// `XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD n]`.
    public static let xgroupCreate = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        let command = try GroupCommand(context, create: true)
        guard context.arguments.count <= 6 else { throw RedisMockStreamArguments.subcommandError(context) }
        var stream = command.stream ?? RedisMockStream()
        let id = context.arguments[2] == [UInt8(ascii: "$")]
            ? stream.lastID : try RedisMockStreamArguments.strictID(context.arguments[2])
        if command.stream == nil {
            RedisMockStreamArguments.store(&context, command.key, stream)
        }
        guard stream.groups[command.groupName] == nil else {
            throw RedisMockContext.error("BUSYGROUP Consumer Group name already exists")
        }
        stream.groups[command.groupName] = RedisMockStreamGroup(lastID: id, entriesRead: command.entriesRead)
        RedisMockStreamArguments.store(&context, command.key, stream)
        return .ok
    }

    /// `XGROUP SETID key group id|$ [ENTRIESREAD n]`.
    public static let xgroupSetid = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        let command = try GroupCommand(context, setID: true, needsGroup: true)
        guard context.arguments.count == 3 || context.arguments.count == 5, var stream = command.stream else {
            throw RedisMockStreamArguments.subcommandError(context)
        }
        let id: RedisMockStreamID
        if context.arguments[2] == [UInt8(ascii: "$")] {
            id = stream.lastID
        } else {
            guard let (parsed, _) = RedisMockStreamArguments.parseID(context.arguments[2], strict: false) else {
                throw RedisMockStreamArguments.invalidID
            }
            id = parsed
        }
        stream.groups[command.groupName]?.lastID = id
        stream.groups[command.groupName]?.entriesRead = command.entriesRead
        RedisMockStreamArguments.store(&context, command.key, stream)
        return .ok
    }

    /// `XGROUP DESTROY key group`.
    public static let xgroupDestroy = RedisMockHandler { context in
        try context.requireArguments(2...2)
        let command = try GroupCommand(context)
        guard var stream = command.stream, stream.groups.removeValue(forKey: command.groupName) != nil else { return .integer(0) }
        RedisMockStreamArguments.store(&context, command.key, stream)
        return .integer(1)
    }

    /// `XGROUP CREATECONSUMER key group consumer`.
    public static let xgroupCreateconsumer = RedisMockHandler { context in
        try context.requireArguments(3...3)
        let command = try GroupCommand(context, needsGroup: true)
        guard var stream = command.stream, stream.groups[command.groupName]?.consumers[context.arguments[2]] == nil else {
            return .integer(0)
        }
        stream.groups[command.groupName]?.touchConsumer(context.arguments[2], now: context.now)
        RedisMockStreamArguments.store(&context, command.key, stream)
        return .integer(1)
    }

    /// `XGROUP DELCONSUMER key group consumer`: replies how many entries the consumer had pending.
    public static let xgroupDelconsumer = RedisMockHandler { context in
        try context.requireArguments(3...3)
        let command = try GroupCommand(context, needsGroup: true)
        guard var stream = command.stream,
              let pending = stream.groups[command.groupName]?.deleteConsumer(context.arguments[2]) else { return .integer(0) }
        RedisMockStreamArguments.store(&context, command.key, stream)
        return .integer(pending)
    }

    /// `XGROUP HELP`.
    public static let xgroupHelp = RedisMockHandler { context in
        try context.requireArguments(0...0)
        return helpReply("XGROUP", [
            "CREATE <key> <groupname> <id|$> [option]",
            "    Create a new consumer group. Options are:",
            "    * MKSTREAM",
            "      Create the empty stream if it does not exist.",
            "    * ENTRIESREAD entries_read",
            "      Set the group's entries_read counter (internal use).",
            "CREATECONSUMER <key> <groupname> <consumer>",
            "    Create a new consumer in the specified group.",
            "DELCONSUMER <key> <groupname> <consumer>",
            "    Remove the specified consumer.",
            "DESTROY <key> <groupname>",
            "    Remove the specified group.",
            "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
            "    Set the current group ID and entries_read counter.",
        ])
    }

    /// A `HELP` subcommand's reply: a header, the lines, and the `HELP` lines, as status strings.
    static func helpReply(_ command: String, _ lines: [String]) -> RESPValue {
        .array((["\(command) <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"] + lines + ["HELP", "    Prints this help."]).map { .simple($0) })
    }

    /// `XACK key group id …`.
    public static let xack = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        let key = context.arguments[0]
        guard var stream = try RedisMockStreamArguments.stream(context, key),
              var group = stream.groups[context.arguments[1]] else { return .integer(0) }
        let ids = try context.arguments.dropFirst(2).map(RedisMockStreamArguments.strictID)
        var acknowledged = 0
        for id in ids where group.pending.removeValue(forKey: id) != nil {
            acknowledged += 1
        }
        if acknowledged > 0 {
            stream.groups[context.arguments[1]] = group
            RedisMockStreamArguments.store(&context, key, stream)
        }
        return .integer(acknowledged)
    }
}
