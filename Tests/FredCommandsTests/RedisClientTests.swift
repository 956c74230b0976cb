import Fred
import FredMock
import FredTestSupport
import NIOCore
import NIOPosix
import Testing

/// The client's own behaviour on real servers: handshake, pipelining, errors, closed connections.
@Suite(.timeLimit(.minutes(1))) struct RedisClientTests {
    @Test func handshakeNegotiatesRESP3NamesTheClientAndSelectsTheDatabase() async throws {
        try await withRedisServer { server in
            let client = RedisClient(config: try RedisConfig(url: server.url + "/5"))
            try await client.connect()
            #expect(client.name.hasPrefix("fred-") && client.name.count == 15)
            #expect(client.name.dropFirst(5).allSatisfy { $0.isLetter || $0.isNumber })
            #expect(client.protocolVersion == .resp3)
            let info = try await client.clientInfo()
            #expect(info.name == client.name)
            #expect(info.database == 5)
            #expect(info.protocol == 3)
            try await client.quit()
            #expect(client.state == .closed)
        }
    }

    @Test func resp2ConfigurationNeverSendsHello() async throws {
        try await withRedisServer { server in
            let client = RedisClient(config: try RedisConfig(url: server.url + "?protocol=2"))
            try await client.connect()
            #expect(client.protocolVersion == .resp2)
            let info = try await client.clientInfo()
            #expect(info.protocol == 2)
            #expect(info.name == client.name)
            try await client.quit()
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func authenticatesWithUserAndPasswordAndRejectsWrongOnes(_ version: RESPProtocolVersion) async throws {
        try await withRedisServer(["--requirepass", "pw0"]) { server in
            var config = try RedisConfig(url: "redis://:pw0@127.0.0.1:\(server.port)")
            config.protocolVersion = version
            let admin = RedisClient(config: config)
            try await admin.connect()
            _ = try await admin.send(command: ["ACL", "SETUSER", "alice", "on", ">alice-pw", "~*", "+@all"])
            var aliceConfig = try RedisConfig(url: "redis://alice:alice-pw@127.0.0.1:\(server.port)")
            aliceConfig.protocolVersion = version
            let alice = RedisClient(config: aliceConfig)
            try await alice.connect()
            #expect(try await alice.send(command: ["ACL", "WHOAMI"]).decode(as: String.self) == "alice")
            try await alice.quit()
            var wrong = try RedisConfig(url: "redis://alice:not-it@127.0.0.1:\(server.port)")
            wrong.protocolVersion = version
            let rejected = RedisClient(config: wrong)
            do {
                try await rejected.connect()
                Issue.record("connect with a wrong password succeeded")
            } catch let error as RedisError {
                guard case .server(let serverError) = error else { Issue.record("unexpected \(error)"); return }
                #expect(serverError.kind == .wrongPass)
                #expect(!"\(error)".contains("not-it"))
            }
            #expect(rejected.state == .disconnected)
            let noPassword = RedisClient(config: try RedisConfig(url: server.url))
            await #expect(throws: RedisError.self) { try await noPassword.connect() }
            try await admin.quit()
        }
    }

    @Test func concurrentCallersShareOneConnectionAndEachGetsItsOwnReply() async throws {
        try await withConnectedClient { client, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<50 {
                    group.addTask {
                        for i in 0..<100 {
                            let key = "t\(task):\(i)"
                            let value = "\(task)-\(i)-\(key.hashValue)"
                            _ = try await client.set(key, value)
                            #expect(try await client.get(key)?.string == value)
                            _ = try await client.incr("counter")
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await client.get("counter")?.int == 5000)
            #expect(try await client.dbsize() == 5001)
        }
    }

    @Test func anErrorReplyFailsOnlyItsCommandInAPipeline() async throws {
        try await withConnectedClient { client, _ in
            _ = try await client.set("text", "abc")
            let results = await withTaskGroup(of: (Int, Result<Int, any Error>).self) { group in
                for i in 0..<30 {
                    group.addTask {
                        do { return (i, .success(try await client.incr(i % 3 == 0 ? "text" : "n\(i)"))) } catch { return (i, .failure(error)) }
                    }
                }
                var all: [(Int, Result<Int, any Error>)] = []
                for await result in group { all.append(result) }
                return all
            }
            for (i, result) in results {
                switch result {
                case .success(let value): #expect(i % 3 != 0 && value == 1)
                case .failure(let error): #expect(i % 3 == 0, "\(i) failed: \(error)")
                }
            }
        }
    }

    @Test func withoutReconnectingCommandsFailWhenTheServerClosesTheConnection() async throws {
        try await withRedisServer { server in
            var config = try RedisConfig(url: server.url)
            config.reconnectPolicy = nil
            let client = RedisClient(config: config)
            try await client.connect()
            let killer = RedisClient(config: try RedisConfig(url: server.url))
            try await killer.connect()
            _ = try await killer.clientKill(filters: [.id(try await client.clientId())])
            do {
                _ = try await client.ping()
                Issue.record("ping on a killed connection succeeded")
            } catch RedisError.connectionClosed {
                // Whether the PING left before the close was seen decides `mayHaveRun`; both are right.
            } catch RedisError.notConnected {
                // The client had already seen the connection end.
            }
            await #expect(throws: RedisError.self) { try await client.ping() }
            try await killer.quit()
        }
    }


    @Test func connectingToAClosedPortFailsWithATypedError() async throws {
        let port = try await withRedisServer { $0.port }  // free now that the server stopped
        let client = RedisClient(config: RedisConfig(port: port))
        await #expect(throws: RedisError.self) { try await client.connect() }
        #expect(client.state == .disconnected)
        await #expect(throws: RedisError.notConnected) { try await client.ping() }
    }

    @Test func tasksCanRunOnTheConnectionsEventLoop() async throws {
        try await withConnectedClient { client, _ async throws in
            let executor = try #require(client.taskExecutor)
            let onLoop = try await withTaskExecutorPreference(executor) {
                var onLoop = true
                for index in 0..<100 {
                    try await client.set("k\(index)", index)
                    onLoop = onLoop && executor.eventLoop.inEventLoop
                    #expect(try await client.get("k\(index)")?.int == index)
                }
                return onLoop
            }
            #expect(onLoop)
        }
        try await withMockClient { client async throws in
            #expect((client.taskExecutor == nil) != MockTransport.overTCP, "in process, the mock has no event loop")
        }
    }

    @Test func silentServerFailsTheHandshakeWithATimeout() async throws {
        let silent = try await HostileServer.start(replyingWith: "")
        defer { silent.stop() }
        var config = RedisConfig(port: silent.port)
        // Long enough that the TCP connect itself (the kernel accepts at once) finishes in time
        // even when the main run loads both cores: the time that runs out is the handshake's.
        config.connectTimeout = .seconds(1)
        let client = RedisClient(config: config)
        let started = ContinuousClock.now
        do {
            try await client.connect()
            Issue.record("connected to a server that never answers")
        } catch RedisError.timeout(let what) {
            #expect(what.contains("handshake"))
        }
        // The main run loads both cores, so this only checks that the connect does not hang; the
        // timeout itself fired at 1 s (its message says so).
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(client.state == .disconnected)
    }

    /// Cancelling a connect that waits for a silent server's handshake ends it with a
    /// cancellation at once, not with the handshake's timeout.
    @Test func cancellingAConnectDuringTheHandshakeIsACancellation() async throws {
        let silent = try await HostileServer.start(replyingWith: "")
        defer { silent.stop() }
        let client = RedisClient(config: RedisConfig(port: silent.port))  // a 10 s connect timeout
        let connecting = Task { try await client.connect() }
        try await Task.sleep(for: .milliseconds(200))
        let cancelled = ContinuousClock.now
        connecting.cancel()
        await #expect(throws: CancellationError.self) { try await connecting.value }
        #expect(ContinuousClock.now - cancelled < .seconds(9), "before the 10 s connect timeout")
        #expect(client.state == .disconnected)
    }

    @Test(arguments: [
        "+OK\r\n:1\r\n",                      // a reply nobody asked for
        "$99999999999999\r\n",                 // a bulk length beyond the limit
        "@garbage\r\n",                        // an unknown type marker
        String(repeating: "*1\r\n", count: 100) + ":1\r\n",  // nesting beyond the limit
    ])
    func hostileFramesCloseTheConnectionWithAProtocolError(frames: String) async throws {
        let hostile = try await HostileServer.start(replyingWith: frames)
        defer { hostile.stop() }
        let client = RedisClient(config: RedisConfig(port: hostile.port, protocolVersion: .resp2))
        do {
            try await client.connect()
            _ = try await client.ping()
            Issue.record("expected a protocol error")
        } catch let error as RedisError {
            switch error {
            case .protocolViolation, .connectionClosed: break
            default: Issue.record("unexpected \(error)")
            }
        }
    }
}

/// A TCP server that answers the first bytes it receives with fixed (broken) bytes.
final class HostileServer: Sendable {
    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    static func start(replyingWith bytes: String) async throws -> HostileServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(Responder(bytes: bytes))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return HostileServer(channel: channel)
    }

    private init(channel: any Channel) { self.channel = channel }

    func stop() { channel.close(promise: nil) }

    final class Responder: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let bytes: String
        init(bytes: String) { self.bytes = bytes }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: bytes)), promise: nil)
        }
    }
}
