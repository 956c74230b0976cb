/// The commands a spec describes, by name, so that a command sent as plain words through
/// `send(command:)` is still known: the mock engine answers it, and routing and retries can read
/// its flags.
///
/// Generated code provides one per spec (`RedisCommands.table`).
public struct RedisCommandTable: Sendable {
    private var byName: [String: RedisCommandInfo] = [:]

    /// A table of `infos`; where several share a name (variants of one command), the first wins.
    public init(_ infos: [RedisCommandInfo]) {
        for info in infos where byName[info.name] == nil {
            byName[info.name] = info
        }
    }

    /// A table that knows no command.
    public static let empty = RedisCommandTable([])

    /// The description of the command that `words` starts with: the subcommand (`CLIENT KILL`)
    /// when there is one, else the command, else nil.
    public func info(forWords words: [String]) -> RedisCommandInfo? {
        guard let first = words.first?.uppercased() else { return nil }
        if words.count > 1, let subcommand = byName[first + " " + words[1].uppercased()] {
            return subcommand
        }
        return byName[first]
    }

    /// All described commands, sorted by name.
    public var infos: [RedisCommandInfo] {
        byName.values.sorted { $0.name < $1.name }
    }
}
