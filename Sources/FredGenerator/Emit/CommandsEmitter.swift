/// Emits the command descriptions (`RedisCommandInfo`) and one `RESPCommand` builder per command.
struct CommandsEmitter {
    var spec: Spec
    var commands: [CommandModel]

    func emit(source: String) -> String {
        var writer = CodeWriter()
        writer.imports(spec.imports)
        writer.line()
        writer.line("/// Builders of every command in \(source): each returns the encoded command, ready to execute.")
        writer.block("public enum \(spec.namespace)") { body in
            for (index, command) in commands.enumerated() {
                if index > 0 { body.line() }
                emitBuilder(command, into: &body)
            }
            body.line()
            body.doc("Every command of the spec by name, for commands sent as words (`send(command:)`).")
            body.line("public static let table = RedisCommandTable([")
            body.indented { list in
                for command in commands {
                    list.line("\(spec.namespace)Info.\(SwiftNames.escaped(command.method)),")
                }
            }
            body.line("])")
        }
        writer.line()
        writer.line("/// What the spec says about each command.")
        writer.block("enum \(spec.namespace)Info") { body in
            for command in commands {
                emitInfo(command, into: &body)
            }
        }
        return GeneratedHeader.text(source: source) + writer.text
    }

    private func emitBuilder(_ command: CommandModel, into writer: inout CodeWriter) {
        writer.doc(command.documentation)
        writer.block("public static func \(SwiftNames.escaped(command.method))(\(command.parameterList)) -> RESPCommand") { body in
            // A parameter may be called `command` (ACL DRYRUN's): the variable takes another name.
            let taken = Set(command.parameters.map(\.name))
            let variable = ["command", "request", "encodedCommand"].first { !taken.contains($0) } ?? "encodedCommand"
            let usesArguments = !command.spec.arguments.isEmpty
            body.line("\(usesArguments ? "var" : "let") \(variable) = RESPCommand(\(spec.namespace)Info.\(SwiftNames.escaped(command.method)))")
            var encoding = ArgumentEncoding(command: variable)
            for argument in command.spec.arguments {
                if let counted = argument.countOf, let sibling = command.spec.arguments.first(where: { $0.name == counted }) {
                    // Computed from the values it counts (`numkeys`), never passed by the caller.
                    let value = SwiftNames.escaped(SwiftNames.parameterName(for: sibling)) + ".count"
                    encoding.encode(ArgumentSpec(copying: argument, optional: false), value: value, into: &body)
                    continue
                }
                let name = SwiftNames.escaped(SwiftNames.parameterName(for: argument))
                encoding.encode(argument, value: name, into: &body)
            }
            if let name = command.spec.timeoutArgument, let unit = command.spec.timeoutUnit,
               let argument = command.spec.arguments.first(where: { $0.name == name }) {
                // The runtime extends the command's deadline by how long the server may block.
                let value = SwiftNames.escaped(SwiftNames.parameterName(for: argument))
                if argument.optional {
                    body.block("if let blockingTimeout = \(value)") { $0.line("\(variable).setBlockingTimeout(\(unit): blockingTimeout)") }
                } else {
                    body.line("\(variable).setBlockingTimeout(\(unit): \(value))")
                }
            }
            body.line("return \(variable)")
        }
    }

    /// A key spec as Swift (`RedisKeySpec(begin: .index(1), find: .range(lastKey: 0, step: 1, limit: 0))`).
    static func keySpec(_ key: KeySpec) -> String {
        let begin: String
        switch key.begin {
        case .index(let index): begin = ".index(\(index))"
        case .keyword(let keyword, let startFrom): begin = ".keyword(\(literal(keyword)), startFrom: \(startFrom))"
        case .unknown: begin = ".unknown"
        }
        let find: String
        switch key.find {
        case .range(let lastKey, let step, let limit): find = ".range(lastKey: \(lastKey), step: \(step), limit: \(limit))"
        case .keynum(let index, let first, let step): find = ".keynum(keyNumIndex: \(index), firstKey: \(first), step: \(step))"
        case .unknown: find = ".unknown"
        }
        return "RedisKeySpec(begin: \(begin), find: \(find))"
    }

    private func emitInfo(_ command: CommandModel, into writer: inout CodeWriter) {
        let spec = command.spec
        var fields = ["name: \(literal(spec.name))", "words: [\(spec.words.map(literal).joined(separator: ", "))]"]
        let flags = spec.flags.compactMap { SpecValidator.knownFlags[$0] }.filter { !$0.isEmpty }
        if !flags.isEmpty { fields.append("flags: [\(flags.map { "." + $0 }.joined(separator: ", "))]") }
        if let tip = spec.requestTip, let value = SpecValidator.requestTips[tip] { fields.append("requestPolicy: .\(value)") }
        if let tip = spec.responseTip, let value = SpecValidator.responseTips[tip] { fields.append("responsePolicy: .\(value)") }
        if let arity = spec.arity { fields.append("arity: \(arity)") }
        if !spec.keys.isEmpty { fields.append("keySpecs: [\(spec.keys.map(Self.keySpec).joined(separator: ", "))]") }
        let answer = spec.answers.flatMap { SpecValidator.answers[$0] }
        let change = spec.changes.flatMap { SpecValidator.changes[$0] }
        if answer != nil || change != nil || spec.blocksWith != nil {
            let arguments = [
                answer.map { "answer: .\($0)" }, change.map { "change: .\($0)" },
                spec.blocksWith.map { "blockingToken: \(literal($0))" },
            ].compactMap { $0 }
            fields.append("semantics: RedisCommandSemantics(\(arguments.joined(separator: ", ")))")
        }
        writer.line("static let \(SwiftNames.escaped(command.method)) = RedisCommandInfo(\(fields.joined(separator: ", ")))")
    }
}
