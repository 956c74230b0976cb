/// A generated type: an enum (a `oneof`) or a struct (a `block` of two or more values), shared
/// under `types:` or inline.
struct EnumModel {
    var name: String
    var summary: String?
    /// The enum's cases, or the struct's fields (constant tokens included).
    var cases: [ArgumentSpec]
    var isStruct: Bool = false
}

/// One parameter of a generated method.
struct ParameterModel {
    var label: String
    var name: String
    /// `key: some RESPBulkStringEncodable`, `expiration: Expiration? = nil`.
    var declaration: String
    /// For a "one or more" bulk-string argument (`[some RESPBulkStringEncodable]`): the declaration
    /// of the same parameter taking one value, for the method's one-value overload.
    var singleValueDeclaration: String? = nil
}

/// Maps spec arguments to Swift types and collects the enums they need, in a stable order.
struct SwiftTypes {
    static let anyBulkString = "any RESPBulkStringEncodable"
    static let someBulkString = "some RESPBulkStringEncodable"

    private(set) var enums: [EnumModel] = []
    private let shared: [String: TypeSpec]

    init(spec: Spec) {
        shared = Dictionary(spec.types.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for type in spec.types {
            register(EnumModel(name: type.name, summary: type.summary, cases: type.cases, isStruct: type.isBlock))
        }
    }

    /// What makes two inline `oneof`s (or `block`s) the same type: their cases' names, tokens and types.
    private static func signature(_ model: EnumModel) -> String {
        (model.isStruct ? "struct:" : "enum:") + signature(model.cases)
    }

    private static func signature(_ cases: [ArgumentSpec]) -> String {
        cases.map { "\($0.name)|\($0.token ?? "")|\($0.type)|\($0.optional)|\($0.multiple)|\($0.constant)|\(signature($0.arguments))" }.joined(separator: ";")
    }

    /// Registers `model`, or finds the one already registered with the same name and cases (the
    /// variants of a command share their option types); returns the name to use.
    @discardableResult
    private mutating func register(_ model: EnumModel, fallbackName: String? = nil) -> String {
        if let existing = enums.first(where: { $0.name == model.name }) {
            guard Self.signature(existing) != Self.signature(model), let fallbackName, fallbackName != model.name else {
                return model.name
            }
            var renamed = model
            renamed.name = fallbackName
            return register(renamed)
        }
        enums.append(model)
        for option in model.cases where !option.constant {
            let owner = model.name + SwiftNames.upperCamel(option.name)
            if !model.isStruct && option.type == .block && !option.multiple && !option.optional {
                // An enum case whose payload is the block's fields (`case addr(ip:port:)`).
                for field in option.arguments where !field.constant {
                    _ = valueType(field, owner: owner + SwiftNames.upperCamel(field.name))
                }
            } else {
                _ = valueType(option, owner: owner)
            }
        }
        return model.name
    }

    /// The Swift type of an argument's single value inside option types and tuples.
    /// `owner` names an inline `oneof` that has no `swift.type`.
    mutating func valueBaseType(_ argument: ArgumentSpec, owner: String, variantOwner: String? = nil) -> String {
        if let custom = Self.customScalarType(argument) { return custom }
        switch argument.type {
        // Any bulk string (String, Substring, [UInt8], Data, ByteBuffer, RedisValue, numbers): an
        // existential, so option types stay plain enums and optional parameters need no generic
        // parameter to infer when omitted.
        case .key, .string, .pattern: return Self.anyBulkString
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
            if argument.multiple {
                // Repeated groups (`ZADD`'s score and member, `HSET`'s field and value) stay
                // tuples, so that an array of them reads as a literal: `[(1, "a"), (2, "b")]`.
                let members = fields.map { field in
                    let suffix = SwiftNames.upperCamel(field.name)
                    return "\(SwiftNames.parameterName(for: field)): \(valueType(field, owner: owner + suffix, variantOwner: variantOwner.map { $0 + suffix }))"
                }
                return "(" + members.joined(separator: ", ") + ")"
            }
            // Any other group of values is a struct, named by `swift.type` or after its owner.
            let name = argument.swiftType ?? owner
            return register(EnumModel(name: name, summary: argument.summary, cases: argument.arguments, isStruct: true), fallbackName: variantOwner)
        }
    }

    /// `swift.type` of a scalar argument (key, string, pattern, integer, double, unix-time): a type
    /// of the runtime's or the spec's module that conforms to `RESPBulkStringEncodable`
    /// (`RedisScoreBound` for score ranges). On a `oneof`, `swift.type` names the generated enum.
    static func customScalarType(_ argument: ArgumentSpec) -> String? {
        guard let custom = argument.swiftType else { return nil }
        switch argument.type {
        case .key, .string, .pattern, .integer, .double, .unixTime: return custom
        case .pureToken, .oneof, .block, .named: return nil
        }
    }

    /// The Swift type of an argument inside option types and tuples, with optional and multiple.
    mutating func valueType(_ argument: ArgumentSpec, owner: String, variantOwner: String? = nil) -> String {
        let base = valueBaseType(argument, owner: owner, variantOwner: variantOwner)
        if argument.multiple { return "[\(base)]" }
        if argument.optional && argument.type != .pureToken { return base.hasPrefix("any ") ? "(\(base))?" : "\(base)?" }
        return base
    }

    /// The parameter of a method argument (`expiration: Expiration? = nil`), or nil for a constant
    /// token or a computed count.
    ///
    /// A key, string or pattern without a token is positional (`_`), and so is an optional
    /// "zero or more" one that no positional parameter follows (`unsubscribe(_ channel: … = [])`
    /// like `subscribe(_ channel: …)`); `swift.label` in the spec overrides the rule.
    ///
    /// Inline option types are named after the command and the argument (`ZADD condition` →
    /// `ZaddCondition`), so that the variants of a command share them; a variant whose options
    /// differ gets types named after its method.
    mutating func parameter(_ argument: ArgumentSpec, method: String, command: String, positionalFollows: Bool) -> ParameterModel? {
        if argument.constant || argument.countOf != nil { return nil }
        let name = SwiftNames.parameterName(for: argument)
        let bytesLike = [ArgumentType.key, .string, .pattern].contains(argument.type) && Self.customScalarType(argument) == nil
        let positional = bytesLike && argument.token == nil && (!argument.optional || (argument.multiple && !positionalFollows))
        let label = argument.swiftLabel ?? (positional ? "_" : name)
        let owner = SwiftNames.upperCamel(command) + SwiftNames.upperCamel(argument.name)
        let variantOwner = SwiftNames.upperCamel(method) + SwiftNames.upperCamel(argument.name)
        let type: String
        let defaultValue: String?
        var oneOrMore = false
        switch (argument.multiple, argument.optional) {
        case (true, false):
            oneOrMore = bytesLike
            type = bytesLike ? "[\(Self.someBulkString)]" : valueType(argument, owner: owner, variantOwner: variantOwner)
            defaultValue = nil
        case (true, true):
            type = valueType(argument, owner: owner, variantOwner: variantOwner)
            defaultValue = "[]"
        case (false, false):
            type = bytesLike ? Self.someBulkString : valueBaseType(argument, owner: owner, variantOwner: variantOwner)
            defaultValue = nil
        case (false, true):
            type = valueType(argument, owner: owner, variantOwner: variantOwner)
            defaultValue = argument.type == .pureToken ? "false" : "nil"
        }
        let escapedName = SwiftNames.escaped(name)
        let head = label == name ? escapedName : "\(label == "_" ? "_" : SwiftNames.escaped(label)) \(escapedName)"
        return ParameterModel(
            label: label, name: escapedName,
            declaration: "\(head): \(type)" + (defaultValue.map { " = \($0)" } ?? ""),
            singleValueDeclaration: oneOrMore ? "\(head): \(Self.someBulkString)" : nil
        )
    }

    /// Whether `argument` becomes a positional parameter by the rule of
    /// ``parameter(_:method:command:positionalFollows:)`` for required ones.
    static func isRequiredPositional(_ argument: ArgumentSpec) -> Bool {
        guard !argument.constant, argument.countOf == nil, !argument.optional, argument.token == nil else { return false }
        if let label = argument.swiftLabel { return label == "_" }
        return [ArgumentType.key, .string, .pattern].contains(argument.type)
    }
}
