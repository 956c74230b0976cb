import Foundation
import Testing
@testable import Generator

/// The project's own `commands.yaml`.
@Suite struct CommandsYAMLTests {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("commands.yaml").path

    /// The string, generic and connection groups of Redis 7.0.15 (`COMMAND DOCS`), plus four server commands.
    static let required: [String] = [
        "APPEND", "DECR", "DECRBY", "GET", "GETDEL", "GETEX", "GETRANGE", "GETSET", "INCR", "INCRBY", "INCRBYFLOAT",
        "LCS", "MGET", "MSET", "MSETNX", "PSETEX", "SET", "SETEX", "SETNX", "SETRANGE", "STRLEN", "SUBSTR",
        "COPY", "DEL", "DUMP", "EXISTS", "EXPIRE", "EXPIREAT", "EXPIRETIME", "KEYS", "MIGRATE", "MOVE", "OBJECT",
        "OBJECT ENCODING", "OBJECT FREQ", "OBJECT HELP", "OBJECT IDLETIME", "OBJECT REFCOUNT", "PERSIST", "PEXPIRE",
        "PEXPIREAT", "PEXPIRETIME", "PTTL", "RANDOMKEY", "RENAME", "RENAMENX", "RESTORE", "SCAN", "SORT", "SORT_RO",
        "TOUCH", "TTL", "TYPE", "UNLINK", "WAIT",
        "AUTH", "CLIENT", "CLIENT CACHING", "CLIENT GETNAME", "CLIENT GETREDIR", "CLIENT HELP", "CLIENT ID",
        "CLIENT INFO", "CLIENT KILL", "CLIENT LIST", "CLIENT NO-EVICT", "CLIENT PAUSE", "CLIENT REPLY",
        "CLIENT SETNAME", "CLIENT TRACKING", "CLIENT TRACKINGINFO", "CLIENT UNBLOCK", "CLIENT UNPAUSE", "ECHO",
        "HELLO", "PING", "QUIT", "RESET", "SELECT",
        "INFO", "DBSIZE", "FLUSHDB", "FLUSHALL",
    ]

    @Test func listsTheThreeGroupsComplete() throws {
        let names = Generation.commandNames(try Generation.loadSpec(path: Self.path))
        #expect(Self.required.count == 83)
        let missing = Set(Self.required).subtracting(names)
        #expect(missing.isEmpty, "missing from commands.yaml: \(missing.sorted())")
        #expect(names == names.sorted() && Set(names).count == names.count)
    }

    /// Commands the mock engine cannot answer honestly (they need RDB payloads, another server or
    /// a paused event loop); the README lists them.
    static let withoutMock: Set<String> = ["DUMP", "RESTORE", "MIGRATE", "OBJECT IDLETIME", "CLIENT PAUSE"]

    @Test func everyCommandHasAReplyTypeAndAMockHandler() throws {
        let spec = try Generation.loadSpec(path: Self.path)
        for command in spec.commands where !command.container {
            #expect(command.reply?.type.isEmpty == false, "\(command.name) has no reply type")
            if Self.withoutMock.contains(command.name) {
                #expect(command.mock == nil, "\(command.name) has a mock handler now: take it off the list")
            } else {
                #expect(command.mock != nil, "\(command.name) names no mock handler")
            }
        }
    }
}
