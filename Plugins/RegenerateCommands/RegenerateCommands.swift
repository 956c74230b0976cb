import Foundation
import PackagePlugin

/// `swift package regenerate-commands [--target NAME] [--output DIR] [--check]`
///
/// Writes the Swift that `CommandGen` (and, for FredMock, `MockGen`) generates at build time into a
/// folder people can read, diff and commit (by default `Generated/<target>/` at the package root, outside every target so that
/// nothing is compiled twice). With `--check` it writes nothing and fails when that folder is stale.
@main
struct RegenerateCommands: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) throws {
        var extractor = ArgumentExtractor(arguments)
        let targetNames = extractor.extractOption(named: "target")
        let outputOverride = extractor.extractOption(named: "output").last
        let check = extractor.extractFlag(named: "check") > 0
        if !extractor.remainingArguments.isEmpty {
            Diagnostics.error("unknown arguments: \(extractor.remainingArguments.joined(separator: " ")); expected [--target NAME] [--output DIR] [--check]")
            return
        }
        let generator = try context.tool(named: "FredGenerator").url
        let targets = try selectedTargets(context: context, names: targetNames)
        if targets.isEmpty {
            Diagnostics.error("no target applies the CommandGen plugin; name one with --target")
            return
        }
        for target in targets {
            let spec = target.sourceFiles.first { $0.url.lastPathComponent == "commands.yaml" }?.url
                ?? context.package.directoryURL.appending(path: "commands.yaml")
            let output = outputOverride.map { URL(fileURLWithPath: $0, relativeTo: context.package.directoryURL) }
                ?? context.package.directoryURL.appending(path: "Generated").appending(path: target.name)
            var arguments = ["generate", spec.path(percentEncoded: false), "--output", output.path(percentEncoded: false)]
            if check { arguments.append("--check") }
            // FredMock compiles the mock handler table (the MockGen plugin), not the commands.
            if target.name == "FredMock" { arguments += ["--mock-handlers", "--module", target.name] }
            let process = try Process.run(generator, arguments: arguments)
            process.waitUntilExit()
            if process.terminationStatus != 0 {
                Diagnostics.error(check
                    ? "\(output.path(percentEncoded: false)) is stale for \(target.name): run `swift package regenerate-commands`"
                    : "FredGenerator failed for \(target.name)")
                return
            }
            print(check ? "\(target.name): generated code is up to date" : "\(target.name): wrote \(output.path(percentEncoded: false))")
        }
    }

    private func selectedTargets(context: PluginContext, names: [String]) throws -> [SourceModuleTarget] {
        if !names.isEmpty {
            return try context.package.targets(named: names).compactMap { $0 as? SourceModuleTarget }
        }
        return context.package.targets.compactMap { target -> SourceModuleTarget? in
            guard let module = target as? SourceModuleTarget else { return nil }
            let usesCommandGen = module.kind != .test && (target as? SwiftSourceModuleTarget).map { swiftTarget in
                ["FredCommands", "FredMock"].contains(swiftTarget.name) || swiftTarget.sourceFiles.contains { $0.url.lastPathComponent == "commands.yaml" }
            } ?? false
            return usesCommandGen ? module : nil
        }
    }
}
