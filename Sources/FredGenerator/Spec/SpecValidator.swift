/// Checks what the loader cannot: references between entries, names, and combinations of fields.
struct SpecValidator {
    static let knownFlags: [String: String] = [
        "readonly": "readonly", "write": "write", "denyoom": "denyOOM", "admin": "admin", "pubsub": "pubsub",
        "noscript": "noScript", "blocking": "blocking", "loading": "loading", "stale": "stale",
        "skip_monitor": "skipMonitor", "skip_slowlog": "skipSlowlog", "fast": "fast", "no_auth": "noAuth",
        "may_replicate": "mayReplicate", "no_mandatory_keys": "noMandatoryKeys", "allow_busy": "allowBusy",
        "no_multi": "noMulti", "no_async_loading": "noAsyncLoading", "internal": "`internal`",
        "dangerous": "dangerous", "closes_connection": "closesConnection", "splittable": "splittable", "subscriber_mode": "subscriberMode", "movablekeys": "", "asking": "", "module": "",
        "sentinel": "", "only_sentinel": "",
    ]
    /// `connection: {answers: …}` values and the `RedisCommandSemantics.Answer` case of each.
    static let answers: [String: String] = ["reply": "reply", "pushes": "pushes", "maybe_nothing": "maybeNothing"]
    /// `connection: {changes: …}` values and the `RedisCommandSemantics.Change` case of each.
    static let changes: [String: String] = [
        "session": "session", "next_command": "nextCommand", "transaction_begin": "transactionBegin", "transaction_end": "transactionEnd", "watch": "watch",
        "unwatch": "unwatch",
    ]
    static let requestTips: [String: String] = [
        "all_nodes": "allNodes", "all_shards": "allShards", "multi_shard": "multiShard", "special": "special",
    ]
    static let responseTips: [String: String] = [
        "one_succeeded": "oneSucceeded", "all_succeeded": "allSucceeded", "agg_logical_and": "aggLogicalAnd",
        "agg_logical_or": "aggLogicalOr", "agg_min": "aggMin", "agg_max": "aggMax", "agg_sum": "aggSum",
        "special": "special",
    ]

    static func validate(_ spec: Spec, file: String) throws {
        var diagnostics = SpecDiagnostics(file: file)
        let typeNames = Set(spec.types.map(\.name))
        var seenTypes: Set<String> = []
        for type in spec.types {
            if !SwiftNames.isTypeName(type.name) {
                diagnostics.error(type.line, "type name '\(type.name)' must be an UpperCamelCase Swift identifier")
            }
            if !seenTypes.insert(type.name).inserted {
                diagnostics.error(type.line, "type '\(type.name)' is declared twice")
            }
            if type.cases.isEmpty {
                diagnostics.error(type.line, type.isBlock ? "type '\(type.name)' has no fields under 'block'" : "type '\(type.name)' has no cases under 'oneof'")
            } else if type.isBlock && type.cases.allSatisfy(\.constant) {
                diagnostics.error(type.line, "type '\(type.name)' has only constant tokens under 'block'; a struct needs a field")
            }
            for option in type.cases {
                validateArgument(option, in: "type '\(type.name)'", typeNames: typeNames, &diagnostics)
            }
        }
        for record in spec.records {
            if !SwiftNames.isTypeName(record.name) {
                diagnostics.error(record.line, "record name '\(record.name)' must be an UpperCamelCase Swift identifier")
            }
            if !seenTypes.insert(record.name).inserted {
                diagnostics.error(record.line, "type '\(record.name)' is declared twice")
            }
            if record.fields.isEmpty {
                diagnostics.error(record.line, "record '\(record.name)' has no fields")
            }
            var fieldNames: Set<String> = []
            for field in record.fields {
                if !SwiftNames.isIdentifier(field.name) || field.name.first?.isUppercase == true {
                    diagnostics.error(field.line, "field '\(field.name)' of record '\(record.name)' must be a lowerCamelCase Swift identifier")
                } else if !fieldNames.insert(field.name).inserted {
                    diagnostics.error(field.line, "record '\(record.name)' has two fields called '\(field.name)'")
                }
                if field.rest && (record.shape != .array || field.name != record.fields.last?.name || !field.type.hasPrefix("[")) {
                    diagnostics.error(field.line, "field '\(field.name)' of record '\(record.name)': only the last field of an array record, with an array type, can be 'rest'")
                }
                if field.key != nil && record.shape == .array {
                    diagnostics.error(field.line, "field '\(field.name)' of record '\(record.name)': 'key' means nothing in an array record (fields are positional)")
                }
            }
        }
        for module in spec.imports where !SwiftNames.isIdentifier(module) || module == "FredRuntime" {
            diagnostics.error(spec.importsLine, module == "FredRuntime"
                ? "'imports' need not list FredRuntime: generated code always imports it"
                : "'\(module)' in 'imports' is not a module name; list modules such as [FredCommands]")
        }
        if !SwiftNames.isTypeName(spec.namespace) {
            diagnostics.error(1, "namespace '\(spec.namespace)' must be an UpperCamelCase Swift identifier")
        }

        let containers = Set(spec.commands.filter(\.container).map(\.name))
        var methodLines: [String: Int] = [:]
        var plainNames: [String: Int] = [:]
        for command in spec.commands {
            let words = command.words
            if words.isEmpty || words.count > 2 || !words.allSatisfy(isCommandWord) {
                diagnostics.error(command.line, "command name '\(command.name)' must be one or two upper-case words such as SET or CLIENT KILL")
                continue
            }
            if words.count == 2 && !containers.contains(words[0]) {
                diagnostics.error(command.line, "subcommand \(command.name) needs a container entry '- name: \(words[0])' with 'container: true'")
            }
            if command.group.isEmpty { diagnostics.error(command.line, "\(command.name) has an empty 'group'") }
            if command.since.split(separator: ".").count != 3 || !command.since.allSatisfy({ $0.isNumber || $0 == "." }) {
                diagnostics.error(command.line, "'since' of \(command.name) must be a version such as 1.0.0, not '\(command.since)'")
            }
            for flag in command.flags where knownFlags[flag] == nil {
                diagnostics.error(command.line, "\(command.name) has unknown flag '\(flag)'; known flags: \(knownFlags.keys.sorted().joined(separator: ", "))")
            }
            if let tip = command.nondeterministic, tip != "output", tip != "output_order" {
                diagnostics.error(command.line, "\(command.name) has unknown nondeterministic tip '\(tip)'; use output or output_order")
            }
            if let answer = command.answers, answers[answer] == nil {
                diagnostics.error(command.line, "\(command.name) has unknown 'answers: \(answer)'; use one of \(answers.keys.sorted().joined(separator: ", "))")
            }
            if let change = command.changes, changes[change] == nil {
                diagnostics.error(command.line, "\(command.name) has unknown 'changes: \(change)'; use one of \(changes.keys.sorted().joined(separator: ", "))")
            }
            if let token = command.blocksWith {
                if !command.flags.contains("blocking") {
                    diagnostics.error(command.line, "\(command.name) has 'blocks_with: \(token)' but not the blocking flag; add the flag or remove the field")
                } else if !tokens(of: command.arguments).contains(where: { $0.caseInsensitiveCompare(token) == .orderedSame }) {
                    diagnostics.error(command.line, "\(command.name) has 'blocks_with: \(token)', which is none of its arguments' tokens")
                }
            }
            validateTimeoutArgument(command, &diagnostics)
            if let tip = command.requestTip, requestTips[tip] == nil {
                diagnostics.error(command.line, "\(command.name) has unknown request tip '\(tip)'; use one of \(requestTips.keys.sorted().joined(separator: ", "))")
            }
            if let tip = command.responseTip, responseTips[tip] == nil {
                diagnostics.error(command.line, "\(command.name) has unknown response tip '\(tip)'; use one of \(responseTips.keys.sorted().joined(separator: ", "))")
            }
            if command.container {
                if !command.arguments.isEmpty || command.reply != nil || command.mock != nil || command.swiftName != nil {
                    diagnostics.error(command.line, "container \(command.name) only groups subcommands: remove its arguments, reply, swift and mock")
                }
                continue
            }
            guard let reply = command.reply else {
                diagnostics.error(command.line, "\(command.name) has no 'reply'; add reply: {type: <Swift type>, resp2: …, resp3: …}")
                continue
            }
            if reply.type.isEmpty {
                diagnostics.error(command.line, "the reply type of \(command.name) is empty")
            }
            var duplicate = false
            if command.swiftName == nil {
                if let first = plainNames[command.name] {
                    diagnostics.error(command.line, "\(command.name) is declared twice (first at line \(first)); give a variant its own swift: {name: …}")
                    duplicate = true
                }
                plainNames[command.name] = command.line
            }
            let method = SwiftNames.methodName(for: command)
            if duplicate {
                // Already reported: the clashing method name follows from the duplicate.
            } else if !SwiftNames.isIdentifier(method) {
                diagnostics.error(command.line, "'\(method)' is not a valid Swift method name for \(command.name)")
            } else if let first = methodLines[method] {
                diagnostics.error(command.line, "method name '\(method)' of \(command.name) is already used at line \(first); set swift: {name: …}")
            }
            methodLines[method] = command.line
            if let mock = command.mock, !SwiftNames.isIdentifier(mock) {
                diagnostics.error(command.line, "mock handler '\(mock)' of \(command.name) must be a Swift identifier such as clientSetname")
            }
            for argument in command.arguments {
                guard let counted = argument.countOf else { continue }
                if !command.arguments.contains(where: { $0.name == counted && $0.multiple }) {
                    diagnostics.error(argument.line, "argument '\(argument.name)' of \(command.name) counts '\(counted)', which is not a multiple argument of the same command")
                }
                if argument.type != .integer || argument.optional || argument.multiple {
                    diagnostics.error(argument.line, "argument '\(argument.name)' of \(command.name): 'count_of' needs a single, required integer")
                }
            }
            var labels: Set<String> = []
            for argument in command.arguments {
                validateArgument(argument, in: command.name, typeNames: typeNames, &diagnostics)
                if !argument.constant, let label = SwiftNames.parameterName(for: argument) as String?,
                   !labels.insert(label).inserted {
                    diagnostics.error(argument.line, "two arguments of \(command.name) are both called '\(label)' in Swift; set swift: {label: …} on one")
                }
            }
        }
        if !diagnostics.errors.isEmpty { throw SpecErrors(errors: diagnostics.errors) }
    }

    private static func isCommandWord(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
        return word.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "." }
    }

    /// Every token among `arguments`, blocks and one-ofs included.
    private static func tokens(of arguments: [ArgumentSpec]) -> [String] {
        arguments.flatMap { argument in [argument.token].compactMap { $0 } + tokens(of: argument.arguments) }
    }

    private static func validateArgument(_ argument: ArgumentSpec, in context: String, typeNames: Set<String>, _ diagnostics: inout SpecDiagnostics) {
        let where_ = "argument '\(argument.name)' of \(context)"
        if argument.name.isEmpty {
            diagnostics.error(argument.line, "an argument of \(context) has an empty name")
        }
        switch argument.type {
        case .named(let name):
            if !typeNames.contains(name) {
                diagnostics.error(argument.line, "\(where_) has unknown type '\(name)'; use one of key, string, integer, double, unix-time, pattern, pure-token, oneof, block or a type declared under types:")
            }
        case .oneof, .block:
            if argument.arguments.isEmpty {
                diagnostics.error(argument.line, "\(where_) is a \(argument.type == .oneof ? "oneof" : "block") without 'arguments'")
            }
        case .pureToken:
            if argument.token == nil {
                diagnostics.error(argument.line, "\(where_) is a pure-token without 'token'")
            }
        default:
            break
        }
        if !argument.arguments.isEmpty && argument.type != .oneof && argument.type != .block {
            diagnostics.error(argument.line, "\(where_) has nested 'arguments' but is not a oneof or block")
        }
        if argument.constant && argument.type != .pureToken {
            diagnostics.error(argument.line, "\(where_): only a pure-token can be 'constant'")
        }
        if argument.constant && (argument.optional || argument.multiple) {
            diagnostics.error(argument.line, "\(where_): a constant token is always sent; remove 'optional' and 'multiple'")
        }
        if argument.multipleToken && !(argument.multiple && argument.token != nil) {
            diagnostics.error(argument.line, "\(where_): 'multiple_token' needs 'multiple: true' and a 'token'")
        }
        if let label = argument.swiftLabel, label != "_", !SwiftNames.isIdentifier(label) {
            diagnostics.error(argument.line, "\(where_): label '\(label)' is not a Swift identifier")
        }
        if let type = argument.swiftType, !SwiftNames.isTypeName(type) {
            diagnostics.error(argument.line, "\(where_): type name '\(type)' must be an UpperCamelCase Swift identifier")
        }
        for nested in argument.arguments {
            validateArgument(nested, in: "\(where_)", typeNames: typeNames, &diagnostics)
        }
    }

    /// `timeout_argument` names a top-level, single integer or double argument of a blocking
    /// command, with a `timeout_unit` the runtime knows.
    static func validateTimeoutArgument(_ command: CommandSpec, _ diagnostics: inout SpecDiagnostics) {
        guard let name = command.timeoutArgument else {
            if command.timeoutUnit != nil {
                diagnostics.error(command.line, "\(command.name) has 'timeout_unit' without 'timeout_argument'")
            }
            return
        }
        if !command.flags.contains("blocking") {
            diagnostics.error(command.line, "\(command.name) has 'timeout_argument: \(name)' but not the blocking flag; add the flag or remove the field")
        }
        guard let argument = command.arguments.first(where: { $0.name == name }) else {
            diagnostics.error(command.line, "\(command.name) has 'timeout_argument: \(name)', which is none of its top-level arguments")
            return
        }
        if ![.integer, .double].contains(argument.type) || argument.multiple {
            diagnostics.error(command.line, "\(command.name): 'timeout_argument: \(name)' must name one integer or double argument")
        }
        if !["seconds", "milliseconds"].contains(command.timeoutUnit ?? "") {
            diagnostics.error(command.line, "\(command.name) needs 'timeout_unit: seconds' or 'timeout_unit: milliseconds' with its 'timeout_argument'")
        }
    }
}
