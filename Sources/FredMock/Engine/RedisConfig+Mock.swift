import FredRuntime

extension RedisConfig {
    /// A client that runs on the in-memory mock engine, in this process. Pass one server to
    /// several configs to let their clients share data.
    public static func mock(_ server: RedisMockServer = RedisMockServer(), protocolVersion: RESPProtocolVersion = .resp3) -> RedisConfig {
        var config = RedisConfig(protocolVersion: protocolVersion)
        config.server = .custom(RedisMockTransportFactory(server: server))
        return config
    }
}
