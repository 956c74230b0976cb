/// A problem in the spec, reported the way compilers do so editors jump to it:
/// `commands.yaml:42: error: <what is wrong and how to fix it>`.
struct SpecError: Error, CustomStringConvertible, Equatable {
    var file: String
    var line: Int
    var message: String

    var description: String { "\(file):\(line): error: \(message)" }
}

/// Collects every problem instead of stopping at the first one.
struct SpecDiagnostics {
    var file: String
    private(set) var errors: [SpecError] = []

    init(file: String) { self.file = file }

    mutating func error(_ line: Int, _ message: String) {
        errors.append(SpecError(file: file, line: line, message: message))
    }
}

/// Thrown when the spec has one or more problems.
struct SpecErrors: Error, CustomStringConvertible {
    var errors: [SpecError]
    var description: String { errors.map(\.description).joined(separator: "\n") }
}
