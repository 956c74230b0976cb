/// Emits one record type: a struct with a property per field and an initializer that reads the
/// reply through `RESPRecord`, so that RESP2 and RESP3 shapes give the same value.
struct RecordEmitter {
    var record: RecordSpec

    func emit(into writer: inout CodeWriter) {
        if let summary = record.summary { writer.doc(summary) }
        let conformances = ["Sendable", "Hashable", protocolName]
        writer.block("public struct \(record.name): \(conformances.joined(separator: ", "))") { body in
            for field in record.fields {
                var doc = field.summary ?? ""
                if record.shape != .array {
                    let key = "`\(field.key ?? field.name)`"
                    doc = doc.isEmpty ? key : "\(doc) (\(key))"
                }
                if !doc.isEmpty { body.doc(doc) }
                body.line("public var \(SwiftNames.escaped(field.name)): \(field.type)")
            }
            body.line()
            let parameters = record.fields.map { field in
                "\(SwiftNames.escaped(field.name)): \(field.type)" + (field.type.hasSuffix("?") ? " = nil" : "")
            }
            body.block("public init(\(parameters.joined(separator: ", ")))") { initializer in
                for field in record.fields {
                    let name = SwiftNames.escaped(field.name)
                    initializer.line("self.\(name) = \(name)")
                }
            }
            body.line()
            body.doc("Reads the reply, in its RESP2 or RESP3 shape.")
            // `self.` and a parameter name no field can shadow: fields are called what Redis calls
            // them (`value`, `type`).
            body.block("public init(fromRESP frame: RESPValue) throws") { initializer in
                initializer.line("let record = try RESPRecord(frame, shape: .\(record.shape.rawValue))")
                for (index, field) in record.fields.enumerated() {
                    initializer.line("self.\(SwiftNames.escaped(field.name)) = \(read(field, index: index))")
                }
            }
            if isPair { emitPairInitializer(into: &body) }
        }
    }

    /// A two-field array record is a pair: an array of them also reads RESP2's flat form
    /// (`[member, score, member, score]`).
    private var isPair: Bool {
        record.shape == .array && record.fields.count == 2 && !record.fields.contains(where: \.rest)
    }

    private var protocolName: String {
        switch record.shape {
        case .line: return "RESPLineRecord"
        case .array where isPair: return "RESPPairDecodable"
        case .map, .array: return "RESPDecodable"
        }
    }

    private func emitPairInitializer(into body: inout CodeWriter) {
        body.line()
        body.doc("Reads the two halves of the pair.")
        body.block("public init(first: RESPValue, second: RESPValue) throws") { initializer in
            for (field, frame) in zip(record.fields, ["first", "second"]) {
                let optional = field.type.hasSuffix("?")
                let base = optional ? String(field.type.dropLast()) : field.type
                initializer.line("self.\(SwiftNames.escaped(field.name)) = try \(base)\(optional ? "?" : "")(fromRESP: \(frame))")
            }
        }
    }

    /// The expression that reads `field`: by key or position; an optional type tolerates absence.
    private func read(_ field: RecordSpec.Field, index: Int) -> String {
        let optional = field.type.hasSuffix("?")
        let base = optional ? String(field.type.dropLast()) : field.type
        switch record.shape {
        case .array where field.rest:
            return "try record.elements(from: \(index), as: \(base).self)"
        case .array:
            return "try record.\(optional ? "optionalElement" : "element")(\(index), as: \(base).self)"
        case .map, .line:
            return "try record.\(optional ? "optionalField" : "field")(\(literal(field.key ?? field.name)), as: \(base).self)"
        }
    }
}
