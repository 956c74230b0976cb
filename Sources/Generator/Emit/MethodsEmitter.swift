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
        writer.doc(command.documentation)
        let call = "\(spec.namespace).\(SwiftNames.escaped(command.method))(\(command.forwardedArguments))"
        if command.replyType == "Void" {
            writer.block("public func \(SwiftNames.escaped(command.method))(\(command.parameterList)) async throws") { body in
                body.line("_ = try await execute(\(call))")
            }
        } else {
            // Commands act on the server; reading the reply is the caller's choice.
            writer.line("@discardableResult")
            writer.block("public func \(SwiftNames.escaped(command.method))(\(command.parameterList)) async throws -> \(command.replyType)") { body in
                body.line("try await execute(\(call)).decode(as: \(command.replyType).self)")
            }
        }
    }
}
