import NIOCore

/// Subscriptions in a cluster (see ``RedisSubscribing``): channels and patterns on one node (the
/// cluster passes every `PUBLISH` on to every node), shard channels on the primary of their slot,
/// node-pinned targets (keyspace notifications) on their node. A lost node, a failover or a slot
/// that moves (the old owner's `sunsubscribe`) puts the subscriptions where the cluster's map now
/// says they belong.
extension RedisClusterClient: RedisSubscribing {
    public func withSubscription<Result>(
        to targets: [RedisSubscriptionTarget], options: RedisSubscriptionOptions,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RedisSubscription) async throws -> Result
    ) async throws -> Result {
        try await pubSubCoordinator().withSubscription(to: targets, options: options, isolation: isolation, body)
    }

    public func subscriptionNodes() async throws -> [RedisClient] {
        try await primaryClients()
    }

    /// The slot whose primary carries the cluster client's channels and patterns.
    static let pubSubHomeSlot = 0

    /// The client of the node `host:port` names, which must be one of the cluster's.
    func nodeClient(named node: String) async throws -> RedisClient {
        let topology = try await currentTopology()
        let addresses = topology.shards.flatMap { $0.nodes.map(\.address) }
        guard let address = addresses.first(where: { "\($0.host):\($0.port)" == node }) else {
            throw RedisError.clusterUnavailable("\(node) is not a node of the cluster")
        }
        return try await client(at: address)
    }

    /// Notes in the map that `slot` is now served by `address` (a `MOVED` answer).
    func learn(slot: Int, movedTo address: Address) {
        state.withLockedValue { $0.topology?.move(slot: slot, to: address) }
    }

    /// Places a cluster client's subscriptions on its nodes' links.
    struct PubSubRouter: RedisPubSubRouter {
        weak var cluster: RedisClusterClient?
        let sessionCommands: RedisSessionCommands
        let reconnectPolicy: RedisReconnectPolicy?

        func link(for target: RedisSubscriptionTarget) async throws -> RedisPubSubLink {
            guard let cluster else { throw RedisError.notConnected }
            let client: RedisClient
            if let node = target.node {
                client = try await cluster.nodeClient(named: node)
            } else if target.kind == .shardChannel {
                client = try await cluster.primaryClient(forSlot: RedisHashSlot.slot(for: target.name.readableBytesView))
            } else {
                client = try await cluster.primaryClient(forSlot: RedisClusterClient.pubSubHomeSlot)
            }
            return client.pubSubLink
        }

        func refresh() async {
            _ = try? await cluster?.refreshTopology()
        }

        func redirected(_ redirect: RedisServerError, from link: RedisPubSubLink) async -> Bool {
            guard let cluster, let colon = link.node.lastIndex(of: ":"), let port = Int(link.node[link.node.index(after: colon)...]),
                  let moved = RedisClusterRedirect(redirect.message, sender: Address(host: String(link.node[..<colon]), port: port))
            else { return false }
            guard let address = moved.address else {
                await refresh()
                return true
            }
            cluster.learn(slot: moved.slot, movedTo: address)
            return true
        }

        func retryDelay(attempt: Int) -> Duration? {
            guard let reconnectPolicy, reconnectPolicy.allows(attempt: attempt) else { return nil }
            var generator = SystemRandomNumberGenerator()
            // A moved slot or a failover settles within a few hundred milliseconds: no long waits.
            return min(reconnectPolicy.delay(forAttempt: attempt, using: &generator), .milliseconds(500))
        }
    }
}
