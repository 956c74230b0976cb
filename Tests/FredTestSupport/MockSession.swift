import Fred
@testable import FredMock
import FredRuntime

/// One session on a mock server, driven command by command with no client around it: for tests of
/// the engine's pub/sub, whose (un)subscribe commands answer with pushes that Fred's client
/// connections refuse until the pub/sub API exists.
public final class MockSession: Sendable {
    private let connection: RedisMockConnection

    /// Opens a session and, for RESP3, sends `HELLO 3`.
    public init(server: RedisMockServer, protocolVersion: RESPProtocolVersion = .resp3) async throws {
        connection = RedisMockConnection(server: server)
        if protocolVersion == .resp3 { _ = try await send(["HELLO", "3"]) }
    }

    /// Sends a command given as words; its description comes from Fred's command table.
    @discardableResult
    public func send(_ words: [String]) async throws -> RESPValue {
        let info = RedisCommands.table.info(forWords: words) ?? .custom
        var command = RESPCommand(info)
        command.append(contentsOf: Array(words.dropFirst(info.words.count)))
        return try await connection.send(command, deadline: nil)
    }

    /// The session's client ID.
    public func clientId() async throws -> Int {
        try await send(["CLIENT", "ID"]).decode(as: Int.self)
    }

    public func close() { connection.closeNow() }
}
