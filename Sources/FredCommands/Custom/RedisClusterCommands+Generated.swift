import FredRuntime
import Logging

extension RedisClusterCommands {
    /// The cluster client's own commands as `commands.yaml` describes them.
    public static let standard = RedisClusterCommands(
        shards: { RedisCommands.clusterShards() },
        readShards: { reply in
            try reply.decode(as: [RedisClusterShard].self).map { shard in
                var ranges: [ClosedRange<Int>] = []
                var index = 0
                while index + 1 < shard.slots.count {
                    if shard.slots[index] <= shard.slots[index + 1] { ranges.append(shard.slots[index]...shard.slots[index + 1]) }
                    index += 2
                }
                let nodes = shard.nodes.compactMap { node -> RedisClusterTopology.Node? in
                    guard let port = node.port ?? node.tlsPort else { return nil }
                    // A node that does not know its own address announces an empty endpoint.
                    let host = node.endpoint.isEmpty || node.endpoint == "?" ? node.ip : node.endpoint
                    return RedisClusterTopology.Node(
                        id: node.id, address: .init(host: host, port: port),
                        isPrimary: node.role == "master", health: node.health, tlsPort: node.tlsPort, hostname: node.hostname
                    )
                }
                return RedisClusterTopology.Shard(slots: ranges, nodes: nodes)
            }
        },
        slots: { RedisCommands.clusterSlots() },
        readSlots: { reply in
            // One shard per primary; its ranges gathered, its nodes from the first range.
            var shards: [String: RedisClusterTopology.Shard] = [:]
            var order: [String] = []
            for range in try reply.decode(as: [RedisClusterSlotRange].self) {
                guard let primary = range.nodes.first else { continue }
                let key = primary.id ?? "\(primary.endpoint):\(primary.port)"
                if shards[key] == nil {
                    order.append(key)
                    let nodes = range.nodes.enumerated().map { index, node in
                        RedisClusterTopology.Node(
                            id: node.id ?? "", address: .init(host: node.endpoint, port: node.port),
                            isPrimary: index == 0, health: "online"
                        )
                    }
                    shards[key] = RedisClusterTopology.Shard(slots: [], nodes: nodes)
                }
                shards[key]?.slots.append(range.start...range.end)
            }
            return order.compactMap { shards[$0] }
        },
        asking: { RedisCommands.asking() },
        readOnly: { RedisCommands.readonly() }
    )
}

extension RedisClusterClient {
    /// A cluster client from one URL naming several seed nodes:
    /// `redis://[user:password@]host1:port1,host2:port2[/database][?options]`.
    public convenience init(
        url: String, readPolicy: ReadPolicy = .primary, maxRedirects: Int = 5, maxFailoverWait: Duration = .seconds(10),
        refreshInterval: Duration? = .seconds(60), configure: (inout RedisConfig) -> Void = { _ in },
        logger: Logger = Logger(label: "fred")
    ) throws {
        try self.init(
            seeds: try Self.seedURLs(url), readPolicy: readPolicy, maxRedirects: maxRedirects, maxFailoverWait: maxFailoverWait,
            refreshInterval: refreshInterval,
            configure: configure, logger: logger
        )
    }

    /// One URL per host of a URL that names several.
    static func seedURLs(_ url: String) throws -> [String] {
        let parts = url.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw RedisError.badURL("a cluster URL looks like redis://host1:port1,host2:port2") }
        let scheme = parts[0] + "://"
        var rest = parts[1]
        var credentials = ""
        if let at = rest.lastIndex(of: "@") {
            credentials = String(rest[...at])
            rest = rest[rest.index(after: at)...]
        }
        let pathStart = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let hosts = rest[..<pathStart].split(separator: ",")
        guard !hosts.isEmpty else { throw RedisError.badURL("a cluster URL names no host") }
        return hosts.map { "\(scheme)\(credentials)\($0)\(rest[pathStart...])" }
    }

    /// A cluster client that learns the topology from `seeds` (`redis://[user:password@]host:port`
    /// URLs; credentials, protocol and database options come from the first, and `configure` may
    /// change the rest of each node's configuration, such as its command timeout) and speaks the
    /// commands of `commands.yaml`.
    public convenience init(
        seeds urls: [String], readPolicy: ReadPolicy = .primary, maxRedirects: Int = 5, maxFailoverWait: Duration = .seconds(10),
        refreshInterval: Duration? = .seconds(60), configure: (inout RedisConfig) -> Void = { _ in },
        logger: Logger = Logger(label: "fred")
    ) throws {
        let configs = try urls.map { try RedisConfig(url: $0) }
        guard var first = configs.first else { throw RedisError.badArgument("a cluster client needs at least one seed URL") }
        let seeds = configs.compactMap { config -> RedisClusterTopology.Address? in
            guard case .tcp(let host, let port) = config.server else { return nil }
            return RedisClusterTopology.Address(host: host, port: port)
        }
        configure(&first)
        self.init(
            seeds: seeds, nodeConfig: first, sessionCommands: .standard, clusterCommands: .standard,
            commandTable: RedisCommands.table, readPolicy: readPolicy, maxRedirects: maxRedirects,
            maxFailoverWait: maxFailoverWait, refreshInterval: refreshInterval, logger: logger
        )
    }
}
