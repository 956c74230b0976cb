/// Emits the option enums (shared types and inline `oneof`s) with their wire encoding, and the
/// record types of structured replies.
struct TypesEmitter {
    var types: SwiftTypes
    var records: [RecordSpec] = []
    var imports: [String]

    func emit(source: String) -> String {
        var writer = CodeWriter()
        writer.imports(imports)
        for model in types.enums {
            writer.line()
            emit(model, into: &writer)
        }
        for record in records {
            writer.line()
            RecordEmitter(record: record).emit(into: &writer)
        }
        return GeneratedHeader.text(source: source) + writer.text
    }

    private func emit(_ model: EnumModel, into writer: inout CodeWriter) {
        if model.isStruct {
            emitStruct(model, into: &writer)
            return
        }
        var types = self.types
        if let summary = model.summary { writer.doc(summary) }
        writer.block("public enum \(model.name): Sendable") { body in
            for option in model.cases {
                if let summary = option.summary { body.doc(summary) } else if let token = option.token { body.doc("`\(token)`") }
                body.line("case \(caseDeclaration(option, enumName: model.name, types: &types))")
            }
        }
        writer.line()
        writer.block("extension \(model.name)") { body in
            body.line("/// Appends this option's tokens and values to `command`.")
            body.block("public func encode(into command: inout RESPCommand)") { function in
                function.switchBlock("self") { cases in
                    for option in model.cases {
                        emitCase(option, into: &cases)
                    }
                }
            }
        }
    }

    /// A group of values sent together (`LIMIT offset count`): a struct with a memberwise
    /// initializer whose optional fields default to nil (false for a token).
    private func emitStruct(_ model: EnumModel, into writer: inout CodeWriter) {
        var types = self.types
        let fields = model.cases.filter { !$0.constant }.map { field in
            let name = SwiftNames.escaped(SwiftNames.parameterName(for: field))
            let type = types.valueType(field, owner: model.name + SwiftNames.upperCamel(field.name))
            let defaultValue = field.multiple && field.optional ? " = []" : field.type == .pureToken ? " = false" : field.optional ? " = nil" : ""
            return (field: field, name: name, type: type, defaultValue: defaultValue)
        }
        if let summary = model.summary { writer.doc(summary) }
        writer.block("public struct \(model.name): Sendable") { body in
            for field in fields {
                if let summary = field.field.summary { body.doc(summary) } else if let token = field.field.token { body.doc("`\(token)`") }
                body.line("public var \(field.name): \(field.type)")
            }
            body.line()
            body.block("public init(\(fields.map { "\($0.name): \($0.type)\($0.defaultValue)" }.joined(separator: ", ")))") { initializer in
                for field in fields { initializer.line("self.\(field.name) = \(field.name)") }
            }
        }
        writer.line()
        writer.block("extension \(model.name)") { body in
            body.line("/// Appends these values, with their tokens, to `command`.")
            body.block("public func encode(into command: inout RESPCommand)") { function in
                var encoding = ArgumentEncoding(command: "command")
                for field in model.cases {
                    encoding.encode(field, value: field.constant ? "" : SwiftNames.escaped(SwiftNames.parameterName(for: field)), into: &function)
                }
            }
        }
    }

    private func payloadFields(_ option: ArgumentSpec) -> [ArgumentSpec] {
        switch option.type {
        case .pureToken: return []
        case .block where !option.multiple && !option.optional: return option.arguments.filter { !$0.constant }
        default: return [option]
        }
    }

    private func caseDeclaration(_ option: ArgumentSpec, enumName: String, types: inout SwiftTypes) -> String {
        let name = SwiftNames.escaped(SwiftNames.parameterName(for: option))
        let fields = payloadFields(option)
        if fields.isEmpty { return name }
        let owner = enumName + SwiftNames.upperCamel(option.name)
        if fields.count == 1 && fields[0].name == option.name {
            return "\(name)(\(types.valueType(option, owner: owner)))"
        }
        let members = fields.map { field in
            "\(SwiftNames.escaped(SwiftNames.parameterName(for: field))): \(types.valueType(field, owner: owner + SwiftNames.upperCamel(field.name)))"
        }
        return "\(name)(\(members.joined(separator: ", ")))"
    }

    private func emitCase(_ option: ArgumentSpec, into writer: inout CodeWriter) {
        let name = SwiftNames.escaped(SwiftNames.parameterName(for: option))
        let fields = payloadFields(option)
        var encoding = ArgumentEncoding(command: "command")
        if fields.isEmpty {
            // A pure token, or a block of constant tokens only (`REPLICAOF NO ONE`).
            let constants = option.type == .block ? option.arguments.compactMap(\.token) : []
            writer.line("case .\(name):")
            writer.indented { body in
                let tokens = (option.token.map { [$0] } ?? []) + constants
                if tokens.isEmpty { body.line("break") }
                for token in tokens { body.line("command.appendToken(\(literal(token)))") }
            }
            return
        }
        if fields.count == 1 && fields[0].name == option.name {
            writer.line("case .\(name)(let value):")
            writer.indented { body in
                encoding.encode(ArgumentSpec(copying: option, optional: option.optional), value: "value", into: &body)
            }
            return
        }
        let bindings = fields.map { "let " + SwiftNames.escaped(SwiftNames.parameterName(for: $0)) }
        writer.line("case .\(name)(\(bindings.joined(separator: ", "))):")
        writer.indented { body in
            if let token = option.token { body.line("command.appendToken(\(literal(token)))") }
            for field in option.arguments {
                encoding.encode(field, value: SwiftNames.escaped(SwiftNames.parameterName(for: field)), into: &body)
            }
        }
    }
}

extension ArgumentSpec {
    init(copying other: ArgumentSpec, optional: Bool) {
        self = other
        self.optional = optional
    }
}
