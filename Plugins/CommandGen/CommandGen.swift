import PackagePlugin

/// Build tool plugin: runs `FredGenerator` on a target's command spec and compiles the result into
/// that target.
///
/// The spec is the target's own `commands.yaml` (a file of that name among its sources) or, when the
/// target has none, the `commands.yaml` at the root of its package. The Generator always writes the
/// same fixed set of files, so the build system knows the outputs before the spec is read.
@main
struct CommandGen: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let spec = target.sourceFiles.first { $0.url.lastPathComponent == "commands.yaml" }?.url
            ?? context.package.directoryURL.appending(path: "commands.yaml")
        let outputDirectory = context.pluginWorkDirectoryURL.appending(path: "Generated")
        let outputs = GeneratedFiles.names.map { outputDirectory.appending(path: $0) }
        return [
            .buildCommand(
                displayName: "Generating Redis commands for \(target.name) from \(spec.lastPathComponent)",
                executable: try context.tool(named: "FredGenerator").url,
                arguments: ["generate", spec.path(percentEncoded: false), "--output", outputDirectory.path(percentEncoded: false)],
                inputFiles: [spec],
                outputFiles: outputs
            )
        ]
    }
}
