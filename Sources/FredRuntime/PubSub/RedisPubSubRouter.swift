import NIOCore

/// What one subscription listens to: a channel, a pattern or a shard channel, optionally on one
/// node of a cluster (keyspace notifications, which each node sends for its own keys).
public struct RedisSubscriptionTarget: Sendable, Hashable {
    public var kind: RedisSubscriptionKind
    /// The channel or pattern, as bytes.
    public var name: ByteBuffer
    /// The node (`host:port`) it must live on; nil: where the client puts it (a cluster client:
    /// channels and patterns on one node, as the cluster passes every message on to every node;
    /// shard channels on their slot's primary).
    public var node: String?

    public init(kind: RedisSubscriptionKind, name: ByteBuffer, node: String? = nil) {
        self.kind = kind
        self.name = name
        self.node = node
    }

    /// A channel (`SUBSCRIBE`).
    public static func channel(_ name: String) -> Self { Self(kind: .channel, name: ByteBuffer(string: name)) }
    /// A glob-style channel pattern (`PSUBSCRIBE`), on `node` when given.
    public static func pattern(_ pattern: String, node: String? = nil) -> Self {
        Self(kind: .pattern, name: ByteBuffer(string: pattern), node: node)
    }
    /// A shard channel (`SSUBSCRIBE`).
    public static func shardChannel(_ name: String) -> Self { Self(kind: .shardChannel, name: ByteBuffer(string: name)) }

    /// The name as text, for gap events and errors.
    var text: String { String(buffer: name) }
}

/// Where subscriptions live: one server's link for a client; the right node's for a cluster.
package protocol RedisPubSubRouter: Sendable {
    /// The link that serves `filter` now.
    func link(for filter: RedisSubscriptionTarget) async throws -> RedisPubSubLink
    /// Learns where things are again (a cluster's slot map), before subscriptions lost to a
    /// dropped connection or a moved slot are placed again.
    func refresh() async
    /// `link`'s node answered a subscription with `MOVED` (`redirect`): learns the slot's new owner.
    /// Returns whether placing the subscription again may now succeed.
    func redirected(_ redirect: RedisServerError, from link: RedisPubSubLink) async -> Bool
    /// How long to wait before attempt `attempt` (2 or more) of placing lost subscriptions again;
    /// nil: give up, ending them with the last error.
    func retryDelay(attempt: Int) -> Duration?
    /// How subscription commands are built.
    var sessionCommands: RedisSessionCommands { get }
}

extension RedisPubSubRouter {
    /// `SUBSCRIBE`/`UNSUBSCRIBE` (or the pattern or shard variant) of `names`.
    func command(_ kind: RedisSubscriptionKind, subscribe: Bool, _ names: [ByteBuffer]) throws -> RESPCommand {
        guard let build = sessionCommands.subscription else {
            throw RedisError.unsupported("these session commands have no subscription commands")
        }
        return build(kind, subscribe, names)
    }
}
