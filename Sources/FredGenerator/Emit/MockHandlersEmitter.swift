/// Emits the mock handler table: every command whose spec entry names a `mock:` handler, by
/// command name. Only a target that depends on FredMock compiles it (the `MockGen` plugin), so the
/// client's own commands never reference the mock engine.
struct MockHandlersEmitter {
    var spec: Spec
    /// The module that compiles the file: FredMock itself does not import FredMock.
    var module: String

    func emit(source: String) -> String {
        var writer = CodeWriter()
        writer.imports(module == "FredMock" ? [] : ["FredMock"])
        writer.line()
        writer.block("extension RedisMockHandlerTable") { body in
            body.doc("The mock handlers \(source) names, by command name (`GET`, `CLIENT KILL`).")
            let entries = handlers
            if entries.isEmpty {
                body.line("static let generated = RedisMockHandlerTable([:])")
                return
            }
            body.line("static let generated = RedisMockHandlerTable([")
            body.indented { list in
                for (name, handler) in entries {
                    list.line("\(literal(name)): .\(SwiftNames.escaped(handler)),")
                }
            }
            body.line("])")
        }
        return GeneratedHeader.text(source: source) + writer.text
    }

    /// Name and handler of each command with one; where variants share a name, the first wins.
    var handlers: [(name: String, handler: String)] {
        var seen: Set<String> = []
        return spec.commands.compactMap { command in
            guard let handler = command.mock, seen.insert(command.name).inserted else { return nil }
            return (command.name, handler)
        }
    }
}
