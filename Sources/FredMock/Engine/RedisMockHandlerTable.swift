import FredRuntime

/// Mock handlers by command name (`GET`, `CLIENT KILL`): what the engine runs for each command.
///
/// The `MockGen` build plugin writes one from a `commands.yaml` (each command's `mock:` field) as
/// `RedisMockHandlerTable.generated`, into a target that depends on FredMock. FredMock's own,
/// ``builtIn``, covers Fred's spec; give a server the table of your own spec with
/// ``RedisMockServer/install(_:commands:)``.
public struct RedisMockHandlerTable: Sendable {
    private var byName: [String: RedisMockHandler]

    /// A table of `handlers`, keyed by upper-case command name with subcommand words separated by
    /// a space.
    public init(_ handlers: [String: RedisMockHandler]) {
        byName = handlers
    }

    /// The handlers of the commands in Fred's `commands.yaml`.
    public static var builtIn: RedisMockHandlerTable { generated }

    /// The handler for the command called `name`, if any.
    public func handler(for name: String) -> RedisMockHandler? {
        byName[name]
    }

    /// The names the table answers, sorted.
    public var names: [String] { byName.keys.sorted() }

    /// This table with `other`'s handlers added; where both have one, `other`'s wins.
    public func merging(_ other: RedisMockHandlerTable) -> RedisMockHandlerTable {
        RedisMockHandlerTable(byName.merging(other.byName) { _, new in new })
    }
}
