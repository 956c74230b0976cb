import Fred
import FredMock
import FredTestSupport
import NIOCore
import Testing

/// Users' own mocks: a handler for one command (falling through to the engine when it likes), a
/// handler for everything, the echo server, and recordings of what an application sent.
@Suite(.timeLimit(.minutes(1))) struct MockUserHandlerTests {
    @Test func aHandlerForOneCommandFallsThroughToTheEngine() async throws {
        let server = RedisMockServer()
        server.handle("GET", with: RedisMockHandler { context in
            // Pretend one key lives elsewhere; everything else is the engine's.
            if context.arguments.first == Array("remote".utf8) { return .bulk("from the handler") }
            return try context.builtIn()
        })
        try await withMockClient(server: server) { client async throws in
            #expect(try await client.set("local", "stored"))
            #expect(try await client.get("local")?.string == "stored")
            #expect(try await client.get("remote")?.string == "from the handler")
            #expect(try await client.get("missing") == nil)
        }
    }

    @Test func aHandlerCanAnswerACommandTheSpecDoesNotKnow() async throws {
        let server = RedisMockServer()
        server.handle("MYMODULE.HELLO", with: RedisMockHandler { context in .bulk("hello \(context.text(0))") })
        try await withMockClient(server: server) { client async throws in
            #expect(try await client.send(command: ["mymodule.hello", "swift"]) == .bulkString(ByteBuffer(string: "hello swift")))
            await #expect(throws: MockTransport.unknown(["othermodule.x"])) {
                try await client.send(command: ["othermodule.x"])
            }
        }
    }

    @Test func theEchoServerAnswersWithTheCommandsOwnWords() async throws {
        let server = RedisMockServer.echo()
        let client = RedisClient(config: try await MockTransport.config(server, protocolVersion: .resp2))
        // The handshake's HELLO is echoed too, which the client reads as a RESP2 server's answer.
        try await client.connect()
        let reply = try await client.send(command: ["SET", "k", "v", "EX", "10"])
        #expect(reply == .array(["SET", "k", "v", "EX", "10"].map { .bulkString(ByteBuffer(string: $0)) }))
        let subcommand = try await client.send(command: ["CLIENT", "GETNAME"])
        #expect(subcommand == .array(["CLIENT", "GETNAME"].map { .bulkString(ByteBuffer(string: $0)) }))
        try await client.quit()
    }

    @Test func aRecordingKeepsEveryCommandInOrder() async throws {
        let server = RedisMockServer()
        let recording = server.record()
        try await withMockClient(server: server) { client async throws in
            let id = try await client.clientId()
            recording.clear()
            #expect(try await client.set("user:1", "ada", expiration: .ex(60)))
            _ = try await client.incr("visits")
            _ = try await client.mget(["user:1", "user:2"])
            #expect(recording.strings == [["SET", "user:1", "ada", "EX", "60"], ["INCR", "visits"], ["MGET", "user:1", "user:2"]])
            #expect(recording.commands.allSatisfy { $0.clientID == id })
        }
    }
}
