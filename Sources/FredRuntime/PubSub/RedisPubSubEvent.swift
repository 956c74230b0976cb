import NIOCore

/// What a subscription listens to.
public enum RedisSubscriptionKind: Sendable, Hashable {
    /// A channel (`SUBSCRIBE`), fed by `PUBLISH`.
    case channel
    /// A glob-style channel pattern (`PSUBSCRIBE`).
    case pattern
    /// A shard channel (`SSUBSCRIBE`), fed by `SPUBLISH`; in a cluster it lives on the primary of
    /// its slot.
    case shardChannel
}

/// One message a subscription received.
public struct RedisPubSubMessage: Sendable, Hashable {
    /// What kind of subscription matched it.
    public var kind: RedisSubscriptionKind
    /// The channel it was published to.
    public var channel: String
    /// The pattern that matched the channel, for a ``RedisSubscriptionKind/pattern`` subscription.
    public var pattern: String?
    /// The message's bytes.
    public var payload: ByteBuffer
    /// The server that delivered it, as `host:port` (keyspace events in a cluster are per node).
    public var node: String

    public init(kind: RedisSubscriptionKind, channel: String, pattern: String?, payload: ByteBuffer, node: String) {
        self.kind = kind
        self.channel = channel
        self.pattern = pattern
        self.payload = payload
        self.node = node
    }

    /// The payload as UTF-8 text (invalid sequences replaced).
    public var string: String { String(buffer: payload) }
}

/// Messages may be missing at this point of a subscription: pub/sub delivers at most once, and
/// Fred says where it could not deliver rather than going quiet.
public struct RedisPubSubGap: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        /// The connection carrying the subscriptions was lost; they are back on a new one (this
        /// event comes once they are), and what was published in between is lost.
        case reconnected
        /// The subscription's buffer was full and `dropped` messages were dropped
        /// (``RedisSubscriptionOptions/overflow``).
        case overflow(dropped: Int)
        /// A shard channel's slot moved to another node (the old owner ended the subscription with
        /// `sunsubscribe`); the subscription is back, on the new owner.
        case slotMigrated
    }

    /// Why messages may be missing.
    public var reason: Reason
    /// The channels and patterns concerned (empty for an overflow, which concerns the whole
    /// subscription).
    public var subscriptions: [String]

    public init(reason: Reason, subscriptions: [String]) {
        self.reason = reason
        self.subscriptions = subscriptions
    }
}

/// What a subscription yields.
public enum RedisPubSubEvent: Sendable, Hashable {
    case message(RedisPubSubMessage)
    case gap(RedisPubSubGap)

    /// The message, when the event is one.
    public var message: RedisPubSubMessage? {
        if case .message(let message) = self { return message }
        return nil
    }
}

/// How a subscription buffers messages its consumer has not read yet.
public struct RedisSubscriptionOptions: Sendable, Hashable {
    /// What happens to a message that arrives while the buffer is full.
    public enum OverflowPolicy: Sendable, Hashable {
        /// The oldest buffered message makes room; a ``RedisPubSubGap/Reason/overflow(dropped:)``
        /// gap stands where messages went missing.
        case dropOldest
        /// The new message is dropped; a gap stands after the buffered ones.
        case dropNewest
        /// The subscription ends, throwing ``RedisError/subscriptionOverflow(limit:)`` once the
        /// buffered messages are read.
        case endSubscription
    }

    /// How many messages wait for the consumer at most (1 or more).
    public var bufferSize: Int
    public var overflow: OverflowPolicy

    public init(bufferSize: Int = 1024, overflow: OverflowPolicy = .dropOldest) {
        self.bufferSize = bufferSize
        self.overflow = overflow
    }
}

/// Which connection carries a client's subscriptions (``RedisConfig/pubSubConnection``).
public enum RedisPubSubConnection: Sendable, Hashable {
    /// A connection of their own (the default): a subscriber's traffic never delays commands, and
    /// the server's pub/sub output-buffer limit, which may close a subscribed connection, never
    /// costs commands their replies.
    case dedicated
    /// The connection every command shares (RESP3 only, where pushes and replies can share one
    /// stream). Saves a connection per client; a large reply on it now counts against the
    /// server's pub/sub output-buffer limit (`client-output-buffer-limit pubsub`, 32 MB by default).
    case shared
}
