import Foundation
import PackagePlugin

/// Build tool plugin: runs `FredGenerator` on a command spec and compiles the mock handler table
/// (`RedisMockHandlerTable.generated`: each command's `mock:` handler, by command name) into the
/// target, which depends on FredMock.
///
/// The spec is the target's own `commands.yaml`, else the one among the sources of a target it
/// depends on (the module whose commands it mocks), else the `commands.yaml` at the package root.
@main
struct MockGen: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let spec = Self.spec(in: target) ?? context.package.directoryURL.appending(path: "commands.yaml")
        let outputDirectory = context.pluginWorkDirectoryURL.appending(path: "Generated")
        return [
            .buildCommand(
                displayName: "Generating the mock handler table for \(target.name) from \(spec.lastPathComponent)",
                executable: try context.tool(named: "FredGenerator").url,
                arguments: [
                    "generate", spec.path(percentEncoded: false), "--output", outputDirectory.path(percentEncoded: false),
                    "--mock-handlers", "--module", target.name,
                ],
                inputFiles: [spec],
                outputFiles: [outputDirectory.appending(path: "Generated+MockHandlers.swift")]
            )
        ]
    }

    private static func spec(in target: SourceModuleTarget) -> URL? {
        let modules = [target] + target.dependencies.compactMap { dependency -> SourceModuleTarget? in
            if case .target(let other) = dependency { return other as? SourceModuleTarget }
            return nil
        }
        for module in modules {
            if let spec = module.sourceFiles.first(where: { $0.url.lastPathComponent == "commands.yaml" }) { return spec.url }
        }
        return nil
    }
}
