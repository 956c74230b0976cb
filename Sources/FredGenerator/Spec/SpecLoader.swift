import Yams

/// Reads `commands.yaml` into a ``Spec``, keeping the line of every element and reporting every
/// unknown field, missing field and wrongly typed value with its line.
struct SpecLoader {
    private var diagnostics: SpecDiagnostics

    static func load(yaml: String, file: String) throws -> Spec {
        var loader = SpecLoader(diagnostics: SpecDiagnostics(file: file))
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw SpecErrors(errors: [loader.yamlSyntaxError(error, file: file)])
        }
        guard let root, let mapping = root.mapping else {
            throw SpecErrors(errors: [SpecError(file: file, line: 1, message: "the spec must be a mapping with 'version', 'types' and 'commands'")])
        }
        var spec = loader.readSpec(mapping, line: line(root))
        spec.header = yaml.split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { $0.hasPrefix("#") || $0.isEmpty }
            .joined(separator: "\n")
        if !loader.diagnostics.errors.isEmpty { throw SpecErrors(errors: loader.diagnostics.errors) }
        return spec
    }

    private func yamlSyntaxError(_ error: YamlError, file: String) -> SpecError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return SpecError(file: file, line: mark.line, message: "invalid YAML: \(problem)")
        default:
            return SpecError(file: file, line: 1, message: "invalid YAML: \(error)")
        }
    }

    private static func line(_ node: Node) -> Int { node.mark?.line ?? 1 }

    // MARK: - Top level

    private mutating func readSpec(_ mapping: Node.Mapping, line: Int) -> Spec {
        var fields = Fields(mapping, context: "the spec", line: line)
        let version = fields.int("version", required: true, &diagnostics) ?? 1
        if version != 1 {
            diagnostics.error(fields.line(of: "version") ?? line, "unsupported version \(version); this Generator reads version 1")
        }
        let namespace = fields.string("namespace", &diagnostics) ?? "RedisCommands"
        let imports = fields.strings("imports", &diagnostics)
        let importsLine = fields.line(of: "imports") ?? line
        var types: [TypeSpec] = []
        if let typesNode = fields.node("types") {
            if let typesMapping = typesNode.mapping {
                for (key, value) in typesMapping {
                    types.append(readType(name: key.string ?? "", value))
                }
            } else {
                diagnostics.error(Self.line(typesNode), "'types' must be a mapping from type name to its declaration")
            }
        }
        var records: [RecordSpec] = []
        if let recordsNode = fields.node("records") {
            if let recordsMapping = recordsNode.mapping {
                for (key, value) in recordsMapping {
                    if let record = readRecord(name: key.string ?? "", value) { records.append(record) }
                }
            } else {
                diagnostics.error(Self.line(recordsNode), "'records' must be a mapping from type name to its declaration")
            }
        }
        var commands: [CommandSpec] = []
        if let commandsNode = fields.node("commands", required: true, &diagnostics) {
            if let sequence = commandsNode.sequence {
                for item in sequence { if let command = readCommand(item) { commands.append(command) } }
            } else {
                diagnostics.error(Self.line(commandsNode), "'commands' must be a list of commands")
            }
        }
        fields.reportUnknown(&diagnostics)
        return Spec(
            version: version, namespace: namespace, imports: imports, importsLine: importsLine, types: types,
            records: records, commands: commands
        )
    }

    private mutating func readType(name: String, _ node: Node) -> TypeSpec {
        let line = Self.line(node)
        guard let mapping = node.mapping else {
            diagnostics.error(line, "type '\(name)' must be a mapping with 'summary' and 'oneof' or 'block'")
            return TypeSpec(name: name, summary: nil, cases: [], line: line)
        }
        var fields = Fields(mapping, context: "type '\(name)'", line: line)
        let summary = fields.string("summary", &diagnostics)
        var cases: [ArgumentSpec] = []
        let oneof = fields.node("oneof")
        let block = fields.node("block")
        switch (oneof, block) {
        case (let oneof?, nil):
            cases = readArguments(oneof, context: "type '\(name)'", defaultType: .pureToken)
        case (nil, let block?):
            cases = readArguments(block, context: "type '\(name)'", defaultType: .pureToken)
        case (_?, _?):
            diagnostics.error(line, "type '\(name)' has both 'oneof' and 'block'; an enum has cases, a struct fields")
        case (nil, nil):
            diagnostics.error(line, "type '\(name)' needs 'oneof' (an enum's cases) or 'block' (a struct's fields)")
        }
        fields.reportUnknown(&diagnostics)
        return TypeSpec(name: name, summary: summary, cases: cases, isBlock: block != nil && oneof == nil, line: line)
    }

    private mutating func readRecord(name: String, _ node: Node) -> RecordSpec? {
        let line = Self.line(node)
        guard let mapping = node.mapping else {
            diagnostics.error(line, "record '\(name)' must be a mapping with 'shape' and 'fields'")
            return nil
        }
        var fields = Fields(mapping, context: "record '\(name)'", line: line)
        let summary = fields.string("summary", &diagnostics)
        let shapeName = fields.string("shape", required: true, &diagnostics) ?? "map"
        let shape = RecordSpec.Shape(rawValue: shapeName)
        if shape == nil {
            diagnostics.error(fields.line(of: "shape") ?? line, "record '\(name)' has unknown shape '\(shapeName)'; use map, array or line")
        }
        var recordFields: [RecordSpec.Field] = []
        if let list = fields.node("fields", required: true, &diagnostics) {
            if let sequence = list.sequence {
                for item in sequence {
                    let itemLine = Self.line(item)
                    guard let itemMapping = item.mapping else {
                        diagnostics.error(itemLine, "each field of record '\(name)' must be a mapping such as {name: length, type: Int}")
                        continue
                    }
                    var itemFields = Fields(itemMapping, context: "a field of record '\(name)'", line: itemLine)
                    recordFields.append(RecordSpec.Field(
                        name: itemFields.string("name", required: true, &diagnostics) ?? "",
                        key: itemFields.string("key", &diagnostics),
                        type: itemFields.string("type", required: true, &diagnostics) ?? "",
                        summary: itemFields.string("summary", &diagnostics),
                        rest: itemFields.bool("rest", &diagnostics) ?? false,
                        line: itemLine
                    ))
                    itemFields.reportUnknown(&diagnostics)
                }
            } else {
                diagnostics.error(Self.line(list), "'fields' of record '\(name)' must be a list")
            }
        }
        fields.reportUnknown(&diagnostics)
        return RecordSpec(name: name, summary: summary, shape: shape ?? .map, fields: recordFields, line: line)
    }

    private mutating func readCommand(_ node: Node) -> CommandSpec? {
        let line = Self.line(node)
        guard let mapping = node.mapping else {
            diagnostics.error(line, "each command must be a mapping with at least 'name', 'group', 'since', 'summary' and 'reply'")
            return nil
        }
        let name = mapping["name"]?.string ?? ""
        var fields = Fields(mapping, context: name.isEmpty ? "command" : name, line: line)
        _ = fields.string("name", required: true, &diagnostics)
        var command = CommandSpec(
            name: name,
            group: fields.string("group", required: true, &diagnostics) ?? "",
            since: fields.string("since", required: true, &diagnostics) ?? "",
            summary: fields.string("summary", required: true, &diagnostics) ?? "",
            complexity: fields.string("complexity", &diagnostics),
            container: fields.bool("container", &diagnostics) ?? false,
            flags: fields.strings("flags", &diagnostics),
            requestTip: nil,
            responseTip: nil,
            arguments: [],
            reply: nil,
            swiftName: nil,
            mock: fields.string("mock", &diagnostics),
            untested: fields.string("untested", &diagnostics),
            line: line
        )
        command.arity = fields.int("arity", &diagnostics)
        if command.arity == 0 {
            diagnostics.error(line, "'arity' of \(name) must not be 0: the number of words with the name, negative for a minimum")
        }
        if let tips = fields.node("tips") {
            if let tipsMapping = tips.mapping {
                var tipFields = Fields(tipsMapping, context: "tips of \(name)", line: Self.line(tips))
                command.requestTip = tipFields.string("request", &diagnostics)
                command.responseTip = tipFields.string("response", &diagnostics)
                command.nondeterministic = tipFields.string("nondeterministic", &diagnostics)
                tipFields.reportUnknown(&diagnostics)
            } else {
                diagnostics.error(Self.line(tips), "'tips' of \(name) must be a mapping with 'request' and/or 'response'")
            }
        }
        if let keys = fields.node("keys") {
            command.keys = readKeySpecs(keys, context: name)
        }
        if let connection = fields.node("connection") {
            if let connectionMapping = connection.mapping {
                var connectionFields = Fields(connectionMapping, context: "connection of \(name)", line: Self.line(connection))
                command.answers = connectionFields.string("answers", &diagnostics)
                command.changes = connectionFields.string("changes", &diagnostics)
                command.blocksWith = connectionFields.string("blocks_with", &diagnostics)
                command.timeoutArgument = connectionFields.string("timeout_argument", &diagnostics)
                command.timeoutUnit = connectionFields.string("timeout_unit", &diagnostics)
                connectionFields.reportUnknown(&diagnostics)
            } else {
                diagnostics.error(Self.line(connection), "'connection' of \(name) must be a mapping such as {answers: pushes} or {changes: session}")
            }
        }
        if let deprecated = fields.node("deprecated") {
            if let deprecatedMapping = deprecated.mapping {
                var deprecatedFields = Fields(deprecatedMapping, context: "deprecated of \(name)", line: Self.line(deprecated))
                command.deprecatedSince = deprecatedFields.string("since", required: true, &diagnostics)
                command.replacedBy = deprecatedFields.string("replaced_by", &diagnostics)
                deprecatedFields.reportUnknown(&diagnostics)
            } else {
                diagnostics.error(Self.line(deprecated), "'deprecated' of \(name) must be a mapping such as {since: 6.2.0, replaced_by: GEOSEARCH}")
            }
        }
        if let arguments = fields.node("arguments") {
            command.arguments = readArguments(arguments, context: name, defaultType: nil)
        }
        if let reply = fields.node("reply") {
            if let replyMapping = reply.mapping {
                var replyFields = Fields(replyMapping, context: "reply of \(name)", line: Self.line(reply))
                command.reply = ReplySpec(
                    type: replyFields.string("type", required: true, &diagnostics) ?? "",
                    resp2: replyFields.string("resp2", &diagnostics),
                    resp3: replyFields.string("resp3", &diagnostics)
                )
                replyFields.reportUnknown(&diagnostics)
            } else {
                diagnostics.error(Self.line(reply), "'reply' of \(name) must be a mapping with 'type', 'resp2' and 'resp3'")
            }
        }
        if let swift = fields.node("swift") {
            if let swiftMapping = swift.mapping {
                var swiftFields = Fields(swiftMapping, context: "swift of \(name)", line: Self.line(swift))
                command.swiftName = swiftFields.string("name", &diagnostics)
                swiftFields.reportUnknown(&diagnostics)
            } else {
                diagnostics.error(Self.line(swift), "'swift' of \(name) must be a mapping such as {name: setGet}")
            }
        }
        fields.reportUnknown(&diagnostics)
        return command
    }

    private mutating func readKeySpecs(_ node: Node, context: String) -> [KeySpec] {
        guard let sequence = node.sequence else {
            diagnostics.error(Self.line(node), "'keys' of \(context) must be a list such as [{index: 1, range: [0, 1, 0], flags: [RW]}]")
            return []
        }
        return sequence.compactMap { item in
            let line = Self.line(item)
            guard let mapping = item.mapping else {
                diagnostics.error(line, "each key spec of \(context) must be a mapping such as {index: 1, range: [0, 1, 0], flags: [RW]}")
                return nil
            }
            var fields = Fields(mapping, context: "a key spec of \(context)", line: line)
            var spec = KeySpec(begin: .unknown, find: .unknown, flags: fields.strings("flags", &diagnostics))
            if let index = fields.int("index", &diagnostics) {
                spec.begin = .index(index)
            } else if let keyword = fields.string("keyword", &diagnostics) {
                spec.begin = .keyword(keyword, startFrom: fields.int("startfrom", required: true, &diagnostics) ?? 0)
            }
            if let range = fields.ints("range", count: 3, &diagnostics) {
                spec.find = .range(lastKey: range[0], step: range[1], limit: range[2])
            } else if let keynum = fields.ints("keynum", count: 3, &diagnostics) {
                spec.find = .keynum(keyNumIndex: keynum[0], firstKey: keynum[1], step: keynum[2])
            }
            fields.reportUnknown(&diagnostics)
            return spec
        }
    }

    private mutating func readArguments(_ node: Node, context: String, defaultType: ArgumentType?) -> [ArgumentSpec] {
        guard let sequence = node.sequence else {
            diagnostics.error(Self.line(node), "the arguments of \(context) must be a list")
            return []
        }
        return sequence.compactMap { readArgument($0, context: context, defaultType: defaultType) }
    }

    private mutating func readArgument(_ node: Node, context: String, defaultType: ArgumentType?) -> ArgumentSpec? {
        let line = Self.line(node)
        guard let mapping = node.mapping else {
            diagnostics.error(line, "an argument of \(context) must be a mapping with at least 'name' and 'type'")
            return nil
        }
        let name = mapping["name"]?.string ?? ""
        var fields = Fields(mapping, context: "argument '\(name)' of \(context)", line: line)
        _ = fields.string("name", required: true, &diagnostics)
        let typeName = fields.string("type", required: defaultType == nil, &diagnostics)
        let type: ArgumentType
        if let typeName {
            type = ArgumentType.builtinNames[typeName] ?? .named(typeName)
        } else {
            type = defaultType ?? .string
        }
        var argument = ArgumentSpec(
            name: name,
            type: type,
            token: fields.string("token", &diagnostics),
            optional: fields.bool("optional", &diagnostics) ?? false,
            multiple: fields.bool("multiple", &diagnostics) ?? false,
            multipleToken: fields.bool("multiple_token", &diagnostics) ?? false,
            constant: fields.bool("constant", &diagnostics) ?? false,
            arguments: [],
            summary: fields.string("summary", &diagnostics),
            swiftLabel: nil,
            swiftType: nil,
            line: line
        )
        argument.countOf = fields.string("count_of", &diagnostics)
        if let nested = fields.node("arguments") {
            argument.arguments = readArguments(nested, context: "argument '\(name)' of \(context)", defaultType: nil)
        }
        if let swift = fields.node("swift") {
            if let swiftMapping = swift.mapping {
                var swiftFields = Fields(swiftMapping, context: "swift of argument '\(name)'", line: Self.line(swift))
                argument.swiftLabel = swiftFields.string("label", &diagnostics)
                argument.swiftType = swiftFields.string("type", &diagnostics)
                swiftFields.reportUnknown(&diagnostics)
            } else {
                diagnostics.error(Self.line(swift), "'swift' of argument '\(name)' must be a mapping such as {label: _}")
            }
        }
        fields.reportUnknown(&diagnostics)
        return argument
    }
}

/// The fields of one YAML mapping; remembers which were read so unknown ones (typos) are reported.
private struct Fields {
    private var values: [String: Node] = [:]
    private var lines: [String: Int] = [:]
    private var order: [String] = []
    private var read: Set<String> = []
    let context: String
    let line: Int

    init(_ mapping: Node.Mapping, context: String, line: Int) {
        self.context = context
        self.line = line
        for (key, value) in mapping {
            let name = key.string ?? ""
            values[name] = value
            lines[name] = key.mark?.line ?? line
            order.append(name)
        }
    }

    func line(of key: String) -> Int? { lines[key] }

    mutating func node(_ key: String) -> Node? {
        read.insert(key)
        return values[key]
    }

    mutating func node(_ key: String, required: Bool, _ diagnostics: inout SpecDiagnostics) -> Node? {
        let value = node(key)
        if value == nil && required {
            diagnostics.error(line, "\(context) is missing '\(key)'")
        }
        return value
    }

    mutating func string(_ key: String, required: Bool = false, _ diagnostics: inout SpecDiagnostics) -> String? {
        guard let value = node(key, required: required, &diagnostics) else { return nil }
        guard case .scalar(let scalar) = value else {
            diagnostics.error(lines[key] ?? line, "'\(key)' of \(context) must be a single value, not a list or mapping")
            return nil
        }
        return scalar.string
    }

    mutating func int(_ key: String, required: Bool = false, _ diagnostics: inout SpecDiagnostics) -> Int? {
        guard let text = string(key, required: required, &diagnostics) else { return nil }
        guard let value = Int(text) else {
            diagnostics.error(lines[key] ?? line, "'\(key)' of \(context) must be a whole number, not '\(text)'")
            return nil
        }
        return value
    }

    mutating func bool(_ key: String, _ diagnostics: inout SpecDiagnostics) -> Bool? {
        guard let text = string(key, &diagnostics) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            diagnostics.error(lines[key] ?? line, "'\(key)' of \(context) must be true or false, not '\(text)'")
            return nil
        }
    }

    mutating func strings(_ key: String, _ diagnostics: inout SpecDiagnostics) -> [String] {
        guard let value = node(key) else { return [] }
        guard let sequence = value.sequence else {
            diagnostics.error(lines[key] ?? line, "'\(key)' of \(context) must be a list such as [write, denyoom]")
            return []
        }
        return sequence.compactMap { item in
            guard let text = item.string else {
                diagnostics.error(item.mark?.line ?? line, "each entry of '\(key)' of \(context) must be a single word")
                return nil
            }
            return text
        }
    }

    /// A list of exactly `count` whole numbers (`[0, 1, 0]`), or nil when the field is absent.
    mutating func ints(_ key: String, count: Int, _ diagnostics: inout SpecDiagnostics) -> [Int]? {
        guard node(key) != nil else { return nil }
        let numbers = strings(key, &diagnostics).compactMap(Int.init)
        guard numbers.count == count else {
            diagnostics.error(lines[key] ?? line, "'\(key)' of \(context) must be a list of \(count) whole numbers")
            return nil
        }
        return numbers
    }

    func reportUnknown(_ diagnostics: inout SpecDiagnostics) {
        for key in order where !read.contains(key) {
            let known = read.sorted().joined(separator: ", ")
            diagnostics.error(lines[key] ?? line, "unknown field '\(key)' in \(context); expected one of: \(known)")
        }
    }
}
