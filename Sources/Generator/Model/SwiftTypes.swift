/// A generated enum: a shared type from `types:` or an inline `oneof`.
struct EnumModel {
    var name: String
    var summary: String?
    var cases: [ArgumentSpec]
}

/// Maps spec arguments to Swift types and collects the enums they need, in a stable order.
struct SwiftTypes {
    private(set) var enums: [EnumModel] = []
    private let shared: [String: TypeSpec]

    init(spec: Spec) {
        shared = Dictionary(spec.types.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for type in spec.types {
            register(EnumModel(name: type.name, summary: type.summary, cases: type.cases))
        }
    }

    /// What makes two inline `oneof`s the same type: their cases' names, tokens and types.
    private static func signature(_ cases: [ArgumentSpec]) -> String {
        cases.map { "\($0.name)|\($0.token ?? "")|\($0.type)|\($0.optional)|\($0.multiple)|\(signature($0.arguments))" }.joined(separator: ";")
    }

    /// Registers `model`, or finds the one already registered with the same name and cases (the
    /// variants of a command share their option types); returns the name to use.
    @discardableResult
    private mutating func register(_ model: EnumModel, fallbackName: String? = nil) -> String {
        if let existing = enums.first(where: { $0.name == model.name }) {
            guard Self.signature(existing.cases) != Self.signature(model.cases), let fallbackName, fallbackName != model.name else {
                return model.name
            }
            var renamed = model
            renamed.name = fallbackName
            return register(renamed)
        }
        enums.append(model)
        for option in model.cases {
            _ = valueBaseType(option, owner: model.name + SwiftNames.upperCamel(option.name))
        }
        return model.name
    }

    /// The Swift type of an argument's single value inside option types and tuples.
    /// `owner` names an inline `oneof` that has no `swift.type`.
    mutating func valueBaseType(_ argument: ArgumentSpec, owner: String, variantOwner: String? = nil) -> String {
        switch argument.type {
        case .key, .string, .pattern: return "RedisValue"
        case .integer, .unixTime: return "Int"
        case .double: return "Double"
        case .pureToken: return "Bool"
        case .named(let name): return name
        case .oneof:
            let name = argument.swiftType ?? owner
            return register(EnumModel(name: name, summary: argument.summary, cases: argument.arguments), fallbackName: variantOwner)
        case .block:
            let fields = argument.arguments.filter { !$0.constant }
            if fields.count == 1, let only = fields.first {
                let suffix = SwiftNames.upperCamel(only.name)
                return valueType(only, owner: owner + suffix, variantOwner: variantOwner.map { $0 + suffix })
            }
            let members = fields.map { field in
                let suffix = SwiftNames.upperCamel(field.name)
                return "\(SwiftNames.parameterName(for: field)): \(valueType(field, owner: owner + suffix, variantOwner: variantOwner.map { $0 + suffix }))"
            }
            return "(" + members.joined(separator: ", ") + ")"
        }
    }

    /// The Swift type of an argument inside option types and tuples, with optional and multiple.
    mutating func valueType(_ argument: ArgumentSpec, owner: String, variantOwner: String? = nil) -> String {
        let base = valueBaseType(argument, owner: owner, variantOwner: variantOwner)
        if argument.multiple { return "[\(base)]" }
        if argument.optional && argument.type != .pureToken { return "\(base)?" }
        return base
    }

    /// The parameter declaration of a method argument (`expiration: Expiration? = nil`), or nil for a
    /// constant token.
    ///
    /// Inline option types are named after the command and the argument (`ZADD condition` →
    /// `ZaddCondition`), so that the variants of a command share them; a variant whose options
    /// differ gets types named after its method.
    mutating func parameter(_ argument: ArgumentSpec, method: String, command: String) -> (label: String, name: String, declaration: String)? {
        if argument.constant || argument.countOf != nil { return nil }
        let name = SwiftNames.parameterName(for: argument)
        let positional = !argument.optional && argument.token == nil
            && [.key, .string, .pattern].contains(argument.type)
        let label = argument.swiftLabel ?? (positional ? "_" : name)
        let owner = SwiftNames.upperCamel(command) + SwiftNames.upperCamel(argument.name)
        let variantOwner = SwiftNames.upperCamel(method) + SwiftNames.upperCamel(argument.name)
        let type: String
        let defaultValue: String?
        let bytesLike = [ArgumentType.key, .string, .pattern].contains(argument.type)
        switch (argument.multiple, argument.optional) {
        case (true, false):
            type = bytesLike ? "[some RESPBulkStringEncodable]" : valueType(argument, owner: owner, variantOwner: variantOwner)
            defaultValue = nil
        case (true, true):
            type = valueType(argument, owner: owner, variantOwner: variantOwner)
            defaultValue = "[]"
        case (false, false):
            type = bytesLike ? "some RESPBulkStringEncodable" : valueBaseType(argument, owner: owner, variantOwner: variantOwner)
            defaultValue = nil
        case (false, true):
            type = valueType(argument, owner: owner, variantOwner: variantOwner)
            defaultValue = argument.type == .pureToken ? "false" : "nil"
        }
        let escapedName = SwiftNames.escaped(name)
        let head = label == name ? escapedName : "\(label == "_" ? "_" : SwiftNames.escaped(label)) \(escapedName)"
        return (label, escapedName, "\(head): \(type)" + (defaultValue.map { " = \($0)" } ?? ""))
    }
}
