import Foundation
import Testing
@testable import Generator

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
}
