import ArgumentParser
import Foundation

@main
struct GeneratorCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "FredGenerator",
        abstract: "Generates typed Swift Redis commands from a commands.yaml spec.",
        subcommands: [Generate.self, ListCommands.self, Import.self]
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

    @Flag(help: "Write only the mock handler table, for a target that depends on FredMock (the MockGen plugin).")
    var mockHandlers = false

    @Option(help: "With --mock-handlers: the module that compiles the table.")
    var module = "FredMock"

    func run() throws {
        let source = URL(fileURLWithPath: spec).lastPathComponent
        let files = try loadOrReport {
            let loaded = try Generation.loadSpec(path: spec)
            return mockHandlers
                ? Generation.renderMockHandlers(loaded, source: source, module: module)
                : Generation.render(loaded, source: source)
        }
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

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Adds or updates the spec's commands from a live server's COMMAND DOCS and COMMAND INFO.",
        discussion: """
            The server's facts (group, version, summary, flags, tips, key specs, and the arguments of \
            entries that have none) are written; reply types, Swift names and mock handlers are kept. \
            New commands get a RESPValue reply to type by hand.
            """
    )

    @Argument(help: "The spec to update, usually commands.yaml.")
    var spec: String

    @Option(help: "The server, as redis://[user:password@]host:port.")
    var url: String

    @Flag(help: "Write nothing; fail if importing would change the spec.")
    var check = false

    func run() throws {
        var current = try loadOrReport { try Generation.loadSpec(path: spec) }
        let groupOrder = current.commands.map(\.group)
        let (docs, info): (ServerReply, ServerReply)
        do {
            let connection = try ServerConnection(url: url)
            docs = try connection.send(ImportRequests.docs)
            info = try connection.send(ImportRequests.info)
        } catch let error as ImportError {
            printError("error: \(ServerConnection.redacted(url)): \(error.description)")
            throw ExitCode.failure
        }
        let imported: [CommandSpec]
        do {
            imported = try CommandImporter.commands(docs: docs, info: info)
        } catch let error as ImportError {
            printError("error: \(error.description)")
            throw ExitCode.failure
        }
        let added = CommandImporter.merge(imported, into: &current)
        let text = SpecWriter.write(current, groupOrder: groupOrder)
        // What is written must load and validate like any hand-written spec.
        _ = try loadOrReport { try Generation.loadSpec(yaml: text, file: spec) }
        let before = FileManager.default.contents(atPath: spec).map { String(decoding: $0, as: UTF8.self) }
        if check {
            guard before == text else {
                printError("error: importing from \(ServerConnection.redacted(url)) would change \(spec)" + (added.isEmpty ? "" : " (new: \(added.joined(separator: ", ")))"))
                throw ExitCode.failure
            }
            return
        }
        if before != text { try text.write(toFile: spec, atomically: true, encoding: .utf8) }
        print("\(imported.count) commands read; \(added.count) added" + (added.isEmpty ? "" : ": \(added.joined(separator: ", "))"))
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
