/// Emits one typed `async throws` method per command on `RedisCommandExecutor`.
struct MethodsEmitter {
    var spec: Spec
    var commands: [CommandModel]

    func emit(source: String) -> String {
        var writer = CodeWriter()
        writer.imports(spec.imports)
        writer.line()
        writer.block("extension RedisCommandExecutor") { body in
            for (index, command) in commands.enumerated() {
                if index > 0 { body.line() }
                emitMethod(command, into: &body)
            }
        }
        return GeneratedHeader.text(source: source) + writer.text
    }

    private func emitMethod(_ command: CommandModel, into writer: inout CodeWriter) {
        emit(command, parameterList: command.parameterList, arguments: command.forwardedArguments, documentation: command.documentation, into: &writer)
        if let index = command.oneOrMoreParameter {
            // The one-value form: `del("k")`, `lpush("list", "v")`, `brpop("queue", timeout: 1)`.
            writer.line()
            let name = command.parameters[index].name
            emit(command, parameterList: command.parameterList(singleValueAt: index), arguments: command.forwardedArguments(singleValueAt: index),
                 documentation: command.documentation + "\n\nThis form takes one `\(name)`; the other takes an array of them.", into: &writer)
        }
    }

    private func emit(_ command: CommandModel, parameterList: String, arguments: String, documentation: String, into writer: inout CodeWriter) {
        writer.doc(documentation)
        let call = "\(spec.namespace).\(SwiftNames.escaped(command.method))(\(arguments))"
        if command.replyType == "Void" {
            writer.block("public func \(SwiftNames.escaped(command.method))(\(parameterList)) async throws") { body in
                body.line("_ = try await execute(\(call))")
            }
        } else {
            // Commands act on the server; reading the reply is the caller's choice.
            writer.line("@discardableResult")
            writer.block("public func \(SwiftNames.escaped(command.method))(\(parameterList)) async throws -> \(command.replyType)") { body in
                body.line("try await execute(\(call)).decode(as: \(command.replyType).self)")
            }
        }
    }
}
