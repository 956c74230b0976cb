import Fred
import FredTestSupport
import Testing

/// Every command of the connection group (and INFO, DBSIZE, FLUSHDB, FLUSHALL) on a real server;
/// those that change the session run on a connection of their own (the shared one refuses them).
@Suite(.timeLimit(.minutes(1))) struct ConnectionCommandsTests {
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func pingEchoSelectAndServerCommands(_ version: RESPProtocolVersion) async throws {
        try await withServerConnection(version) { client, _ async throws in
            #expect(try await client.ping() == "PONG")
            #expect(try await client.ping(message: "hi") == "hi")
            #expect(try await client.echo("echo me").string == "echo me")
            try await client.select(3)
            _ = try await client.set("k", "v")
            #expect(try await client.dbsize() == 1)
            let info = try await client.info(sections: ["keyspace"])
            #expect(info.contains("db3:keys=1"))
            #expect(try await client.info().contains("redis_version:"))
            try await client.flushdb(mode: .sync)
            #expect(try await client.dbsize() == 0)
            _ = try await client.set("k", "v")
            try await client.flushall(mode: .async)
            #expect(try await client.dbsize() == 0)
            await #expect(throws: RedisError.server(RedisServerError(message: "ERR DB index is out of range"))) {
                try await client.select(99)
            }
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func clientIntrospection(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { shared, _ async throws in
          try await shared.withConnection { client in
            #expect(try await client.clientGetname() == shared.name)
            try await client.clientSetname("renamed")
            #expect(try await client.clientGetname() == "renamed")
            let id = try await client.clientId()
            #expect(try await client.clientInfo().id == id)
            #expect(try await client.clientList(ids: [id]).map(\.name) == ["renamed"])
            #expect(try await client.clientList(type: .normal).contains { $0.id == id })
            #expect(try await client.clientHelp().first?.hasPrefix("CLIENT") == true)
            #expect(try await client.clientGetredir() == -1)
            let tracking = try await client.clientTrackinginfo()
            #expect(tracking.redirect == -1 && tracking.flags == ["off"] && tracking.prefixes.isEmpty)
            try await client.clientNoEvict(mode: .on)
            try await client.clientNoEvict(mode: .off)
            // A command that may leave others without replies runs nowhere a reply is awaited.
            await #expect(throws: RedisError.self) { try await client.clientReply(mode: .on) }
            #expect(try await client.clientUnblock(clientId: id) == false)
            try await client.clientPause(timeout: 10, mode: .write)
            try await client.clientUnpause()
          }
        }
    }

    @Test func trackingAndCachingUnderRESP3() async throws {
        try await withServerConnection(.resp3) { client, _ in
            try await client.clientTracking(status: .on, optin: true)
            try await client.clientCaching(mode: .yes)
            #expect(try await client.get("tracked") == nil)
            let info = try await client.clientTrackinginfo()
            #expect(info.flags.contains("optin") && info.redirect == 0)
            try await client.clientTracking(status: .off)
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func clientKillByIdAndAddress(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, server in
            var victimConfig = try RedisConfig(url: server.url)
            victimConfig.reconnectPolicy = nil  // so that the kill shows
            let victim = RedisClient(config: victimConfig)
            try await victim.connect()
            let victimID = try await victim.clientId()
            #expect(try await client.clientKill(filters: [.id(victimID), .skipme(.yes)]) == 1)
            await #expect(throws: RedisError.self) { try await victim.ping() }
            await #expect(throws: RedisError.server(RedisServerError(message: "ERR No such client"))) {
                try await client.clientKillAddress("127.0.0.1:1")
            }
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func helloAuthResetAndQuit(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version, serverArguments: ["--requirepass", "s3cret"], password: "s3cret") { shared, server in
          try await shared.withConnection { client in
            let hello = try await client.hello(arguments: HelloArguments(protover: version.rawValue, auth: HelloArgumentsAuth(username: "default", password: "s3cret"), setname: "via-hello"))
            #expect(hello.protocol == version.rawValue && hello.server == "redis" && hello.role == "master" && hello.modules.isEmpty)
            #expect(try await client.clientGetname() == "via-hello")
            try await client.auth(username: "default", "s3cret")
            try await client.auth("s3cret")
            await #expect(throws: RedisError.self) { try await client.auth("wrong") }
            #expect(try await client.reset() == "RESET")
            await #expect(throws: RedisError.self) { try await client.ping() }  // NOAUTH after RESET
            try await client.auth("s3cret")
            #expect(try await client.ping() == "PONG")
          }
          try await shared.quit()
          await #expect(throws: RedisError.notConnected) { try await shared.ping() }
        }
    }
}
