import Fred
import Foundation
import Testing
import Yams

/// The commands of `commands.yaml` (name, group, and why a command is not called by the tests).
public struct SpecCommand: Sendable {
    public var name: String
    public var group: String
    public var untested: String?
}

/// Every non-container command of the repository's `commands.yaml`.
public func specCommands() throws -> [SpecCommand] {
    let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("commands.yaml")
    let text = try String(contentsOf: path, encoding: .utf8)
    guard let root = try Yams.load(yaml: text) as? [String: Any], let commands = root["commands"] as? [[String: Any]] else {
        return []
    }
    var seen: Set<String> = []
    return commands.compactMap { entry in
        guard let name = entry["name"] as? String, let group = entry["group"] as? String,
              entry["container"] as? Bool != true, seen.insert(name).inserted
        else { return nil }
        return SpecCommand(name: name, group: group, untested: entry["untested"] as? String)
    }
}

/// Records an issue listing every command of `groups` (per `commands.yaml`, except those marked
/// `untested`) that the server behind `client` never ran, according to its `INFO commandstats`;
/// prints the untested ones with their reasons.
public func assertEveryCommandCalled(
    groups: Set<String>, on client: some RedisCommandExecutor, sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let stats = try await client.send(command: ["INFO", "commandstats"]).decode(as: String.self)
    let called = Set(stats.split(whereSeparator: \.isNewline).compactMap { line -> String? in
        guard line.hasPrefix("cmdstat_"), let colon = line.firstIndex(of: ":") else { return nil }
        return line[line.index(line.startIndex, offsetBy: 8)..<colon].replacingOccurrences(of: "|", with: " ").uppercased()
    })
    let commands = try specCommands().filter { groups.contains($0.group) }
    let knownGroups = Set(commands.map(\.group))
    if knownGroups != groups {
        Issue.record("commands.yaml has no command in \(groups.subtracting(knownGroups).sorted())", sourceLocation: sourceLocation)
    }
    for command in commands where command.untested != nil {
        print("untested: \(command.name) (\(command.group)): \(command.untested ?? "")")
    }
    let missing = commands.filter { $0.untested == nil && !called.contains($0.name) }.map(\.name).sorted()
    if !missing.isEmpty {
        Issue.record("never called: \(missing.joined(separator: ", "))", sourceLocation: sourceLocation)
    }
}
