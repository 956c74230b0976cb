import FredRuntime
import NIOCore

/// Pub/sub between the clients of one mock server. Confirmations and messages go to the clients'
/// push streams (``RedisMockServer/pushes(to:)``); a `SUBSCRIBE`-family command's own reply is the
/// array of its confirmations, one per channel (a server sends each as a reply of its own in RESP2,
/// or as a push frame in RESP3).
extension RedisMockHandler {
    public static let subscribe = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        return context.changeSubscriptions(kind: "subscribe", adding: true, in: \.channels)
    }

    public static let psubscribe = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        return context.changeSubscriptions(kind: "psubscribe", adding: true, in: \.patterns)
    }

    public static let ssubscribe = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        return context.changeSubscriptions(kind: "ssubscribe", adding: true, in: \.shardChannels)
    }

    public static let unsubscribe = RedisMockHandler { context in
        context.changeSubscriptions(kind: "unsubscribe", adding: false, in: \.channels)
    }

    public static let punsubscribe = RedisMockHandler { context in
        context.changeSubscriptions(kind: "punsubscribe", adding: false, in: \.patterns)
    }

    public static let sunsubscribe = RedisMockHandler { context in
        context.changeSubscriptions(kind: "sunsubscribe", adding: false, in: \.shardChannels)
    }

    /// `SPUBLISH`: to the shard channel's subscribers only (`smessage`).
    public static let spublish = RedisMockHandler { context in
        try context.requireArguments(2...2)
        let channel = context.arguments[0]
        var receivers = 0
        for (id, subscriptions) in context.storage.subscriptions.sorted(by: { $0.key < $1.key }) where subscriptions.shardChannels.contains(channel) {
            context.storage.outbox.append((id, .push([.bulk("smessage"), .bulk(channel), .bulk(context.arguments[1])])))
            receivers += 1
        }
        return .integer(receivers)
    }

    public static let publish = RedisMockHandler { context in
        try context.requireArguments(2...2)
        let channel = context.arguments[0]
        let message = context.arguments[1]
        var receivers = 0
        for (id, subscriptions) in context.storage.subscriptions.sorted(by: { $0.key < $1.key }) {
            if subscriptions.channels.contains(channel) {
                context.storage.outbox.append((id, .push([.bulk("message"), .bulk(channel), .bulk(message)])))
                receivers += 1
            }
            for pattern in subscriptions.patterns.sorted(by: { $0.lexicographicallyPrecedes($1) }) where RedisMockGlob.matches(pattern, channel) {
                context.storage.outbox.append((id, .push([.bulk("pmessage"), .bulk(pattern), .bulk(channel), .bulk(message)])))
                receivers += 1
            }
        }
        return .integer(receivers)
    }

    public static let pubsubChannels = RedisMockHandler { context in
        try context.requireArguments(0...1)
        return context.activeChannels(\.channels)
    }

    public static let pubsubShardchannels = RedisMockHandler { context in
        try context.requireArguments(0...1)
        return context.activeChannels(\.shardChannels)
    }

    public static let pubsubNumsub = RedisMockHandler { context in
        context.subscriberCounts(\.channels)
    }

    public static let pubsubShardnumsub = RedisMockHandler { context in
        context.subscriberCounts(\.shardChannels)
    }

    public static let pubsubHelp = RedisMockHandler { context in
        try context.requireArguments(0...0)
        return .array([
            "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CHANNELS [<pattern>]", "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT", "    Return number of subscriptions to patterns.",
            "NUMSUB [<channel> ...]", "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).",
            "SHARDCHANNELS [<pattern>]", "    Return the currently active shard level channels matching a <pattern> (default: '*').",
            "SHARDNUMSUB [<shardchannel> ...]", "    Return the number of subscribers for the specified shard level channel(s)",
            "HELP", "    Prints this help.",
        ].map { .simple($0) })
    }

    public static let pubsubNumpat = RedisMockHandler { context in
        try context.requireArguments(0...0)
        return .integer(Set(context.storage.subscriptions.values.flatMap(\.patterns)).count)
    }
}

extension RedisMockContext {
    /// Subscribes to or unsubscribes from the argument channels (or patterns, or shard channels;
    /// with no argument, unsubscribes from all), queueing one confirmation per channel, and
    /// returns them. Confirmations count channels and patterns together, shard channels apart.
    func changeSubscriptions(kind: String, adding: Bool, in set: WritableKeyPath<RedisMockSubscriptions, Set<[UInt8]>>) -> RESPValue {
        let id = session.id
        var subscriptions = storage.subscriptions[id] ?? RedisMockSubscriptions()
        var targets = arguments
        if !adding && targets.isEmpty { targets = subscriptions[keyPath: set].sorted { $0.lexicographicallyPrecedes($1) } }
        let shard = set == \RedisMockSubscriptions.shardChannels
        var confirmations: [RESPValue] = []
        for target in targets {
            if adding { subscriptions[keyPath: set].insert(target) } else { subscriptions[keyPath: set].remove(target) }
            confirmations.append(.push([.bulk(kind), .bulk(target), .integer(shard ? subscriptions.shardChannels.count : subscriptions.count)]))
        }
        if targets.isEmpty {
            confirmations.append(.push([.bulk(kind), .null, .integer(shard ? subscriptions.shardChannels.count : subscriptions.count)]))
        }
        storage.subscriptions[id] = subscriptions.isEmpty ? nil : subscriptions
        for confirmation in confirmations { storage.outbox.append((id, confirmation)) }
        return .array(confirmations)
    }

    /// `PUBSUB CHANNELS [pattern]` over one kind of channel: those with a subscriber.
    func activeChannels(_ set: KeyPath<RedisMockSubscriptions, Set<[UInt8]>>) -> RESPValue {
        let pattern = arguments.first
        let channels = Set(storage.subscriptions.values.flatMap { $0[keyPath: set] })
        return .array(channels.filter { channel in pattern.map { RedisMockGlob.matches($0, channel) } ?? true }
            .sorted { $0.lexicographicallyPrecedes($1) }.map { .bulk($0) })
    }

    /// `PUBSUB NUMSUB channel …` over one kind of channel: each channel and its subscribers.
    func subscriberCounts(_ set: KeyPath<RedisMockSubscriptions, Set<[UInt8]>>) -> RESPValue {
        .array(arguments.flatMap { channel -> [RESPValue] in
            [.bulk(channel), .integer(storage.subscriptions.values.filter { $0[keyPath: set].contains(channel) }.count)]
        })
    }
}
