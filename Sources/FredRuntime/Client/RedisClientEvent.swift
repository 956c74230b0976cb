import NIOConcurrencyHelpers

/// What happens to a client's connection, as ``RedisClient/events()`` reports it.
public enum RedisClientEvent: Sendable, Equatable {
    /// Connected (the first time, or again after a loss), handshake done.
    case connected
    /// The connection was lost; the client will reconnect if its policy allows.
    case disconnected(RedisError)
    /// Attempt number `attempt` to reconnect starts after `delay`; also a retry of a failed
    /// ``RedisClient/connect()`` when ``RedisConfig/failFast`` is off.
    case reconnecting(attempt: Int, delay: Duration)
    /// The reconnect policy gave up; commands now fail until ``RedisClient/connect()``.
    case gaveUp(RedisError)
    /// ``RedisClient/quit()`` closed the client; the stream ends after this event.
    case closed
}

/// The subscribers of a client's events. Each gets its own stream, which keeps the latest 100
/// events it has not read yet and ends only when the client is closed.
final class RedisClientEvents: Sendable {
    private let subscribers = NIOLockedValueBox<[Int: AsyncStream<RedisClientEvent>.Continuation]>([:])
    private let nextID = NIOLockedValueBox(0)

    func subscribe() -> AsyncStream<RedisClientEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: RedisClientEvent.self, bufferingPolicy: .bufferingNewest(100))
        let id = nextID.withLockedValue { id in
            id += 1
            return id
        }
        continuation.onTermination = { [weak self] _ in
            self?.subscribers.withLockedValue { _ = $0.removeValue(forKey: id) }
        }
        subscribers.withLockedValue { $0[id] = continuation }
        return stream
    }

    /// Delivers `event` to every subscriber. Callers hold the client's state lock, so events
    /// arrive in the order the state changed.
    func emit(_ event: RedisClientEvent) {
        guard event == .closed else {
            subscribers.withLockedValue { subscribers in
                for continuation in subscribers.values { continuation.yield(event) }
            }
            return
        }
        // The last event: the streams end (outside the lock, as ending one calls onTermination).
        let continuations = subscribers.withLockedValue { subscribers in
            defer { subscribers.removeAll() }
            return Array(subscribers.values)
        }
        for continuation in continuations {
            continuation.yield(event)
            continuation.finish()
        }
    }
}
