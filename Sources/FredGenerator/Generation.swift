import Foundation

/// The whole pipeline: YAML text → validated spec → Swift files.
enum Generation {
    static func loadSpec(path: String) throws -> Spec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpecErrors(errors: [SpecError(file: path, line: 1, message: "cannot read the spec file")])
        }
        return try loadSpec(yaml: String(decoding: data, as: UTF8.self), file: path)
    }

    static func loadSpec(yaml: String, file: String) throws -> Spec {
        var spec = try SpecLoader.load(yaml: yaml, file: file)
        for index in spec.commands.indices { SwiftNames.resolveClashes(&spec.commands[index].arguments) }
        for index in spec.types.indices { SwiftNames.resolveClashes(&spec.types[index].cases) }
        try SpecValidator.validate(spec, file: file)
        return spec
    }

    /// The generated files, in the fixed order of ``GeneratedFiles/names``.
    static func render(_ spec: Spec, source: String) -> [(name: String, contents: String)] {
        var types = SwiftTypes(spec: spec)
        let commands = CommandModel.lower(spec, types: &types)
        return [
            (GeneratedFiles.types, TypesEmitter(types: types, records: spec.records, imports: spec.imports).emit(source: source)),
            (GeneratedFiles.commands, CommandsEmitter(spec: spec, commands: commands).emit(source: source)),
            (GeneratedFiles.methods, MethodsEmitter(spec: spec, commands: commands).emit(source: source)),
            (GeneratedFiles.values, CommandValuesEmitter(spec: spec, commands: commands).emit(source: source)),
        ]
    }

    /// The mock handler table, for `module` (a target that depends on FredMock, or FredMock itself).
    static func renderMockHandlers(_ spec: Spec, source: String, module: String) -> [(name: String, contents: String)] {
        [(GeneratedFiles.mockHandlers, MockHandlersEmitter(spec: spec, module: module).emit(source: source))]
    }

    /// Every command name the spec knows, upper case, once each, sorted.
    static func commandNames(_ spec: Spec) -> [String] {
        Array(Set(spec.commands.map(\.name))).sorted()
    }
}
