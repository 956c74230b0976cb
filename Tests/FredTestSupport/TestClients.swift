import Fred

/// Runs `body` with a fresh `redis-server` of its own, stopped afterwards whatever happens.
public func withRedisServer<Result>(
    _ arguments: [String] = [],
    _ body: (RedisServerProcess) async throws -> Result
) async throws -> Result {
    let server = try RedisServerProcess.start(arguments)
    defer { server.stop() }
    return try await body(server)
}

/// Runs `body` with a connected client on a fresh server of its own, speaking `protocolVersion`.
public func withConnectedClient<Result>(
    _ protocolVersion: RESPProtocolVersion = .resp3,
    serverArguments: [String] = [],
    _ body: (RedisClient, RedisServerProcess) async throws -> Result
) async throws -> Result {
    try await withRedisServer(serverArguments) { server in
        var config = try RedisConfig(url: server.url)
        config.protocolVersion = protocolVersion
        let client = RedisClient(config: config)
        try await client.connect()
        do {
            let result = try await body(client, server)
            try? await client.quit()
            return result
        } catch {
            try? await client.quit()
            throw error
        }
    }
}

/// Runs `body` with a client on a fresh in-memory mock server.
public func withMockClient<Result>(
    _ protocolVersion: RESPProtocolVersion = .resp3,
    server: RedisMockServer = RedisMockServer(),
    _ body: (RedisClient) async throws -> Result
) async throws -> Result {
    let client = RedisClient(config: .mock(server, protocolVersion: protocolVersion))
    try await client.connect()
    defer { Task { try? await client.quit() } }
    return try await body(client)
}
