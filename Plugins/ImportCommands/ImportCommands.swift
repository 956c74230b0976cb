import Foundation
import PackagePlugin

/// `swift package import-commands --url redis://HOST:PORT [--target NAME] [--check]`
///
/// Runs `FredGenerator import` on the spec of each target that applies `CommandGen` (or of the targets
/// named): the server's `COMMAND DOCS` and `COMMAND INFO` update what the server knows and add the
/// commands the spec lacks (a module's, say), keeping what a person curated. With `--check` it
/// writes nothing and fails if the import would change a spec.
@main
struct ImportCommands: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) throws {
        var extractor = ArgumentExtractor(arguments)
        let targetNames = extractor.extractOption(named: "target")
        let url = extractor.extractOption(named: "url").last
        let check = extractor.extractFlag(named: "check") > 0
        guard let url, extractor.remainingArguments.isEmpty else {
            Diagnostics.error("usage: swift package import-commands --url redis://HOST:PORT [--target NAME] [--check]")
            return
        }
        let generator = try context.tool(named: "FredGenerator").url
        let targets = try context.package.targets(named: targetNames.isEmpty ? context.package.targets.map(\.name) : targetNames)
            .compactMap { $0 as? SourceModuleTarget }
        let specs = targets.compactMap { target in
            target.sourceFiles.first { $0.url.lastPathComponent == "commands.yaml" }.map { (target.name, $0.url) }
        }
        // Fred's own spec sits at the package root.
        let rootSpec = context.package.directoryURL.appending(path: "commands.yaml")
        let all = specs.isEmpty && FileManager.default.fileExists(atPath: rootSpec.path(percentEncoded: false))
            ? [(context.package.displayName, rootSpec)] : specs
        guard !all.isEmpty else {
            Diagnostics.error("no commands.yaml found; name a target that has one with --target")
            return
        }
        for (name, spec) in all {
            let process = try Process.run(generator, arguments: ["import", spec.path(percentEncoded: false), "--url", url] + (check ? ["--check"] : []))
            process.waitUntilExit()
            if process.terminationStatus != 0 {
                Diagnostics.error(check ? "importing would change the spec of \(name)" : "the import failed for \(name)")
                return
            }
        }
    }
}
