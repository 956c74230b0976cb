/// A client that can subscribe: ``RedisClient`` and ``RedisClusterClient``.
///
/// ```swift
/// try await client.subscribe(to: ["orders"]) { subscription in
///     for try await event in subscription {
///         switch event {
///         case .message(let message): print(message.channel, message.string)
///         case .gap(let gap): print("messages may be missing:", gap.reason)
///         }
///     }
/// }
/// ```
///
/// A subscription lasts while its closure runs: returning, throwing, or the cancellation of the
/// task that runs it unsubscribes (once the server has confirmed, the call returns). Subscriptions
/// to the same channel share one server subscription. Each call completes once the server has
/// confirmed the subscription, so a refusal (an ACL's `NOPERM`) throws there, with nothing
/// subscribed. A lost connection or a moved shard channel is repaired by itself, and the
/// subscription yields a ``RedisPubSubGap`` where messages may be missing.
public protocol RedisSubscribing: Sendable {
    /// Subscribes to `targets`, runs `body` with the events of the subscription, and unsubscribes
    /// when it ends.
    func withSubscription<Result>(
        to targets: [RedisSubscriptionTarget], options: RedisSubscriptionOptions,
        isolation: isolated (any Actor)?,
        _ body: (RedisSubscription) async throws -> Result
    ) async throws -> Result

    /// The clients of the primaries, where node-local events come from (keyspace notifications):
    /// the client itself for one server.
    func subscriptionNodes() async throws -> [RedisClient]
}

extension RedisSubscribing {
    /// Subscribes to `channels` (`SUBSCRIBE`) while `body` runs.
    public func subscribe<Result>(
        to channels: [String], options: RedisSubscriptionOptions = RedisSubscriptionOptions(),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RedisSubscription) async throws -> Result
    ) async throws -> Result {
        try await withSubscription(to: channels.map { .channel($0) }, options: options, isolation: isolation, body)
    }

    /// Subscribes to the channels matching `patterns` (`PSUBSCRIBE`) while `body` runs.
    public func psubscribe<Result>(
        to patterns: [String], options: RedisSubscriptionOptions = RedisSubscriptionOptions(),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RedisSubscription) async throws -> Result
    ) async throws -> Result {
        try await withSubscription(to: patterns.map { .pattern($0) }, options: options, isolation: isolation, body)
    }

    /// Subscribes to the shard channels `channels` (`SSUBSCRIBE`) while `body` runs; in a cluster,
    /// each on its slot's primary, following the slot when it moves.
    public func ssubscribe<Result>(
        to channels: [String], options: RedisSubscriptionOptions = RedisSubscriptionOptions(),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RedisSubscription) async throws -> Result
    ) async throws -> Result {
        try await withSubscription(to: channels.map { .shardChannel($0) }, options: options, isolation: isolation, body)
    }
}
