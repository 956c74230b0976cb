import NIOConcurrencyHelpers
import NIOCore

/// The events of one subscription, in the order they came: messages, and a gap wherever messages
/// may be missing. Iterate it once; it ends when the subscription does (its scope is left, the
/// consuming task is cancelled, the client quits) and throws when the subscription fails
/// (``RedisError/subscriptionOverflow(limit:)``, or an error while subscribing again after a
/// reconnect).
public struct RedisSubscription: AsyncSequence, Sendable {
    public typealias Element = RedisPubSubEvent

    let buffer: RedisSubscriptionBuffer

    public func makeAsyncIterator() -> Iterator {
        Iterator(buffer: buffer)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let buffer: RedisSubscriptionBuffer

        public mutating func next() async throws -> RedisPubSubEvent? {
            try await buffer.next()
        }
    }

    /// The messages alone, gaps skipped: for consumers that need no resynchronisation.
    public var messages: AsyncCompactMapSequence<RedisSubscription, RedisPubSubMessage> {
        compactMap(\.message)
    }
}

/// The bounded buffer between the connection (which must never wait) and a subscription's
/// consumer. Messages that do not fit are dropped by ``RedisSubscriptionOptions/overflow`` and
/// replaced by one gap event counting them.
final class RedisSubscriptionBuffer: Sendable {
    private struct State {
        var events = CircularBuffer<RedisPubSubEvent>()
        /// Messages buffered (gaps do not count against the size).
        var messageCount = 0
        var waiter: UnsafeContinuation<RedisPubSubEvent?, any Error>?
        /// Set once the subscription is over: nil error ends it quietly after the buffered events.
        var ending: (any Error)??
        var delivered = 0
        var dropped = 0
    }

    private let state = NIOLockedValueBox(State())
    let options: RedisSubscriptionOptions

    init(options: RedisSubscriptionOptions) {
        self.options = options
    }

    /// Counts so far: messages handed to the consumer and messages dropped.
    var counts: (delivered: Int, dropped: Int) {
        state.withLockedValue { ($0.delivered, $0.dropped) }
    }

    /// Adds an event; returns false when a message was dropped to make room (or ended the
    /// subscription).
    @discardableResult
    func yield(_ event: RedisPubSubEvent) -> Bool {
        var kept = true
        let waiter = state.withLockedValue { state -> UnsafeContinuation<RedisPubSubEvent?, any Error>? in
            guard state.ending == nil else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                if event.message != nil { state.delivered += 1 }
                return waiter
            }
            guard event.message != nil else {
                state.events.append(event)
                return nil
            }
            if state.messageCount < options.bufferSize {
                state.events.append(event)
                state.messageCount += 1
                return nil
            }
            kept = false
            state.dropped += 1
            switch options.overflow {
            case .dropOldest:
                // The oldest message goes; the gap takes its place at the front.
                if let index = state.events.firstIndex(where: { $0.message != nil }) { state.events.remove(at: index) }
                state.events.append(event)
                if case .gap(var gap) = state.events.first, case .overflow(let count) = gap.reason {
                    gap.reason = .overflow(dropped: count + 1)
                    state.events[state.events.startIndex] = .gap(gap)
                } else {
                    state.events.prepend(.gap(RedisPubSubGap(reason: .overflow(dropped: 1), subscriptions: [])))
                }
            case .dropNewest:
                if case .gap(var gap) = state.events.last, case .overflow(let count) = gap.reason {
                    gap.reason = .overflow(dropped: count + 1)
                    state.events[state.events.index(before: state.events.endIndex)] = .gap(gap)
                } else {
                    state.events.append(.gap(RedisPubSubGap(reason: .overflow(dropped: 1), subscriptions: [])))
                }
            case .endSubscription:
                state.ending = .some(RedisError.subscriptionOverflow(limit: options.bufferSize))
            }
            return nil
        }
        waiter?.resume(returning: event)
        return kept
    }

    /// Ends the subscription: the consumer reads what is buffered, then the end (or `error`).
    func finish(throwing error: (any Error)? = nil) {
        let waiter = state.withLockedValue { state -> UnsafeContinuation<RedisPubSubEvent?, any Error>? in
            guard state.ending == nil else { return nil }
            state.ending = .some(error)
            defer { state.waiter = nil }
            return state.waiter
        }
        if let waiter {
            if let error { waiter.resume(throwing: error) } else { waiter.resume(returning: nil) }
        }
    }

    /// The next event, waiting for one; nil at the end, and at once when the task is cancelled.
    func next() async throws -> RedisPubSubEvent? {
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                let outcome = state.withLockedValue { state -> Result<RedisPubSubEvent?, any Error>? in
                    if let event = state.events.popFirst() {
                        if event.message != nil {
                            state.messageCount -= 1
                            state.delivered += 1
                        }
                        return .success(event)
                    }
                    if let ending = state.ending {
                        return ending.map { .failure($0) } ?? .success(nil)
                    }
                    if Task.isCancelled { return .success(nil) }
                    state.waiter = continuation
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLockedValue { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }
}
