import Foundation
import Testing
@testable import FredGenerator

/// The project's own `commands.yaml`.
@Suite struct CommandsYAMLTests {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("commands.yaml").path

    /// Every command and subcommand of Redis 7.0.15 (`COMMAND LIST`): 366, and nothing else.
    @Test func listsEveryRedis7Command() throws {
        let names = Generation.commandNames(try Generation.loadSpec(path: Self.path))
        #expect(names.count == 366)
        #expect(names == names.sorted() && Set(names).count == names.count)
    }

    /// Commands the mock engine cannot answer honestly (they need RDB payloads, another server or
    /// a paused event loop); the README lists them.
    static let withoutMock: Set<String> = ["DUMP", "RESTORE", "MIGRATE", "OBJECT IDLETIME", "CLIENT PAUSE"]

    /// The groups the mock engine covers so far (the rest grows with the mock layer's issue).
    static let mockedGroups: Set<String> = ["string", "generic", "connection"]
    static let mockedServerCommands: Set<String> = ["INFO", "DBSIZE", "FLUSHDB", "FLUSHALL"]

    @Test func everyCommandHasAReplyTypeAndTheMockedGroupsAMockHandler() throws {
        let spec = try Generation.loadSpec(path: Self.path)
        for command in spec.commands where !command.container {
            #expect(command.reply?.type.isEmpty == false, "\(command.name) has no reply type")
            guard Self.mockedGroups.contains(command.group) || Self.mockedServerCommands.contains(command.name) else { continue }
            if Self.withoutMock.contains(command.name) {
                #expect(command.mock == nil, "\(command.name) has a mock handler now: take it off the list")
            } else {
                #expect(command.mock != nil, "\(command.name) names no mock handler")
            }
        }
    }

    /// Commands that undo each other (`SUBSCRIBE`/`UNSUBSCRIBE`, `WATCH`/`UNWATCH`, …) label
    /// their first parameter alike, so that code moves between them without relabelling.
    @Test func commandsAndTheirUndoingSiblingsShareLabels() throws {
        let spec = try Generation.loadSpec(path: Self.path)
        var types = SwiftTypes(spec: spec)
        let commands = CommandModel.lower(spec, types: &types)
        let byName = Dictionary(commands.map { ($0.spec.name, $0) }, uniquingKeysWith: { first, _ in first })
        var pairs = 0
        for command in commands where command.spec.name.hasPrefix("UN") {
            guard let sibling = byName[String(command.spec.name.dropFirst(2))] ?? byName[command.spec.name.replacingOccurrences(of: " UN", with: " ")],
                  !command.parameters.isEmpty, !sibling.parameters.isEmpty else { continue }  // UNWATCH takes nothing
            pairs += 1
            #expect(command.parameters.first?.label == sibling.parameters.first?.label,
                    "\(sibling.method)(\(sibling.parameterList)) and \(command.method)(\(command.parameterList))")
        }
        #expect(pairs >= 2)
        // The sharded and pattern forms too: SSUBSCRIBE/SUNSUBSCRIBE, PSUBSCRIBE/PUNSUBSCRIBE.
        for (subscribe, unsubscribe) in [("SSUBSCRIBE", "SUNSUBSCRIBE"), ("PSUBSCRIBE", "PUNSUBSCRIBE")] {
            #expect(byName[subscribe]?.parameters.first?.label == byName[unsubscribe]?.parameters.first?.label, "\(subscribe) and \(unsubscribe)")
        }
    }

    /// No method takes an anonymous tuple except as an array of repeated pairs (`ZADD`'s score
    /// and member): groups of options are named structs.
    @Test func optionGroupsAreNamedTypesNotTuples() throws {
        let spec = try Generation.loadSpec(path: Self.path)
        var types = SwiftTypes(spec: spec)
        for command in CommandModel.lower(spec, types: &types) {
            for parameter in command.parameters {
                let type = parameter.declaration.split(separator: ":", maxSplits: 1).last.map(String.init) ?? ""
                let trimmed = type.trimmingCharacters(in: .whitespaces)
                #expect(!trimmed.hasPrefix("(") || trimmed.hasPrefix("(any "), "\(command.method): \(parameter.declaration)")
            }
        }
    }
}
