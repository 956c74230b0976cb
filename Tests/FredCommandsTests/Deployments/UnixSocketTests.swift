import Foundation
import Fred
import FredTestSupport
import Testing

/// Unix domain sockets against a real server listening on one (`--unixsocket`).
@Suite(.timeLimit(.minutes(1))) struct UnixSocketTests {
    /// A server that also listens on a socket in a folder of its own; `body` gets the socket's path.
    static func withSocketServer(_ arguments: [String] = [], _ body: (RedisServerProcess, String) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fred-sock-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("redis.sock").path
        try await withRedisServer(["--unixsocket", path, "--unixsocketperm", "700"] + arguments) { server in
            try await body(server, path)
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func aClientOnASocketSelectsItsDatabaseAndCarriesLargeValues(version: RESPProtocolVersion) async throws {
        try await Self.withSocketServer { _, path in
            let client = RedisClient(config: try RedisConfig(url: "unix://\(path)?db=2&protocol=\(version.rawValue)"))
            try await client.connect()
            let info = try await client.clientInfo()
            #expect(info.database == 2)
            #expect(info.address.hasPrefix(path), "the server sees a unix socket client: \(info.address)")
            let value = String(repeating: "x", count: 3 << 20)
            try await client.set("big", value)
            #expect(try await client.get("big")?.string == value)
            // Many tasks at once, as on TCP.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<200 {
                    group.addTask { let echoed = try await client.echo("\(index)"); #expect(echoed.string == "\(index)") }
                }
                try await group.waitForAll()
            }
            try await client.quit()
        }
    }

    @Test func credentialsInAUnixSocketURL() async throws {
        try await Self.withSocketServer { server, path in
            let admin = RedisClient(config: try RedisConfig(url: server.url))
            try await admin.connect()
            _ = try await admin.send(command: ["ACL", "SETUSER", "app", "on", ">pw", "~*", "+@all"])
            let client = RedisClient(config: try RedisConfig(url: "redis+unix://app:pw@\(path)"))
            try await client.connect()
            #expect(try await client.clientInfo().user == "app")
            try await client.quit()
            try await admin.quit()
        }
    }

    @Test func aMissingSocketIsRefusedAndATooLongPathIsNeverDialled() async throws {
        do {
            try await RedisClient(config: try RedisConfig(url: "unix:///tmp/fred-no-such-\(UUID().uuidString).sock")).connect()
            Issue.record("connected to a socket that does not exist")
        } catch RedisError.connectionFailed(let failure) {
            #expect(failure.reason == .refused)
        }
        let long = "/tmp/" + String(repeating: "p", count: 200)
        do {
            try await RedisClient(config: try RedisConfig(url: "unix://\(long)")).connect()
            Issue.record("a 205-byte path was dialled")
        } catch RedisError.connectionFailed(let failure) {
            #expect(failure.reason == .socketPathTooLong)
        }
    }
}
