import Fred
import FredMock
import FredTestSupport
import NIOCore
import Testing

/// Where the server's behaviour is the contract, the mock keeps it: what the client refuses, what
/// a recording holds, and what scripts do without Lua.
@Suite(.timeLimit(.minutes(1))) struct MockFidelityTests {
    /// The commands the shared connection must not run are refused with the same typed errors on
    /// the mock as on a server: the refusal is the client's, whatever the backend.
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func sharedConnectionRefusalsAreTheSameOnTheMock(_ version: RESPProtocolVersion) async throws {
        func refusals(_ client: RedisClient) async -> [String] {
            let calls: [() async throws -> Void] = [
                { try await client.subscribe(["news"]) }, { try await client.psubscribe(patterns: ["n*"]) },
                { try await client.monitor() }, { try await client.multi() }, { _ = try await client.exec() },
                { try await client.watch(["k"]) }, { try await client.select(1) }, { try await client.clientSetname("x") },
                { try await client.clientReply(mode: .off) }, { _ = try await client.send(command: ["SUBSCRIBE", "c"]) },
                { _ = try await client.execute([RedisCommands.multi(), RedisCommands.incr("n")]) },
            ]
            var errors: [String] = []
            for call in calls {
                do {
                    try await call()
                    errors.append("ran")
                } catch {
                    errors.append("\(error)")
                }
            }
            return errors
        }
        var onServer: [String] = []
        try await withConnectedClient(version) { client, _ in onServer = await refusals(client) }
        try await withMockClient(version) { client async throws in
            let onMock = await refusals(client)
            #expect(onMock == onServer)
            #expect(!onMock.contains("ran"))
            #expect(try await client.ping() == "PONG", "and the connection is as it was")
        }
    }

    /// A recording started before `connect()` holds what the application sent, not the handshake
    /// (protocol, credentials, name, database), each command with its words as sent; a session
    /// command an exclusive connection sends after its handshake is the application's.
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func recordingsStartAfterTheHandshake(_ version: RESPProtocolVersion) async throws {
        let server = RedisMockServer(password: "s3cret")
        let recording = server.record()
        var config = RedisConfig.mock(server, protocolVersion: version)
        config.password = "s3cret"
        config.database = 2
        let client = RedisClient(config: config)
        try await client.connect()
        #expect(try await client.set("k", "v"))
        #expect(try await client.clientKill(filters: [.id(999)]) == 0)
        try await client.withConnection { connection in
            try await connection.select(3)
            _ = try await connection.send(command: ["client", "getname"])  // the client sends a known name as the spec spells it
        }
        #expect(recording.strings == [["SET", "k", "v"], ["CLIENT", "KILL", "ID", "999"], ["SELECT", "3"], ["CLIENT", "GETNAME"]])
        try await client.quit()
    }

    /// Without Lua, a script or function needs a Swift handler: without one, a typed error names
    /// it (in a transaction, in its slot); with one, EVAL, EVALSHA and FCALL run it with the keys
    /// and arguments.
    @Test func scriptsRunThroughTheirSwiftHandlers() async throws {
        let server = RedisMockServer()
        let script = "return redis.call('INCRBY', KEYS[1], ARGV[1])"
        try await withMockClient(server: server) { client async throws in
            let sha = try await client.scriptLoad(script)
            let needsHandler = RedisError.mockNeedsHandler(script: "script \(sha)")
            let expected = MockTransport.overTCP ? RedisError.server(RedisServerError(message: "ERR \(needsHandler)")) : needsHandler
            await #expect(throws: expected) { try await client.eval(script, keys: ["n"], args: ["5"]) }
            await #expect(throws: expected) { try await client.evalsha(sha, keys: ["n"], args: ["5"]) }

            #expect(server.handleScript(script, with: RedisMockHandler { context in
                // numkeys, the keys, the arguments: INCRBY KEYS[1] ARGV[1], done in Swift.
                let key = context.arguments[1]
                let current = try context.string(at: key).flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
                let next = current + (try context.integer(2))
                context.setEntry(RedisMockEntry(data: .string(Array(String(next).utf8))), for: key)
                return .integer(next)
            }) == sha)
            #expect(try await client.eval(script, keys: ["n"], args: ["5"]) == .integer(5))
            #expect(try await client.evalsha(sha.uppercased(), keys: ["n"], args: ["2"]) == .integer(7))
            #expect(try await client.get("n")?.int == 7)

            await #expect(throws: RedisError.self) { try await client.fcall("bump", keys: ["n"]) }
            server.handleFunction("bump", with: RedisMockHandler { _ in .simpleString(ByteBuffer(string: "bumped")) })
            #expect(try await client.fcall("bump", keys: ["n"]) == .simpleString(ByteBuffer(string: "bumped")))

            try await client.withConnection { connection in
                try await connection.multi()
                _ = try await connection.send(command: ["EVAL", "return 0", "0"])
                _ = try await connection.send(command: ["EVAL", script, "1", "n", "1"])
                let replies = try await connection.exec()
                #expect(replies?.count == 2)
                #expect(replies?.first?.isError == true, "the script without a handler fails in its slot")
                #expect(replies?.last == .integer(8))
            }
        }
    }
}
