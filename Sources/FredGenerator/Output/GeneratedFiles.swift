/// The files the Generator writes for one spec. The list is fixed (a file with nothing to say is
/// still written) so that the build plugin can name its outputs before the spec is read.
enum GeneratedFiles {
    static let types = "Generated+Types.swift"
    static let commands = "Generated+Commands.swift"
    static let methods = "Generated+Methods.swift"
    static let values = "Generated+CommandValues.swift"
    static let names = [types, commands, methods, values]
    /// What `generate --mock-handlers` writes (the `MockGen` plugin), for a target that depends on FredMock.
    static let mockHandlers = "Generated+MockHandlers.swift"
}
