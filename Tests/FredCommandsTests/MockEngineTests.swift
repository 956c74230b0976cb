import Fred
import FredMock
import FredTestSupport
import Testing

/// What the mock engine does beyond answering like a server: its clock, shared data, sessions,
/// passwords, and a typed error for what it cannot do.
@Suite(.timeLimit(.minutes(1))) struct MockEngineTests {
    @Test func frozenClockExpiresKeysWithoutSleeping() async throws {
        let server = RedisMockServer()
        server.clock.freeze(at: 1_700_000_000_000)
        try await withMockClient(server: server) { client async throws in
            #expect(try await client.set("k", "v", expiration: .px(1000)))
            #expect(try await client.pttl("k") == 1000)
            server.clock.advance(by: .milliseconds(999))
            #expect(try await client.get("k")?.string == "v")
            #expect(try await client.pttl("k") == 1)
            server.clock.advance(by: .milliseconds(1))
            #expect(try await client.get("k") == nil)
            #expect(try await client.exists(["k"]) == 0)
            #expect(try await client.set("at", "v", expiration: .exat(1_700_000_010)))
            #expect(try await client.expiretime("at") == 1_700_000_010)
            server.clock.advance(by: .seconds(8))  // 1 s of the 10 had passed already
            #expect(try await client.ttl("at") == 1)
            server.clock.advance(by: .seconds(1))
            #expect(try await client.dbsize() == 0)
        }
    }

    @Test func clientsOfOneServerShareDataButNotSessions() async throws {
        let server = RedisMockServer()
        try await withMockClient(server: server) { first async throws in
            try await withMockClient(.resp2, server: server) { secondClient async throws in
                try await secondClient.withConnection { second in
                    #expect(try await first.set("shared", "1"))
                    #expect(try await second.get("shared")?.string == "1")
                    try await second.select(2)
                    #expect(try await second.get("shared") == nil)
                    #expect(try await first.get("shared")?.string == "1")
                    let firstInfo = try await first.clientInfo()
                    let secondInfo = try await second.clientInfo()
                    #expect(firstInfo.name == first.name && firstInfo.protocol == 3)
                    #expect(secondInfo.name == secondClient.name && secondInfo.protocol == 2 && secondInfo.database == 2)
                }
            }
        }
    }

    /// A killed mock client behaves as a killed network one: with a reconnect policy it connects
    /// again (a new session) and its next command runs there; without one, that command fails.
    @Test func killedClientReconnectsAsOverTheNetwork() async throws {
        let server = RedisMockServer()
        try await withMockClient(server: server) { killer async throws in
            let victim = RedisClient(config: try await MockTransport.config(server))
            try await victim.connect()
            let victimID = try await victim.clientId()
            let pushes = server.pushes(to: victimID)
            let events = victim.events()
            #expect(try await killer.clientKill(filters: [.id(victimID)]) == 1)
            // The victim learns of the close from its connection (in process at once; over TCP
            // when the socket's end arrives), as a network client does, and connects again.
            for await event in events where event == .connected { break }
            #expect(try await victim.ping() == "PONG")
            // What the killed session held ends with it: its push stream finishes.
            let finished = await withTaskGroup(of: Bool.self) { group in
                group.addTask { for await _ in pushes {}; return true }
                group.addTask { try? await Task.sleep(for: .seconds(5)); return false }
                defer { group.cancelAll() }
                return await group.next() ?? false
            }
            #expect(finished)
            #expect(try await victim.clientId() != victimID, "a new session")
            #expect(try await killer.clientList().count == 2)
            try await victim.quit()

            var config = try await MockTransport.config(server)
            config.reconnectPolicy = nil
            let once = RedisClient(config: config)
            try await once.connect()
            #expect(try await killer.clientKill(filters: [.id(try await once.clientId())]) == 1)
            // As over the network, the killed connection closes at once: in process before the
            // killer's reply; over TCP the client may learn it only when its next command fails.
            do {
                _ = try await once.ping()
                Issue.record("a killed client without a reconnect policy ran a command")
            } catch RedisError.notConnected {
            } catch RedisError.connectionClosed where MockTransport.overTCP {
                // Over TCP the PING may be written before the socket's end arrives.
            }
            #expect(once.state == .disconnected)
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func passwordProtectedServerAsksForIt(_ version: RESPProtocolVersion) async throws {
        let server = RedisMockServer(password: "s3cret")
        var config = try await MockTransport.config(server, protocolVersion: version)
        let anonymous = RedisClient(config: config)
        await #expect(throws: RedisError.self) { try await anonymous.connect() }
        config.password = "wrong"
        let wrong = RedisClient(config: config)
        do {
            try await wrong.connect()
            Issue.record("connected with a wrong password")
        } catch RedisError.server(let error) {
            #expect(error.kind == .wrongPass)
        }
        config.password = "s3cret"
        let client = RedisClient(config: config)
        try await client.connect()
        #expect(try await client.set("k", "v"))
        try await client.withConnection { connection in
            _ = try await connection.send(command: ["RESET"])
            await #expect(throws: RedisError.server(RedisServerError(message: "NOAUTH Authentication required."))) {
                try await connection.get("k")
            }
            try await connection.auth("s3cret")
            #expect(try await connection.get("k")?.string == "v")
        }
        try await client.quit()
    }

    @Test func commandsTheEngineCannotAnswerThrowATypedError() async throws {
        try await withMockClient { client async throws in
            _ = try await client.set("k", "v")
            await #expect(throws: MockTransport.unsupported("DUMP")) { try await client.dump("k") }
            await #expect(throws: MockTransport.unsupported("RESTORE")) {
                try await client.send(command: ["RESTORE", "copy", "0", "payload"])
            }
            await #expect(throws: MockTransport.unsupported("WAIT with replicas to wait for")) {
                try await client.wait(numreplicas: 1, timeout: 0)
            }
            try await client.withConnection { connection in
                await #expect(throws: MockTransport.unsupported("CLIENT TRACKING ON")) {
                    try await connection.send(command: ["CLIENT", "TRACKING", "ON"])
                }
            }
            // The session is unharmed.
            #expect(try await client.get("k")?.string == "v")
        }
    }

    @Test func helloRepliesInTheNegotiatedProtocol() async throws {
        try await withMockConnection(.resp2) { client async throws in
            let reply = try await client.send(command: ["HELLO", "2"])
            guard case .array(let fields) = reply else {
                Issue.record("HELLO 2 should answer a flat array, got \(reply)")
                return
            }
            #expect(fields.count == 14)
            #expect(fields.first?.description == "\"server\"")
            let upgraded = try await client.send(command: ["HELLO", "3"])
            guard case .map = upgraded else {
                Issue.record("HELLO 3 should answer a map, got \(upgraded)")
                return
            }
        }
    }
}
