import ArgumentParser
import Foundation
import Fred
import FredMock
import FredMockDifferential

/// `fred-mockdiff`: random command sequences on the mock engine and on a real `redis-server`,
/// every reply compared. Starts a server of its own on a free loopback port unless given `--port`.
@main
struct FredMockDiff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fred-mockdiff",
        abstract: "Compare the mock engine with a real redis-server on random command sequences."
    )

    @Option(help: "The seed of the random sequences (the same seed gives the same commands).")
    var seed: UInt64 = 1

    @Option(help: "How many commands to compare.")
    var count: Int = 20_000

    @Option(help: "Only these groups, comma-separated (strings,keys,lists,…).")
    var groups: String?

    @Option(help: "The protocol: 2, 3, or both (episodes alternate).")
    var resp: String = "both"

    @Option(name: .shortAndLong, help: "A running server's port (it is flushed). Default: start one.")
    var port: Int?

    @Option(help: "The redis-server to start when no --port is given.")
    var redisServer: String = "redis-server"

    @Flag(help: "Reach the mock over TCP (RedisMockServer.listen) instead of in process.")
    var tcp = false

    @Flag(help: "List every command each group sent, with counts.")
    var verbose = false

    func run() async throws {
        var selected = DiffGroup.all.filter { !$0.commands.isEmpty }
        if let groups {
            let names = groups.split(separator: ",").map(String.init)
            for name in names where !DiffGroup.all.contains(where: { $0.name == name }) {
                throw ValidationError("unknown group \(name); groups: \(DiffGroup.all.map(\.name).joined(separator: ","))")
            }
            selected = selected.filter { names.contains($0.name) }
        }
        guard !selected.isEmpty else { throw ValidationError("no group with commands selected") }
        let protocols: [RESPProtocolVersion]
        switch resp {
        case "2": protocols = [.resp2]
        case "3": protocols = [.resp3]
        case "both": protocols = [.resp3, .resp2]
        default: throw ValidationError("--resp takes 2, 3 or both")
        }
        guard count > 0 else { throw ValidationError("--count must be positive") }

        let server = try port == nil ? LaunchedServer(executable: redisServer) : nil
        defer { server?.stop() }
        var serverPort = port ?? 0
        if let server { serverPort = try await server.waitUntilReady() }
        var config = try RedisConfig(url: "redis://127.0.0.1:\(serverPort)")
        config.commandTimeout = .seconds(10)
        config.reconnectPolicy = nil

        say("fred-mockdiff: seed \(seed), \(count) commands, RESP \(resp), mock \(tcp ? "over TCP" : "in process"), groups \(selected.map(\.name).joined(separator: ","))")
        let runner = DiffRunner(serverConfig: config, options: .init(seed: seed, count: count, groups: selected, protocols: protocols, mockOverTCP: tcp))
        let report = try await runner.run { say($0) }
        say()
        say("group          commands  sent     agreed   agreement")
        for group in report.groups {
            let percent = String(format: "%.2f%%", group.agreement * 100)
            say("\(group.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(String(group.covered.count).padding(toLength: 9, withPad: " ", startingAt: 0)) \(String(group.sent).padding(toLength: 8, withPad: " ", startingAt: 0)) \(String(group.agreed).padding(toLength: 8, withPad: " ", startingAt: 0)) \(percent)")
            if verbose {
                let counts = group.byCommand.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                say("    " + counts.joined(separator: ", "))
            }
        }
        say("total: \(report.sent) commands, \(report.mismatches.count) mismatch(es)")
        if let first = report.mismatches.first {
            say("\nfirst mismatch, shrunk:\n\(first)")
            for other in report.mismatches.dropFirst().prefix(20) {
                say("also: \(other.group) (\(other.protocolVersion)) \(other.command): redis-server \(other.real), mock \(other.mock)")
            }
            throw ExitCode(1)
        }
    }
}

/// Prints a line at once (stdout may be a pipe or a file, which buffer).
func say(_ line: String = "") {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// A `redis-server` started on a free loopback port for the run, and killed afterwards.
final class LaunchedServer {
    let process = Process()
    let port: Int
    let directory: URL

    init(executable: String) throws {
        port = try LoopbackPort.free()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fred-mockdiff-\(port)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable, "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", directory.path, "--logfile", directory.appendingPathComponent("redis.log").path]
        try process.run()
    }

    /// Waits until the server accepts connections, and returns its port.
    func waitUntilReady() async throws -> Int {
        for _ in 0..<200 {
            guard process.isRunning else { break }
            if LoopbackPort.accepts(port) { return port }
            try await Task.sleep(for: .milliseconds(25))
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("redis.log"), encoding: .utf8)) ?? ""
        throw ValidationError("redis-server did not start on port \(port):\n\(log)")
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
