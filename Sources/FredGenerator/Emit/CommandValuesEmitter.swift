/// Emits the typed command values: one static builder per command on `RedisCommand`, in an
/// extension constrained to the command's reply type, so that `.get("k")` is a
/// `RedisCommand<RedisValue?>` and typed pipelines and transactions know each reply's type.
///
/// Commands that cannot sit in a batch of one-reply commands get no value: those answered with
/// pushes or maybe nothing, and those that open, end or watch for a transaction (the transaction
/// API sends them itself).
struct CommandValuesEmitter {
    var spec: Spec
    var commands: [CommandModel]

    func emit(source: String) -> String {
        var writer = CodeWriter()
        writer.imports(spec.imports)
        let batchable = commands.filter(Self.isBatchable)
        var replyTypes: [String] = []
        var byReplyType: [String: [CommandModel]] = [:]
        for command in batchable {
            let type = Self.responseType(command)
            if byReplyType[type] == nil { replyTypes.append(type) }
            byReplyType[type, default: []].append(command)
        }
        for type in replyTypes {
            writer.line()
            writer.block("extension RedisCommand where Response == \(type)") { body in
                for (index, command) in (byReplyType[type] ?? []).enumerated() {
                    if index > 0 { body.line() }
                    body.doc(command.documentation(returning: type))
                    let name = SwiftNames.escaped(command.method)
                    body.block("public static func \(name)(\(command.parameterList)) -> RedisCommand") { function in
                        function.line("RedisCommand(\(spec.namespace).\(name)(\(command.forwardedArguments)))")
                    }
                    if let single = command.oneOrMoreParameter {
                        body.line()
                        body.doc(command.documentation(returning: type) + "\n\nThis form takes one `\(command.parameters[single].name)`; the other takes an array of them.")
                        body.block("public static func \(name)(\(command.parameterList(singleValueAt: single))) -> RedisCommand") { function in
                            function.line("RedisCommand(\(spec.namespace).\(name)(\(command.forwardedArguments(singleValueAt: single))))")
                        }
                    }
                }
            }
        }
        return GeneratedHeader.text(source: source) + writer.text
    }

    /// The Swift type a value's reply converts to: `RedisOK` for commands whose method returns nothing.
    static func responseType(_ command: CommandModel) -> String {
        command.replyType == "Void" ? "RedisOK" : command.replyType
    }

    static func isBatchable(_ command: CommandModel) -> Bool {
        if let answer = command.spec.answers, answer != "reply" { return false }
        switch command.spec.changes {
        case "transaction_begin", "transaction_end", "watch", "unwatch": return false
        default: return true
        }
    }
}
