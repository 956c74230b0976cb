/// The spec as written in `commands.yaml`, each element with the line it came from.
struct Spec {
    /// The comment lines before `version:`, kept when the importer rewrites the file.
    var header: String = ""
    var version: Int
    /// Name of the public enum that holds the command builders (`RedisCommands`).
    var namespace: String
    /// Modules the generated code imports besides FredRuntime (`[FredCommands]` to use Fred's mock
    /// handlers from another package's spec), with the line they are declared on.
    var imports: [String] = []
    var importsLine: Int = 1
    var types: [TypeSpec]
    /// Structured reply types under `records:`.
    var records: [RecordSpec] = []
    var commands: [CommandSpec]
}

/// A structured reply type under `records:`: the Generator emits a struct that reads it.
struct RecordSpec {
    enum Shape: String, CaseIterable {
        /// A RESP3 map or RESP2 flat key/value array; fields by key.
        case map
        /// Positional elements; fields in order.
        case array
        /// One line of `key=value` words.
        case line
    }

    struct Field {
        /// The Swift property name.
        var name: String
        /// The key in the reply (map and line shapes; default: `name`).
        var key: String?
        /// The Swift type, as for reply types (`Int`, `String?`, `[RedisStreamEntry]`).
        var type: String
        var summary: String?
        /// In an array record, the last field may take every element from its position to the end.
        var rest: Bool = false
        var line: Int
    }

    var name: String
    var summary: String?
    var shape: Shape
    var fields: [Field]
    var line: Int
}

/// A shared type under `types:`: an enum of options (`oneof:`) or a struct of fields that are
/// sent together (`block:`).
struct TypeSpec {
    var name: String
    var summary: String?
    /// The cases of a `oneof`, or the fields of a `block` (constant tokens included).
    var cases: [ArgumentSpec]
    /// Declared with `block:`: a struct, not an enum.
    var isBlock: Bool = false
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
    /// `COMMAND INFO`'s arity: the number of words with the name, negative for a minimum.
    var arity: Int? = nil
    var requestTip: String?
    var responseTip: String?
    /// `output` or `output_order` when the server's reply may differ between identical calls.
    var nondeterministic: String? = nil
    /// Where the keys are among the arguments (`COMMAND INFO`'s key specs).
    var keys: [KeySpec] = []
    /// How the command answers (`reply`, `pushes`, `maybe_nothing`) and what it changes on its
    /// connection (`session`, `transaction_begin`, `transaction_end`, `watch`): `connection:` in the
    /// YAML; nil for the ordinary one reply that changes nothing.
    var answers: String? = nil
    var changes: String? = nil
    /// For a `blocking` command that blocks only when sent with one of its tokens (`XREAD … BLOCK`):
    /// that token, `connection: {blocks_with: BLOCK}` in the YAML.
    var blocksWith: String? = nil
    /// For a `blocking` command: the top-level argument that says how long the server may block
    /// (`connection: {timeout_argument: timeout, timeout_unit: seconds}`), so that the runtime
    /// extends the command's deadline by it.
    var timeoutArgument: String? = nil
    /// `seconds` or `milliseconds`: the unit of ``timeoutArgument``.
    var timeoutUnit: String? = nil
    var deprecatedSince: String? = nil
    var replacedBy: String? = nil
    var arguments: [ArgumentSpec]
    var reply: ReplySpec?
    var swiftName: String?
    var mock: String?
    /// Why the every-command test does not call this command (it stops the server, needs other
    /// nodes, …); printed by that test.
    var untested: String? = nil
    var line: Int

    /// The words of the name (`["CLIENT", "KILL"]`).
    var words: [String] { name.split(separator: " ").map(String.init) }
}

/// One key spec of `COMMAND INFO`: where the search for keys begins, how they are found from
/// there, and what the command does with them.
struct KeySpec: Equatable {
    enum Begin: Equatable {
        /// The keys begin at this argument (1 = the first after the command name).
        case index(Int)
        /// The keys begin after `keyword`, searched from argument `startFrom` (negative: from the end).
        case keyword(String, startFrom: Int)
        case unknown
    }

    enum Find: Equatable {
        /// `lastKey` relative to the first key (-1: the last argument), every `step`th argument;
        /// with `lastKey` -1, `limit` splits the remaining arguments.
        case range(lastKey: Int, step: Int, limit: Int)
        /// The number of keys is the argument at `keyNumIndex`; they start at `firstKey`.
        case keynum(keyNumIndex: Int, firstKey: Int, step: Int)
        case unknown
    }

    var begin: Begin
    var find: Find
    var flags: [String]
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
    /// The name of a sibling `multiple` argument whose number of values this argument sends
    /// (`numkeys` of `EVAL`): computed, so the method has no parameter for it.
    var countOf: String? = nil
    var line: Int
    /// The Swift name the naming rules chose when Redis's name clashes with a sibling's (never
    /// written back to the YAML: it is derived).
    var resolvedName: String? = nil
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
