import FredRuntime

/// A keyspace notification: `event` (`set`, `del`, `expired`, …) happened to `key` in `database`
/// on `node`.
public struct RedisKeyspaceEvent: Sendable, Hashable {
    public var key: String
    public var event: String
    public var database: Int
    /// The server that sent it, as `host:port`: in a cluster, the primary of the key's slot.
    public var node: String

    /// Reads a message from a `__keyspace@db__:key` channel (the event is the payload) or a
    /// `__keyevent@db__:event` channel (the key is the payload); nil for any other message.
    public init?(_ message: RedisPubSubMessage) {
        let channel = message.channel
        for (prefix, keyInChannel) in [("__keyspace@", true), ("__keyevent@", false)] where channel.hasPrefix(prefix) {
            let rest = channel.dropFirst(prefix.count)
            guard let end = rest.firstRange(of: "__:"), let database = Int(rest[..<end.lowerBound]) else { return nil }
            let name = String(rest[end.upperBound...])
            self.key = keyInChannel ? name : message.string
            self.event = keyInChannel ? message.string : name
            self.database = database
            self.node = message.node
            return
        }
        return nil
    }
}

/// Which keyspace notifications to listen to.
public enum RedisKeyspaceChannels: Sendable, Hashable {
    /// What happens to keys matching a glob-style pattern (`__keyspace@db__:pattern`).
    case keys(String)
    /// Events whose name matches a glob-style pattern, for every key (`__keyevent@db__:pattern`).
    case events(String)
}

extension RedisSubscribing {
    /// Subscribes to keyspace notifications on every primary while `body` runs (on the one
    /// server for a ``RedisClient``); read each message with ``RedisKeyspaceEvent/init(_:)``.
    ///
    /// ```swift
    /// try await cluster.keyspaceEvents(.keys("session:*"), enabling: "Kgx") { subscription in
    ///     for try await message in subscription.messages {
    ///         if let event = RedisKeyspaceEvent(message) { print(event.node, event.key, event.event) }
    ///     }
    /// }
    /// ```
    ///
    /// The server sends notifications only for the classes its `notify-keyspace-events` setting
    /// names (none by default). `enabling` sets it on every node first (`CONFIG SET`); many managed
    /// services refuse `CONFIG`, so it is never changed unless you pass it. A node sends events
    /// only for its own keys, so each event arrives once, from the node that holds the key.
    /// Notifications are sent at most once: a ``RedisPubSubGap`` says when some may be missing.
    public func keyspaceEvents<Result>(
        _ channels: RedisKeyspaceChannels, database: Int = 0, enabling classes: String? = nil,
        options: RedisSubscriptionOptions = RedisSubscriptionOptions(),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RedisSubscription) async throws -> Result
    ) async throws -> Result {
        let nodes = try await subscriptionNodes()
        if let classes {
            for node in nodes {
                try await node.configSet(parameters: [(parameter: "notify-keyspace-events", value: RedisValue(classes))])
            }
        }
        let pattern: String
        switch channels {
        case .keys(let keys): pattern = "__keyspace@\(database)__:\(keys)"
        case .events(let events): pattern = "__keyevent@\(database)__:\(events)"
        }
        let targets = nodes.map { RedisSubscriptionTarget.pattern(pattern, node: $0.subscriptionNodeName) }
        return try await withSubscription(to: targets, options: options, isolation: isolation, body)
    }
}
