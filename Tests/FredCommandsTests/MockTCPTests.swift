import Fred
import FredMock
import FredTestSupport
import NIOCore
import Testing

/// The mock over TCP (`RedisMockServer.listen`), checked byte by byte against a real
/// `redis-server`: the same bytes go to both over bare sockets, and the frames that come back must
/// be the same.
@Suite(.timeLimit(.minutes(2))) struct MockTCPTests {
    /// Runs `body` with a listening mock and a real server of its own.
    static func withBoth(_ body: (RedisMockServer, RedisMockListener, RedisServerProcess) async throws -> Void) async throws {
        let mock = RedisMockServer()
        let listener = try await mock.listen()
        do {
            try await withRedisServer { real in try await body(mock, listener, real) }
        } catch {
            await listener.close()
            throw error
        }
        await listener.close()
    }

    /// Writes `input` to both, reads `frames` frames from each and expects them equal (but for
    /// the first `unchecked`, such as `HELLO`'s, which names the server and the client's id), and
    /// each side to close the connection afterwards when `closes`. Returns the mock's frames.
    @discardableResult
    static func sameFrames(
        _ input: String, frames: Int, mockPort: Int, realPort: Int, closes: Bool = false, unchecked: Int = 0
    ) async throws -> [RESPValue] {
        var results: [[RESPValue]] = []
        for port in [mockPort, realPort] {
            let socket = try await RawRedisSocket.connect(port: port)
            try await socket.write(input)
            var got: [RESPValue] = []
            for _ in 0..<frames {
                guard let frame = try await socket.read() else { break }
                got.append(frame)
            }
            #expect(try await socket.closedByPeer(within: closes ? .seconds(20) : .milliseconds(100)) == closes, "port \(port): \(input.debugDescription)")
            await socket.close()
            results.append(got)
        }
        #expect(results[0].dropFirst(unchecked) == results[1].dropFirst(unchecked), "\(input.debugDescription)\nmock:   \(results[0])\nserver: \(results[1])")
        #expect(results[0].count == frames)
        return results[0]
    }

    @Test func inlineCommandsWorkAsOnAServer() async throws {
        try await Self.withBoth { _, listener, real in
            let frames = try await Self.sameFrames(
                "SET greeting \"hello world\"\r\nGET greeting\r\n\r\n   \r\nECHO 'it\\'s'\r\nECHO \"\\x41\\n\\t\"\r\n"
                    + "RPUSH list a b   c\nLRANGE list 0 -1\r\nECHO\r\nNOSUCHCOMMAND x y\r\nGET greeting\r\n",
                frames: 9, mockPort: listener.port, realPort: real.port
            )
            #expect(frames[1] == .bulkString(ByteBuffer(string: "hello world")))
            #expect(frames[2] == .bulkString(ByteBuffer(string: "it's")))
            #expect(frames[3] == .bulkString(ByteBuffer(string: "A\n\t")))
        }
    }

    @Test(arguments: [
        "SET a \"b\r\n", "SET a \"b\"c\r\n", "*abc\r\n", "*1\r\n+x\r\n", "*1\r\n$-5\r\n", "*2\r\n$3\r\nGET\r\n$abc\r\n",
        "*1\r\n$999999999999\r\n",
    ])
    func protocolErrorsGetTheServersTextAndCloseTheConnection(_ input: String) async throws {
        try await Self.withBoth { _, listener, real in
            let frames = try await Self.sameFrames("PING\r\n" + input + "PING\r\n", frames: 2, mockPort: listener.port, realPort: real.port, closes: true)
            #expect(frames.last?.isError == true)
        }
    }

    @Test func pushesReachSubscribersInTheirPlaceAmongReplies() async throws {
        try await Self.withBoth { _, listener, real in
            // RESP3: a connection that publishes to its own channel gets the message before the
            // PUBLISH's own reply; the confirmations are pushes, one per channel.
            let frames = try await Self.sameFrames(
                "HELLO 3\r\nSUBSCRIBE news sport\r\nPUBLISH news hi\r\nPING\r\nUNSUBSCRIBE news sport\r\nPING\r\n",
                frames: 9, mockPort: listener.port, realPort: real.port, unchecked: 1
            )
            #expect(frames[3] == .push(["message", "news", "hi"].map { .bulkString(ByteBuffer(string: $0)) }))
            #expect(frames[4] == .integer(1))
            // RESP2: subscribed, a connection may only (un)subscribe and PING (as an array).
            try await Self.sameFrames(
                "SUBSCRIBE news\r\nGET k\r\nPING\r\nPSUBSCRIBE n*\r\nPUNSUBSCRIBE\r\nUNSUBSCRIBE\r\nGET k\r\n",
                frames: 7, mockPort: listener.port, realPort: real.port
            )
            // Another connection's PUBLISH reaches a RESP2 and a RESP3 subscriber.
            for port in [listener.port, real.port] {
                let two = try await RawRedisSocket.connect(port: port)
                let three = try await RawRedisSocket.connect(port: port)
                let publisher = try await RawRedisSocket.connect(port: port)
                try await two.write("SUBSCRIBE c\r\n")
                try await three.write("HELLO 3\r\nPSUBSCRIBE c*\r\n")
                _ = try await two.read()
                _ = try await three.read()
                _ = try await three.read()
                try await publisher.write("PUBLISH c payload\r\n")
                #expect(try await publisher.read() == .integer(2))
                #expect(try await two.read() == .array(["message", "c", "payload"].map { .bulkString(ByteBuffer(string: $0)) }))
                #expect(try await three.read() == .push(["pmessage", "c*", "c", "payload"].map { .bulkString(ByteBuffer(string: $0)) }))
                for socket in [two, three, publisher] { await socket.close() }
            }
        }
    }

    @Test func quitRepliesThenCloses() async throws {
        try await Self.withBoth { _, listener, real in
            try await Self.sameFrames("SET a 1\r\nQUIT\r\nGET a\r\n", frames: 2, mockPort: listener.port, realPort: real.port, closes: true)
        }
    }

    @Test func aKilledClientsSocketClosesAtOnce() async throws {
        let server = RedisMockServer()
        let listener = try await server.listen()
        let victim = try await RawRedisSocket.connect(port: listener.port)
        let killer = try await RawRedisSocket.connect(port: listener.port)
        try await victim.write("CLIENT ID\r\n")
        guard case .integer(let id) = try await victim.read() else { Issue.record("no id"); return }
        try await killer.write("CLIENT KILL ID \(id)\r\n")
        #expect(try await killer.read() == .integer(1))
        #expect(try await victim.closedByPeer(), "the victim's socket closes without it sending anything")
        try await killer.write("CLIENT ID\r\n")
        guard case .integer(let own) = try await killer.read() else { Issue.record("no id"); return }
        try await killer.write("CLIENT KILL SKIPME no ID \(own)\r\n")
        #expect(try await killer.read() == .integer(1), "a client can kill itself: the reply comes first")
        #expect(try await killer.closedByPeer())
        await listener.close()
    }

    @Test func aClientThatGoesAwayEndsItsBlockedCommand() async throws {
        let server = RedisMockServer()
        let listener = try await server.listen()
        let blocked = try await RawRedisSocket.connect(port: listener.port)
        try await blocked.write("BLPOP queue 0\r\n")
        // Polls for up to 20 s: the main run shares two cores with hundreds of tests.
        for _ in 0..<4000 where server.withStorage({ $0.blockedClientIDs.isEmpty }) { try await Task.sleep(for: .milliseconds(5)) }
        #expect(server.withStorage { $0.blockedClientIDs.count } == 1)
        await blocked.close()
        for _ in 0..<4000 where !server.withStorage({ $0.blockedClientIDs.isEmpty }) { try await Task.sleep(for: .milliseconds(5)) }
        #expect(server.withStorage { $0.blockedClientIDs.isEmpty })
        let other = try await RawRedisSocket.connect(port: listener.port)
        try await other.write("RPUSH queue job\r\nLLEN queue\r\n")
        #expect(try await other.read() == .integer(1))
        #expect(try await other.read() == .integer(1), "nobody took the job: the departed client no longer waits")
        await other.close()
        await listener.close()
    }

    @Test func recordingsSkipTheHandshakeAndKeepTheWordsAsSent() async throws {
        let server = RedisMockServer(password: "s3cret")
        let listener = try await server.listen()
        let recording = server.record()
        let socket = try await RawRedisSocket.connect(port: listener.port)
        try await socket.write("HELLO 3 AUTH default s3cret\r\nCLIENT SETNAME app\r\nSELECT 2\r\nset k v\r\nCLIENT KILL ID 999\r\nSELECT 0\r\n")
        for _ in 0..<6 { _ = try await socket.read() }
        #expect(recording.strings == [["set", "k", "v"], ["CLIENT", "KILL", "ID", "999"], ["SELECT", "0"]])
        await socket.close()
        await listener.close()
    }

    /// Random bytes biased towards RESP's own (`*`, `$`, digits, CRLF, quotes) on 100 connections:
    /// each gets replies or a protocol error and a close, never a crash or a hang, and the server
    /// goes on serving others.
    @Test func hostileBytesNeitherCrashNorHangTheServer() async throws {
        let server = RedisMockServer()
        let listener = try await server.listen()
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("*$:+-\r\n0123456789\"' \\xSETGETLPUSHk".utf8)
        for _ in 0..<100 {
            let socket = try await RawRedisSocket.connect(port: listener.port)
            let bytes = (0..<Int.random(in: 1...4096, using: &random)).map { _ in
                Bool.random(using: &random) ? alphabet[Int.random(in: 0..<alphabet.count, using: &random)] : UInt8.random(in: 0...255, using: &random)
            }
            // The server may close the connection (a protocol error) before the second write.
            try? await socket.write(bytes)
            try? await socket.write("\r\nPING\r\n")
            // Whatever it sent, the connection answers or closes within a moment.
            _ = try await socket.closedByPeer(within: .milliseconds(20))
            await socket.close()
        }
        let client = RedisClient(config: RedisConfig(port: listener.port))
        try await client.connect()
        #expect(try await client.ping() == "PONG")
        try await client.quit()
        await listener.close()
    }

    /// Fred's own client over TCP: 200 tasks echo values from 3 B to 1 MiB (4 of them), in RESP2 and RESP3,
    /// and every task gets its own value back; the engine saw each command once.
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func fredClientsOverTCPGetTheirOwnReplies(_ version: RESPProtocolVersion) async throws {
        let server = RedisMockServer()
        let listener = try await server.listen()
        let recording = server.record()
        let client = RedisClient(config: RedisConfig(port: listener.port, protocolVersion: version))
        try await client.connect()
        // 1 MiB values for a few tasks only: the debug engine copies each value several times, on
        // the threads the parallel test run shares (timing tests run beside this one).
        let sizes = [3, 100, 1024, 16 * 1024, 3, 100, 1024, 16 * 1024, 64 * 1024, 3] + Array(repeating: 3, count: 39) + [1024 * 1024]
        let wrong = try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<200 {
                group.addTask {
                    let size = sizes[task % sizes.count]
                    let value = String(repeating: Character(Unicode.Scalar(UInt8(97 + task % 26))), count: size - 1) + "\(task % 10)"
                    return try await client.echo(value).string == value
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 0 : 1) }
        }
        #expect(wrong == 0)
        #expect(recording.commands.filter { $0.words.first == Array("ECHO".utf8) }.count == 200)
        try await client.quit()
        await listener.close()
    }
}
