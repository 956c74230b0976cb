import Fred
import FredMock

/// Runs `body` with a fresh `redis-server` of its own, stopped afterwards whatever happens.
public func withRedisServer<Result>(
    _ arguments: [String] = [],
    _ body: (RedisServerProcess) async throws -> Result
) async throws -> Result {
    let server = try await RedisServerProcess.start(arguments)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// Runs `body` with a connected client on a fresh server of its own, speaking `protocolVersion`.
public func withConnectedClient(
    _ protocolVersion: RESPProtocolVersion = .resp3,
    serverArguments: [String] = [],
    password: String? = nil,
    auditingKeySlots: Bool = false,
    _ body: (RedisClient, RedisServerProcess) async throws -> Void
) async throws {
    try await withRedisServer(serverArguments) { server in
        var config = try RedisConfig(url: server.url)
        config.protocolVersion = protocolVersion
        config.password = password
        if auditingKeySlots {
            // Every command's computed hash slot is checked against its keys (KeySlotAudit.swift).
            config.server = .custom(KeySlotAuditingFactory(host: "127.0.0.1", port: server.port))
        }
        let client = RedisClient(config: config)
        try await client.connect()
        do {
            try await body(client, server)
            try? await client.quit()
        } catch {
            try? await client.quit()
            throw error
        }
    }
}

/// Runs `body` with a client on a fresh in-memory mock server (over TCP when ``MockTransport/overTCP``).
public func withMockClient(
    _ protocolVersion: RESPProtocolVersion = .resp3,
    server: RedisMockServer = RedisMockServer(),
    _ body: (RedisClient) async throws -> Void
) async throws {
    let client = RedisClient(config: try await MockTransport.config(server, protocolVersion: protocolVersion))
    try await client.connect()
    do {
        try await body(client)
    } catch {
        try? await client.quit()
        throw error
    }
    try? await client.quit()
}

/// Runs `body` with a connection of its own (``RedisClient/withConnection(_:)``) of a client on a
/// fresh mock server: for session commands, transactions sent one by one, WATCH.
public func withMockConnection(
    _ protocolVersion: RESPProtocolVersion = .resp3,
    server: RedisMockServer = RedisMockServer(),
    _ body: (RedisExclusiveConnection) async throws -> Void
) async throws {
    try await withMockClient(protocolVersion, server: server) { client in
        try await client.withConnection { connection in try await body(connection) }
    }
}

/// Runs `body` with a connection of its own of a client on a fresh server of its own.
public func withServerConnection(
    _ protocolVersion: RESPProtocolVersion = .resp3,
    serverArguments: [String] = [],
    _ body: (RedisExclusiveConnection, RedisServerProcess) async throws -> Void
) async throws {
    try await withConnectedClient(protocolVersion, serverArguments: serverArguments) { client, server in
        try await client.withConnection { connection in try await body(connection, server) }
    }
}
