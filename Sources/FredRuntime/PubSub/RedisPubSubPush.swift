import NIOCore

/// A pub/sub push frame as the server sends it: a message, or the confirmation of a subscription
/// change (`[subscribe, channel, count]`). RESP3 sends them as push frames; a RESP2 subscriber
/// connection as arrays.
package enum RedisPubSubPush: Sendable, Hashable {
    case message(RedisSubscriptionKind, pattern: ByteBuffer?, channel: ByteBuffer, payload: ByteBuffer)
    case subscribed(RedisSubscriptionKind, name: ByteBuffer?)
    /// An unsubscribe confirmation, solicited or not (a shard channel whose slot moved).
    case unsubscribed(RedisSubscriptionKind, name: ByteBuffer?)

    /// Reads a push frame (or a RESP2 array); nil for anything else (a client-side caching
    /// invalidation, a `pong`).
    package init?(_ value: RESPValue) {
        let elements: [RESPValue]
        switch value {
        case .push(let e), .array(let e): elements = e
        default: return nil
        }
        guard let first = elements.first, let word = Self.word(first) else { return nil }
        switch (word, elements.count) {
        case (.message(let kind), 3) where kind != .pattern:
            guard let channel = elements[1].stringPayload, let payload = elements[2].stringPayload else { return nil }
            self = .message(kind, pattern: nil, channel: channel, payload: payload)
        case (.message(.pattern), 4):
            guard let pattern = elements[1].stringPayload, let channel = elements[2].stringPayload,
                  let payload = elements[3].stringPayload else { return nil }
            self = .message(.pattern, pattern: pattern, channel: channel, payload: payload)
        case (.subscribe(let kind), 3):
            self = .subscribed(kind, name: elements[1].stringPayload)
        case (.unsubscribe(let kind), 3):
            self = .unsubscribed(kind, name: elements[1].stringPayload)
        default:
            return nil
        }
    }

    /// Whether `value` is an array that a RESP2 subscriber connection receives as a push.
    package static func isPubSubArray(_ value: RESPValue) -> Bool {
        guard case .array(let elements) = value, let first = elements.first else { return false }
        return word(first) != nil
    }

    private enum Word {
        case message(RedisSubscriptionKind), subscribe(RedisSubscriptionKind), unsubscribe(RedisSubscriptionKind)
    }

    /// The frame's first element: the protocol's words for what a pub/sub frame carries.
    private static func word(_ value: RESPValue) -> Word? {
        guard let bytes = value.stringPayload, bytes.readableBytes >= 7, bytes.readableBytes <= 12 else { return nil }
        return bytes.readableBytesView.withContiguousStorageIfAvailable { word(in: $0) } ?? word(in: Array(bytes.readableBytesView))
    }

    private static func word(in bytes: some Collection<UInt8>) -> Word? {
        switch String(decoding: bytes, as: UTF8.self) {
        case "message": return .message(.channel)
        case "pmessage": return .message(.pattern)
        case "smessage": return .message(.shardChannel)
        case "subscribe": return .subscribe(.channel)
        case "psubscribe": return .subscribe(.pattern)
        case "ssubscribe": return .subscribe(.shardChannel)
        case "unsubscribe": return .unsubscribe(.channel)
        case "punsubscribe": return .unsubscribe(.pattern)
        case "sunsubscribe": return .unsubscribe(.shardChannel)
        default: return nil
        }
    }
}
