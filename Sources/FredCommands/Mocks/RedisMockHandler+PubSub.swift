import FredRuntime
import NIOCore

/// Pub/sub between the clients of one mock server. Confirmations and messages go to the clients'
/// push streams (``RedisMockServer/pushes(to:)``); a `SUBSCRIBE`-family command's own reply is the
/// array of its confirmations, one per channel (a server sends each as a reply of its own in RESP2,
/// or as a push frame in RESP3).
extension RedisMockHandler {
    public static let subscribe = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        return context.changeSubscriptions(kind: "subscribe", adding: true, patterns: false)
    }

    public static let psubscribe = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        return context.changeSubscriptions(kind: "psubscribe", adding: true, patterns: true)
    }

    public static let unsubscribe = RedisMockHandler { context in
        context.changeSubscriptions(kind: "unsubscribe", adding: false, patterns: false)
    }

    public static let punsubscribe = RedisMockHandler { context in
        context.changeSubscriptions(kind: "punsubscribe", adding: false, patterns: true)
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
        let pattern = context.arguments.first
        let channels = Set(context.storage.subscriptions.values.flatMap(\.channels))
        return .array(channels.filter { channel in pattern.map { RedisMockGlob.matches($0, channel) } ?? true }
            .sorted { $0.lexicographicallyPrecedes($1) }.map { .bulk($0) })
    }

    public static let pubsubNumsub = RedisMockHandler { context in
        .array(context.arguments.flatMap { channel -> [RESPValue] in
            let count = context.storage.subscriptions.values.filter { $0.channels.contains(channel) }.count
            return [.bulk(channel), .integer(count)]
        })
    }

    public static let pubsubNumpat = RedisMockHandler { context in
        try context.requireArguments(0...0)
        return .integer(Set(context.storage.subscriptions.values.flatMap(\.patterns)).count)
    }
}

extension RedisMockContext {
    /// Subscribes to or unsubscribes from the argument channels (or patterns; with no argument,
    /// unsubscribes from all), queueing one confirmation per channel, and returns them.
    func changeSubscriptions(kind: String, adding: Bool, patterns: Bool) -> RESPValue {
        let id = session.id
        var subscriptions = storage.subscriptions[id] ?? RedisMockSubscriptions()
        let current = patterns ? subscriptions.patterns : subscriptions.channels
        var targets = arguments
        if !adding && targets.isEmpty { targets = current.sorted { $0.lexicographicallyPrecedes($1) } }
        var confirmations: [RESPValue] = []
        for target in targets {
            switch (adding, patterns) {
            case (true, false): subscriptions.channels.insert(target)
            case (true, true): subscriptions.patterns.insert(target)
            case (false, false): subscriptions.channels.remove(target)
            case (false, true): subscriptions.patterns.remove(target)
            }
            confirmations.append(.push([.bulk(kind), .bulk(target), .integer(subscriptions.count)]))
        }
        if targets.isEmpty {
            confirmations.append(.push([.bulk(kind), .null, .integer(subscriptions.count)]))
        }
        storage.subscriptions[id] = subscriptions.count == 0 ? nil : subscriptions
        for confirmation in confirmations { storage.outbox.append((id, confirmation)) }
        return .array(confirmations)
    }
}
