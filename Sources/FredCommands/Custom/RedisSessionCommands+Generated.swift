import FredRuntime
import Logging

extension RedisSessionCommands {
    /// The session commands as `commands.yaml` describes them.
    public static let standard = RedisSessionCommands(
        hello: { version, credentials, name in
            RedisCommands.hello(arguments: HelloArguments(
                protover: version,
                auth: credentials.map { HelloArgumentsAuth(username: $0.username, password: $0.password) },
                setname: name
            ))
        },
        auth: { username, password in RedisCommands.auth(username: username, password) },
        setName: { name in RedisCommands.clientSetname(name) },
        select: { database in RedisCommands.select(database) },
        quit: { RedisCommands.quit() },
        ping: { RedisCommands.ping() },
        discard: { RedisCommands.discard() },
        unwatch: { RedisCommands.unwatch() },
        subscription: { kind, subscribe, names in
            switch (kind, subscribe) {
            case (.channel, true): return RedisCommands.subscribe(names)
            case (.channel, false): return RedisCommands.unsubscribe(names)
            case (.pattern, true): return RedisCommands.psubscribe(patterns: names)
            case (.pattern, false): return RedisCommands.punsubscribe(patterns: names)
            case (.shardChannel, true): return RedisCommands.ssubscribe(names)
            case (.shardChannel, false): return RedisCommands.sunsubscribe(names)
            }
        },
        role: { RedisCommands.role() },
        sentinelPrimaryAddress: { serviceName in
            // A sentinel's own commands are not in commands.yaml, which mirrors a data node's
            // COMMAND LIST. GET-MASTER-ADDR-BY-NAME is the name Redis 7.0 knows (Valkey 8 adds
            // GET-PRIMARY-ADDR-BY-NAME as an alias).
            var command = RESPCommand(.custom)
            command.append("SENTINEL")
            command.append("GET-MASTER-ADDR-BY-NAME")
            command.append(serviceName)
            return command
        }
    )
}

extension RedisClient {
    /// Creates a client that speaks the commands of `commands.yaml`; nothing is sent until
    /// ``RedisClient/connect()``.
    public convenience init(config: RedisConfig, logger: Logger = Logger(label: "fred")) {
        self.init(config: config, sessionCommands: .standard, commandTable: RedisCommands.table, logger: logger)
    }
}

extension RedisPool where Client == RedisClient {
    /// A pool of `size` clients of the server `config` names, speaking the commands of
    /// `commands.yaml`; nothing is sent until ``RedisPool/connect()``.
    public convenience init(size: Int, config: RedisConfig, logger: Logger = Logger(label: "fred")) throws {
        try self.init(size: size) { _ in RedisClient(config: config, logger: logger) }
    }
}
