/// Turns a server's `COMMAND DOCS` and `COMMAND INFO` into spec entries and merges them into a
/// spec.
///
/// The server owns what it reports: group, version, summary, complexity, deprecation, flags,
/// routing tips and key specs are updated on every entry of a command (variants included). A
/// person owns the rest: reply types, Swift names, mock handlers and Fred's own flags are never
/// touched, and the arguments of an entry are imported only when it has none (arguments are often
/// curated: shared option types, labels, constant tokens of variants), and a variant (an entry
/// with its own `swift.name`) keeps its summary. A command the spec lacks
/// is added with its arguments and a generic `RESPValue` reply, to be typed by hand.
struct CommandImporter {
    /// Fred's own flags, which no server reports and the importer keeps.
    static let curatedFlags: Set<String> = ["internal", "dangerous", "closes_connection", "splittable", "subscriber_mode"]

    /// Every command and subcommand the server knows, as spec entries (without replies).
    static func commands(docs: ServerReply, info: ServerReply) throws -> [CommandSpec] {
        var infoByName: [String: [ServerReply]] = [:]
        func collectInfo(_ reply: ServerReply) {
            for entry in reply.array ?? [] {
                guard let fields = entry.array, let name = fields.first?.text else { continue }
                infoByName[name.lowercased()] = fields
                if fields.count > 9 { collectInfo(fields[9]) }
            }
        }
        collectInfo(info)

        var commands: [CommandSpec] = []
        func collectDocs(_ reply: ServerReply) throws {
            for (name, docFields) in reply.pairs {
                let doc = Dictionary(docFields.pairs, uniquingKeysWith: { first, _ in first })
                guard let info = infoByName[name.lowercased()] else {
                    throw ImportError(description: "COMMAND INFO does not describe \(name)")
                }
                commands.append(try command(name: name, doc: doc, info: info))
                if let subcommands = doc["subcommands"] { try collectDocs(subcommands) }
            }
        }
        try collectDocs(docs)
        return commands
    }

    private static func command(name: String, doc: [String: ServerReply], info: [ServerReply]) throws -> CommandSpec {
        let specName = name.replacingOccurrences(of: "|", with: " ").uppercased()
        let infoFlags = (info.count > 2 ? info[2].array ?? [] : []).compactMap(\.text)
        let tips = (info.count > 7 ? info[7].array ?? [] : []).compactMap(\.text)
        var command = CommandSpec(
            name: specName,
            group: doc["group"]?.text ?? "",
            since: doc["since"]?.text ?? "",
            summary: doc["summary"]?.text ?? "",
            complexity: doc["complexity"]?.text,
            container: doc["subcommands"] != nil,
            flags: infoFlags,
            requestTip: nil,
            responseTip: nil,
            arguments: try (doc["arguments"]?.array ?? []).map(argument),
            reply: nil,
            swiftName: nil,
            mock: nil,
            line: 0
        )
        for tip in tips {
            if tip.hasPrefix("request_policy:") { command.requestTip = String(tip.dropFirst("request_policy:".count)) }
            else if tip.hasPrefix("response_policy:") { command.responseTip = String(tip.dropFirst("response_policy:".count)) }
            else if tip == "nondeterministic_output" { command.nondeterministic = "output" }
            else if tip == "nondeterministic_output_order" { command.nondeterministic = command.nondeterministic ?? "output_order" }
        }
        if info.count > 1 { command.arity = info[1].integer }
        if info.count > 8 { command.keys = (info[8].array ?? []).map(keySpec) }
        let docFlags = (doc["doc_flags"]?.array ?? []).compactMap(\.text)
        if docFlags.contains("deprecated") {
            command.deprecatedSince = doc["deprecated_since"]?.text ?? command.since
            command.replacedBy = doc["replaced_by"]?.text
        }
        return command
    }

    private static func argument(_ reply: ServerReply) throws -> ArgumentSpec {
        let fields = Dictionary(reply.pairs, uniquingKeysWith: { first, _ in first })
        let name = fields["name"]?.text ?? ""
        let typeName = fields["type"]?.text ?? ""
        guard let type = ArgumentType.builtinNames[typeName] else {
            throw ImportError(description: "argument '\(name)' has a type this Generator does not know: '\(typeName)'")
        }
        let flags = (fields["flags"]?.array ?? []).compactMap(\.text)
        return ArgumentSpec(
            name: name,
            type: type,
            token: fields["token"]?.text,
            optional: flags.contains("optional"),
            multiple: flags.contains("multiple"),
            multipleToken: flags.contains("multiple_token"),
            constant: false,
            arguments: try (fields["arguments"]?.array ?? []).map(argument),
            summary: fields["summary"]?.text,
            swiftLabel: nil,
            swiftType: nil,
            line: 0
        )
    }

    private static func keySpec(_ reply: ServerReply) -> KeySpec {
        let fields = Dictionary(reply.pairs, uniquingKeysWith: { first, _ in first })
        var spec = KeySpec(begin: .unknown, find: .unknown, flags: (fields["flags"]?.array ?? []).compactMap(\.text))
        let beginFields = Dictionary((fields["begin_search"]?.pairs ?? []), uniquingKeysWith: { first, _ in first })
        let beginSpec = Dictionary((beginFields["spec"]?.pairs ?? []), uniquingKeysWith: { first, _ in first })
        switch beginFields["type"]?.text {
        case "index": spec.begin = .index(beginSpec["index"]?.integer ?? 0)
        case "keyword": spec.begin = .keyword(beginSpec["keyword"]?.text ?? "", startFrom: beginSpec["startfrom"]?.integer ?? 0)
        default: break
        }
        let findFields = Dictionary((fields["find_keys"]?.pairs ?? []), uniquingKeysWith: { first, _ in first })
        let findSpec = Dictionary((findFields["spec"]?.pairs ?? []), uniquingKeysWith: { first, _ in first })
        switch findFields["type"]?.text {
        case "range":
            spec.find = .range(lastKey: findSpec["lastkey"]?.integer ?? 0, step: findSpec["keystep"]?.integer ?? 1, limit: findSpec["limit"]?.integer ?? 0)
        case "keynum":
            spec.find = .keynum(keyNumIndex: findSpec["keynumidx"]?.integer ?? 0, firstKey: findSpec["firstkey"]?.integer ?? 1, step: findSpec["keystep"]?.integer ?? 1)
        default: break
        }
        return spec
    }

    /// `spec` with `imported` merged in (see the type's summary); returns the names of the
    /// commands added.
    static func merge(_ imported: [CommandSpec], into spec: inout Spec) -> [String] {
        var added: [String] = []
        for fresh in imported {
            let matches = spec.commands.indices.filter { spec.commands[$0].name == fresh.name }
            guard !matches.isEmpty else {
                var entry = fresh
                if !entry.container { entry.reply = ReplySpec(type: "RESPValue", resp2: nil, resp3: nil) }
                spec.commands.append(entry)
                added.append(fresh.name)
                continue
            }
            for index in matches {
                var entry = spec.commands[index]
                entry.group = fresh.group
                entry.since = fresh.since
                if entry.swiftName == nil {  // a variant's summary says how it differs: curated
                    entry.summary = fresh.summary
                    entry.complexity = fresh.complexity
                }
                entry.container = fresh.container
                entry.flags = fresh.flags + entry.flags.filter { curatedFlags.contains($0) && !fresh.flags.contains($0) }
                entry.requestTip = fresh.requestTip
                entry.responseTip = fresh.responseTip
                entry.nondeterministic = fresh.nondeterministic
                entry.keys = fresh.keys
                entry.arity = fresh.arity
                entry.deprecatedSince = fresh.deprecatedSince
                entry.replacedBy = fresh.replacedBy
                if entry.arguments.isEmpty { entry.arguments = fresh.arguments }
                spec.commands[index] = entry
            }
        }
        return added
    }
}
