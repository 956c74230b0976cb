/// Emits the statements that append an argument to a `RESPCommand` variable, in wire order.
struct ArgumentEncoding {
    /// The name of the `RESPCommand` variable.
    var command: String
    private var counter = 0

    init(command: String) { self.command = command }

    private mutating func fresh(_ base: String) -> String {
        counter += 1
        return "\(base)\(counter)"
    }

    private func token(_ token: String) -> String {
        "\(command).appendToken(\(literal(token)))"
    }

    /// Appends `argument`, whose Swift value is the expression `value`.
    mutating func encode(_ argument: ArgumentSpec, value: String, into writer: inout CodeWriter) {
        if argument.constant {
            if let token = argument.token { writer.line(self.token(token)) }
            return
        }
        if argument.type == .pureToken {
            guard let token = argument.token else { return }
            writer.block("if \(value)") { $0.line(self.token(token)) }
            return
        }
        if argument.multiple {
            let emitLoop: (inout CodeWriter, inout ArgumentEncoding) -> Void = { writer, encoding in
                if let token = argument.token, !argument.multipleToken { writer.line(encoding.token(token)) }
                let element = encoding.fresh("element")
                writer.block("for \(element) in \(value)") { inner in
                    if let token = argument.token, argument.multipleToken { inner.line(encoding.token(token)) }
                    encoding.encodeValue(argument, value: element, into: &inner)
                }
            }
            if argument.optional {
                writer.block("if !\(value).isEmpty") { emitLoop(&$0, &self) }
            } else {
                emitLoop(&writer, &self)
            }
            return
        }
        if argument.optional {
            let unwrapped = fresh("value")
            writer.block("if let \(unwrapped) = \(value)") { inner in
                if let token = argument.token { inner.line(self.token(token)) }
                encodeValue(argument, value: unwrapped, into: &inner)
            }
            return
        }
        if let token = argument.token { writer.line(self.token(token)) }
        encodeValue(argument, value: value, into: &writer)
    }

    /// Appends one value of `argument` (no token, optional or multiple handling).
    mutating func encodeValue(_ argument: ArgumentSpec, value: String, into writer: inout CodeWriter) {
        switch argument.type {
        case .key:
            // The slot is computed as the key is written (cluster routing reads it there).
            writer.line("\(command).appendKey(\(value))")
        case .string, .pattern, .integer, .double, .unixTime:
            writer.line("\(command).append(\(value))")
        case .pureToken:
            if let token = argument.token { writer.block("if \(value)") { $0.line(self.token(token)) } }
        case .oneof, .named:
            writer.line("\(value).encode(into: &\(command))")
        case .block:
            let fields = argument.arguments.filter { !$0.constant }
            for field in argument.arguments {
                if field.constant {
                    encode(field, value: "", into: &writer)
                } else if fields.count == 1 {
                    encode(field, value: value, into: &writer)
                } else {
                    encode(field, value: "\(value).\(SwiftNames.escaped(SwiftNames.parameterName(for: field)))", into: &writer)
                }
            }
        }
    }
}

/// A Swift string literal for `text`.
func literal(_ text: String) -> String {
    var escaped = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": escaped += "\\\""
        case "\\": escaped += "\\\\"
        case "\n": escaped += "\\n"
        case "\r": escaped += "\\r"
        case "\t": escaped += "\\t"
        default: escaped.unicodeScalars.append(scalar)
        }
    }
    return "\"\(escaped)\""
}
