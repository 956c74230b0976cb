/// One generated method: its Swift name, parameters and documentation.
struct CommandModel {
    var spec: CommandSpec
    var method: String
    var parameters: [ParameterModel]
    var replyType: String

    /// `key, value, expiration: expiration` — the call that forwards every parameter.
    var forwardedArguments: String {
        parameters.map { $0.label == "_" ? $0.name : "\($0.label): \($0.name)" }.joined(separator: ", ")
    }

    var parameterList: String {
        parameters.map(\.declaration).joined(separator: ", ")
    }

    /// The one parameter that takes one or more bulk strings, when there is exactly one: its
    /// index, for the method's one-value overload (`del("k")` besides `del(["k", "l"])`).
    var oneOrMoreParameter: Int? {
        let indices = parameters.indices.filter { parameters[$0].singleValueDeclaration != nil }
        return indices.count == 1 ? indices[0] : nil
    }

    /// The parameter list with parameter `index` taking one value instead of an array.
    func parameterList(singleValueAt index: Int) -> String {
        parameters.indices.map { $0 == index ? parameters[$0].singleValueDeclaration ?? parameters[$0].declaration : parameters[$0].declaration }
            .joined(separator: ", ")
    }

    /// The forwarding call's arguments, wrapping parameter `index` in an array.
    func forwardedArguments(singleValueAt index: Int) -> String {
        parameters.indices.map { position in
            let parameter = parameters[position]
            let value = position == index ? "[\(parameter.name)]" : parameter.name
            return parameter.label == "_" ? value : "\(parameter.label): \(value)"
        }.joined(separator: ", ")
    }

    var documentation: String { documentation(returning: replyType) }

    /// The documentation, naming `returnType` as what the reply converts to.
    func documentation(returning returnType: String) -> String {
        var text = spec.summary
        var facts = ["`\(spec.name)`", "since Redis \(spec.since)", "group \(spec.group)"]
        if let complexity = spec.complexity { facts.append("complexity \(complexity)") }
        text += "\n\n" + facts.joined(separator: " · ")
        if let reply = spec.reply, reply.resp2 != nil || reply.resp3 != nil {
            text += "\n\n- Returns: `\(returnType)`"
            if let resp2 = reply.resp2 { text += "; RESP2: \(resp2)" }
            if let resp3 = reply.resp3 { text += "; RESP3: \(resp3)" }
        }
        return text
    }

    static func lower(_ spec: Spec, types: inout SwiftTypes) -> [CommandModel] {
        spec.commands.filter { !$0.container }.map { command in
            let method = SwiftNames.methodName(for: command)
            let parameters = command.arguments.indices.compactMap { index in
                types.parameter(
                    command.arguments[index], method: method, command: command.name,
                    positionalFollows: command.arguments[(index + 1)...].contains(where: SwiftTypes.isRequiredPositional))
            }
            return CommandModel(spec: command, method: method, parameters: parameters, replyType: command.reply?.type ?? "RESPValue")
        }
    }
}
