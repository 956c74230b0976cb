import ArgumentParser
import Foundation

@main
struct GeneratorCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "Generator",
        abstract: "Generates typed Swift Redis commands from a commands.yaml spec.",
        subcommands: [Generate.self, ListCommands.self]
    )
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Writes the generated Swift files for a spec.")

    @Argument(help: "The spec, usually commands.yaml.")
    var spec: String

    @Option(help: "The folder to write the generated files to.")
    var output: String

    @Flag(help: "Write nothing; fail if the files in --output differ from what the spec generates.")
    var check = false

    func run() throws {
        let files = try loadOrReport { Generation.render(try Generation.loadSpec(path: spec), source: URL(fileURLWithPath: spec).lastPathComponent) }
        if check {
            let stale = OutputWriter.stale(files, in: output)
            if !stale.isEmpty {
                printError("error: generated code in \(output) is stale (\(stale.joined(separator: ", "))); regenerate it from \(spec)")
                throw ExitCode.failure
            }
        } else {
            try OutputWriter.write(files, to: output)
        }
    }
}

struct ListCommands: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list-commands", abstract: "Prints every command of a spec, one per line.")

    @Argument(help: "The spec, usually commands.yaml.")
    var spec: String

    func run() throws {
        let names = try loadOrReport { Generation.commandNames(try Generation.loadSpec(path: spec)) }
        print(names.joined(separator: "\n"))
    }
}

/// Runs `body`; spec errors are printed one per line as `file:line: error: …` and end the process
/// with a failure status.
private func loadOrReport<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let errors as SpecErrors {
        printError(errors.description)
        throw ExitCode.failure
    }
}

private func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
