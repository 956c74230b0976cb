/// The spec as written in `commands.yaml`, each element with the line it came from.
struct Spec {
    var version: Int
    /// Name of the public enum that holds the command builders (`RedisCommands`).
    var namespace: String
    /// Modules the generated code imports besides FredRuntime (`[FredCommands]` to use Fred's mock
    /// handlers from another package's spec), with the line they are declared on.
    var imports: [String] = []
    var importsLine: Int = 1
    var types: [TypeSpec]
    var commands: [CommandSpec]
}

/// A shared option type under `types:`.
struct TypeSpec {
    var name: String
    var summary: String?
    var cases: [ArgumentSpec]
    var line: Int
}

struct CommandSpec {
    var name: String
    var group: String
    var since: String
    var summary: String
    var complexity: String?
    var container: Bool
    var flags: [String]
    var requestTip: String?
    var responseTip: String?
    var arguments: [ArgumentSpec]
    var reply: ReplySpec?
    var swiftName: String?
    var mock: String?
    var line: Int

    /// The words of the name (`["CLIENT", "KILL"]`).
    var words: [String] { name.split(separator: " ").map(String.init) }
}

struct ReplySpec {
    var type: String
    var resp2: String?
    var resp3: String?
}

struct ArgumentSpec {
    var name: String
    var type: ArgumentType
    var token: String?
    var optional: Bool
    var multiple: Bool
    var multipleToken: Bool
    var constant: Bool
    var arguments: [ArgumentSpec]
    var summary: String?
    var swiftLabel: String?
    var swiftType: String?
    var line: Int
}

enum ArgumentType: Equatable {
    case key, string, pattern, integer, double, unixTime, pureToken, oneof, block
    /// A type declared under `types:`.
    case named(String)

    static let builtinNames: [String: ArgumentType] = [
        "key": .key, "string": .string, "pattern": .pattern, "integer": .integer, "double": .double,
        "unix-time": .unixTime, "pure-token": .pureToken, "oneof": .oneof, "block": .block,
    ]
}
