/// Which node serves which slots, as a cluster client knows it.
public struct RedisClusterTopology: Sendable, Hashable {
    /// A node's address as the cluster announces it.
    public struct Address: Sendable, Hashable, CustomStringConvertible {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        public var description: String { "\(host):\(port)" }
    }

    /// A node of a shard.
    public struct Node: Sendable, Hashable {
        public var id: String
        public var address: Address
        public var isPrimary: Bool
        /// `online`, `loading`, or `fail` (`failed` in some versions).
        public var health: String

        /// The node's TLS port, when it has one besides (or instead of) ``address``'s port.
        public var tlsPort: Int?
        /// The host name the node announces (`cluster-announce-hostname`), if any: the name a
        /// TLS client checks its certificate against.
        public var hostname: String?

        /// Whether the cluster has given this node up.
        public var hasFailed: Bool { health == "fail" || health == "failed" }

        public init(id: String, address: Address, isPrimary: Bool, health: String, tlsPort: Int? = nil, hostname: String? = nil) {
            self.id = id
            self.address = address
            self.isPrimary = isPrimary
            self.health = health
            self.tlsPort = tlsPort
            self.hostname = hostname
        }
    }

    /// A primary with its replicas and the slot ranges they serve.
    public struct Shard: Sendable, Hashable {
        public var slots: [ClosedRange<Int>]
        public var nodes: [Node]

        public init(slots: [ClosedRange<Int>], nodes: [Node]) {
            self.slots = slots
            self.nodes = nodes
        }

        /// The shard with every node addressed by its TLS port where it has one (what a TLS client
        /// connects to, and what `MOVED` names to a TLS client).
        func preferringTLSPorts() -> Shard {
            var shard = self
            for index in shard.nodes.indices {
                if let tlsPort = shard.nodes[index].tlsPort { shard.nodes[index].address.port = tlsPort }
            }
            return shard
        }

        /// The primary that serves the slots: after a failover the shard may also list the old,
        /// failed primary until it returns as a replica.
        public var primary: Node? {
            nodes.first { $0.isPrimary && $0.health == "online" } ?? nodes.first { $0.isPrimary && !$0.hasFailed }
        }
    }

    public private(set) var shards: [Shard]
    /// For each slot, the index of the shard that serves it, or -1.
    private var owners: [Int16]

    public init(shards: [Shard]) {
        self.shards = shards
        owners = Array(repeating: -1, count: RedisHashSlot.count)
        for (index, shard) in shards.enumerated() {
            for range in shard.slots where range.lowerBound >= 0 && range.upperBound < RedisHashSlot.count {
                for slot in range { owners[slot] = Int16(index) }
            }
        }
    }

    /// The node at `address`, if the map has it.
    public func node(at address: Address) -> Node? {
        for shard in shards {
            if let node = shard.nodes.first(where: { $0.address == address }) { return node }
        }
        return nil
    }

    /// The primary that serves `slot`, if any.
    public func primary(forSlot slot: Int) -> Address? {
        guard (0..<RedisHashSlot.count).contains(slot), owners[slot] >= 0 else { return nil }
        return shards[Int(owners[slot])].primary?.address
    }

    /// The replicas of the shard that serves `slot` that the cluster has not given up. (A replica
    /// that has received no write yet reports `loading` in Redis 7.0 even when in sync.)
    public func replicas(forSlot slot: Int) -> [Address] {
        guard (0..<RedisHashSlot.count).contains(slot), owners[slot] >= 0 else { return [] }
        return shards[Int(owners[slot])].nodes.filter { !$0.isPrimary && !$0.hasFailed }.map(\.address)
    }

    /// Whether the node at `address` is a replica.
    public func isReplica(_ address: Address) -> Bool {
        shards.contains { $0.nodes.contains { $0.address == address && !$0.isPrimary } }
    }

    /// The address of every primary that serves slots (a node that joined moments ago may still
    /// show as a primary of no slot).
    public var primaries: [Address] { shards.filter { !$0.slots.isEmpty }.compactMap(\.primary?.address) }

    /// Whether `address` is a node of this topology (redirects elsewhere are refused).
    public func contains(_ address: Address) -> Bool {
        shards.contains { $0.nodes.contains { $0.address == address } }
    }

    /// Records that `slot` moved to `address` (a `MOVED` redirect), until the next refresh.
    /// A `MOVED` to a node the map knows as a replica means a failover: that node now serves its
    /// shard's slots, and the old primary becomes one of its replicas.
    mutating func move(slot: Int, to address: Address) {
        guard (0..<RedisHashSlot.count).contains(slot) else { return }
        if let index = shards.firstIndex(where: { $0.primary?.address == address }) {
            owners[slot] = Int16(index)
            return
        }
        guard let index = shards.firstIndex(where: { $0.nodes.contains { $0.address == address } }) else { return }
        for node in shards[index].nodes.indices {
            let promoted = shards[index].nodes[node].address == address
            shards[index].nodes[node].isPrimary = promoted
            if promoted { shards[index].nodes[node].health = "online" }
        }
        owners[slot] = Int16(index)
    }

    /// How many slots have an owner.
    public var coveredSlots: Int { owners.filter { $0 >= 0 }.count }
}

/// The commands a cluster client sends for itself, from the spec (FredCommands provides
/// `RedisClusterCommands.standard`), so that the runtime never spells a command.
public struct RedisClusterCommands: Sendable {
    /// `CLUSTER SHARDS`.
    public var shards: @Sendable () -> RESPCommand
    /// Reads `CLUSTER SHARDS`' reply.
    public var readShards: @Sendable (RESPValue) throws -> [RedisClusterTopology.Shard]
    /// `CLUSTER SLOTS`, for servers older than 7.0 that have no `CLUSTER SHARDS`.
    public var slots: @Sendable () -> RESPCommand
    /// Reads `CLUSTER SLOTS`' reply.
    public var readSlots: @Sendable (RESPValue) throws -> [RedisClusterTopology.Shard]
    /// `ASKING`, sent before a command redirected by `ASK`.
    public var asking: @Sendable () -> RESPCommand
    /// `READONLY`, sent once on a connection to a replica that serves reads.
    public var readOnly: @Sendable () -> RESPCommand

    public init(
        shards: @escaping @Sendable () -> RESPCommand,
        readShards: @escaping @Sendable (RESPValue) throws -> [RedisClusterTopology.Shard],
        slots: @escaping @Sendable () -> RESPCommand,
        readSlots: @escaping @Sendable (RESPValue) throws -> [RedisClusterTopology.Shard],
        asking: @escaping @Sendable () -> RESPCommand,
        readOnly: @escaping @Sendable () -> RESPCommand
    ) {
        self.shards = shards
        self.readShards = readShards
        self.slots = slots
        self.readSlots = readSlots
        self.asking = asking
        self.readOnly = readOnly
    }
}
