/// Writes a ``Spec`` back as `commands.yaml` text in one canonical layout, so that the importer can
/// rewrite the file and a second import of the same server changes nothing.
///
/// Commands are ordered by group (groups in the order they first appear, new ones after them
/// alphabetically), then by name; variants of one command keep their order. Leaf mappings are
/// written on one line (`{name: key, type: key}`); arguments with arguments of their own, and
/// `swift:` fields of arguments, span lines.
struct SpecWriter {
    private var lines: [String] = []

    static func write(_ spec: Spec, groupOrder: [String]) -> String {
        var writer = SpecWriter()
        writer.emit(spec, groupOrder: groupOrder)
        return writer.lines.joined(separator: "\n") + "\n"
    }

    private mutating func emit(_ spec: Spec, groupOrder: [String]) {
        if !spec.header.isEmpty {
            lines.append(spec.header.trimmingTrailingNewlines)
            lines.append("")
        }
        lines.append("version: \(spec.version)")
        if spec.namespace != "RedisCommands" { lines.append("namespace: \(Self.scalar(spec.namespace))") }
        if !spec.imports.isEmpty { lines.append("imports: \(Self.list(spec.imports))") }
        if !spec.types.isEmpty {
            lines.append("")
            lines.append("types:")
            for type in spec.types {
                lines.append("  \(type.name):")
                if let summary = type.summary { lines.append("    summary: \(Self.scalar(summary))") }
                lines.append(type.isBlock ? "    block:" : "    oneof:")
                for option in type.cases { emit(option, indent: "    ") }
            }
        }
        if !spec.records.isEmpty {
            lines.append("")
            lines.append("records:")
            for record in spec.records {
                lines.append("  \(record.name):")
                if let summary = record.summary { lines.append("    summary: \(Self.scalar(summary))") }
                lines.append("    shape: \(record.shape.rawValue)")
                lines.append("    fields:")
                for field in record.fields {
                    var parts = ["name: \(Self.scalar(field.name, inFlow: true))"]
                    if let key = field.key { parts.append("key: \(Self.scalar(key, inFlow: true))") }
                    parts.append("type: \(Self.scalar(field.type, inFlow: true))")
                    if field.rest { parts.append("rest: true") }
                    if let summary = field.summary { parts.append("summary: \(Self.scalar(summary, inFlow: true))") }
                    lines.append("    - {\(parts.joined(separator: ", "))}")
                }
            }
        }
        lines.append("")
        lines.append("commands:")
        for command in Self.ordered(spec.commands, groupOrder: groupOrder) {
            lines.append("")
            emit(command)
        }
    }

    /// Commands by group, then name; the sort is stable, so variants keep their order.
    static func ordered(_ commands: [CommandSpec], groupOrder: [String]) -> [CommandSpec] {
        var rank: [String: Int] = [:]
        for group in groupOrder where rank[group] == nil { rank[group] = rank.count }
        for group in Set(commands.map(\.group)).sorted() where rank[group] == nil { rank[group] = rank.count }
        return commands.enumerated().sorted { left, right in
            let (l, r) = (left.element, right.element)
            if l.group != r.group { return rank[l.group, default: 0] < rank[r.group, default: 0] }
            if l.name != r.name { return l.name < r.name }
            return left.offset < right.offset
        }.map(\.element)
    }

    private mutating func emit(_ command: CommandSpec) {
        lines.append("- name: \(Self.scalar(command.name))")
        lines.append("  group: \(Self.scalar(command.group))")
        lines.append("  since: \(Self.scalar(command.since))")
        lines.append("  summary: \(Self.scalar(command.summary))")
        if let complexity = command.complexity { lines.append("  complexity: \(Self.scalar(complexity))") }
        if let since = command.deprecatedSince {
            var fields = ["since: \(Self.scalar(since, inFlow: true))"]
            if let replacement = command.replacedBy { fields.append("replaced_by: \(Self.scalar(replacement, inFlow: true))") }
            lines.append("  deprecated: {\(fields.joined(separator: ", "))}")
        }
        if command.container { lines.append("  container: true") }
        if !command.flags.isEmpty { lines.append("  flags: \(Self.list(command.flags))") }
        if let arity = command.arity { lines.append("  arity: \(arity)") }
        var tips: [String] = []
        if let tip = command.requestTip { tips.append("request: \(tip)") }
        if let tip = command.responseTip { tips.append("response: \(tip)") }
        if let tip = command.nondeterministic { tips.append("nondeterministic: \(tip)") }
        if !tips.isEmpty { lines.append("  tips: {\(tips.joined(separator: ", "))}") }
        var connection: [String] = []
        if let answers = command.answers { connection.append("answers: \(answers)") }
        if let changes = command.changes { connection.append("changes: \(changes)") }
        if let token = command.blocksWith { connection.append("blocks_with: \(token)") }
        if let argument = command.timeoutArgument { connection.append("timeout_argument: \(argument)") }
        if let unit = command.timeoutUnit { connection.append("timeout_unit: \(unit)") }
        if !connection.isEmpty { lines.append("  connection: {\(connection.joined(separator: ", "))}") }
        if !command.keys.isEmpty {
            lines.append("  keys:")
            for key in command.keys { lines.append("  - \(Self.flow(key))") }
        }
        if !command.arguments.isEmpty {
            lines.append("  arguments:")
            for argument in command.arguments { emit(argument, indent: "  ") }
        }
        if let reply = command.reply {
            var fields = ["type: \(Self.scalar(reply.type, inFlow: true))"]
            if let resp2 = reply.resp2 { fields.append("resp2: \(Self.scalar(resp2, inFlow: true))") }
            if let resp3 = reply.resp3 { fields.append("resp3: \(Self.scalar(resp3, inFlow: true))") }
            lines.append("  reply: {\(fields.joined(separator: ", "))}")
        }
        if let mock = command.mock { lines.append("  mock: \(Self.scalar(mock))") }
        if let reason = command.untested { lines.append("  untested: \(Self.scalar(reason))") }
        if let name = command.swiftName { lines.append("  swift: {name: \(Self.scalar(name, inFlow: true))}") }
    }

    /// One argument as a list item at `indent`: on one line when it has no arguments of its own.
    private mutating func emit(_ argument: ArgumentSpec, indent: String) {
        var fields = ["name: \(Self.scalar(argument.name, inFlow: true))"]
        if let type = Self.typeName(argument.type) { fields.append("type: \(type)") }
        if let token = argument.token { fields.append("token: \(Self.scalar(token, inFlow: true))") }
        if argument.optional { fields.append("optional: true") }
        if argument.multiple { fields.append("multiple: true") }
        if argument.multipleToken { fields.append("multiple_token: true") }
        if argument.constant { fields.append("constant: true") }
        if let countOf = argument.countOf { fields.append("count_of: \(Self.scalar(countOf, inFlow: true))") }
        if let summary = argument.summary { fields.append("summary: \(Self.scalar(summary, inFlow: true))") }
        var swift: [String] = []
        if let label = argument.swiftLabel { swift.append("label: \(Self.scalar(label, inFlow: true))") }
        if let type = argument.swiftType { swift.append("type: \(Self.scalar(type, inFlow: true))") }
        if argument.arguments.isEmpty {
            if !swift.isEmpty { fields.append("swift: {\(swift.joined(separator: ", "))}") }
            lines.append("\(indent)- {\(fields.joined(separator: ", "))}")
            return
        }
        lines.append("\(indent)- \(fields[0])")
        for field in fields.dropFirst() { lines.append("\(indent)  \(field)") }
        if !swift.isEmpty {
            lines.append("\(indent)  swift:")
            for field in swift { lines.append("\(indent)    \(field)") }
        }
        lines.append("\(indent)  arguments:")
        for nested in argument.arguments { emit(nested, indent: indent + "  ") }
    }

    static func typeName(_ type: ArgumentType) -> String? {
        switch type {
        case .named(let name): return name
        default: return ArgumentType.builtinNames.first { $0.value == type }?.key
        }
    }

    static func flow(_ key: KeySpec) -> String {
        var fields: [String] = []
        switch key.begin {
        case .index(let index): fields.append("index: \(index)")
        case .keyword(let keyword, let startFrom):
            fields.append("keyword: \(scalar(keyword, inFlow: true))")
            fields.append("startfrom: \(startFrom)")
        case .unknown: break
        }
        switch key.find {
        case .range(let lastKey, let step, let limit): fields.append("range: [\(lastKey), \(step), \(limit)]")
        case .keynum(let index, let first, let step): fields.append("keynum: [\(index), \(first), \(step)]")
        case .unknown: break
        }
        fields.append("flags: \(list(key.flags))")
        return "{\(fields.joined(separator: ", "))}"
    }

    static func list(_ items: [String]) -> String {
        "[\(items.map { scalar($0, inFlow: true) }.joined(separator: ", "))]"
    }

    /// `text` as a YAML scalar: plain when YAML reads it back as the same string, else in single
    /// quotes.
    static func scalar(_ text: String, inFlow: Bool = false) -> String {
        needsQuotes(text, inFlow: inFlow) ? "'" + text.replacingOccurrences(of: "'", with: "''") + "'" : text
    }

    private static let reservedWords: Set<String> = [
        "y", "yes", "n", "no", "true", "false", "on", "off", "null", "~",
    ]

    private static func needsQuotes(_ text: String, inFlow: Bool) -> Bool {
        guard let first = text.first, let last = text.last else { return true }
        if reservedWords.contains(text.lowercased()) { return true }
        if first == " " || last == " " || last == ":" { return true }
        if "-?:,[]{}#&*!|>'\"%@`=".contains(first) { return true }
        if text.contains(": ") || text.contains(" #") || text.contains("\n") || text.contains("\t") { return true }
        if inFlow && text.contains(where: { ",[]{}?:".contains($0) }) { return true }
        if Double(text) != nil || Int(text) != nil { return true }
        if text.hasPrefix("0x") || text.hasPrefix("0o") || text == ".inf" || text == ".nan" { return true }
        return false
    }
}

extension String {
    fileprivate var trimmingTrailingNewlines: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
