import NIOCore
import Testing
@testable import FredRuntime

@Suite struct RedisPubSubPushTests {
    static func bulk(_ text: String) -> RESPValue { .bulkString(ByteBuffer(string: text)) }

    @Test func readsMessagesAndConfirmationsInBothProtocols() {
        for wrap in [RESPValue.push, RESPValue.array] {
            #expect(RedisPubSubPush(wrap([Self.bulk("message"), Self.bulk("c"), Self.bulk("p")]))
                == .message(.channel, pattern: nil, channel: ByteBuffer(string: "c"), payload: ByteBuffer(string: "p")))
            #expect(RedisPubSubPush(wrap([Self.bulk("pmessage"), Self.bulk("c*"), Self.bulk("c1"), Self.bulk("p")]))
                == .message(.pattern, pattern: ByteBuffer(string: "c*"), channel: ByteBuffer(string: "c1"), payload: ByteBuffer(string: "p")))
            #expect(RedisPubSubPush(wrap([Self.bulk("smessage"), Self.bulk("s"), Self.bulk("p")]))
                == .message(.shardChannel, pattern: nil, channel: ByteBuffer(string: "s"), payload: ByteBuffer(string: "p")))
            #expect(RedisPubSubPush(wrap([Self.bulk("sunsubscribe"), Self.bulk("s"), .integer(0)])) == .unsubscribed(.shardChannel, name: ByteBuffer(string: "s")))
            #expect(RedisPubSubPush(wrap([Self.bulk("unsubscribe"), .null, .integer(0)])) == .unsubscribed(.channel, name: nil))
            #expect(RedisPubSubPush(wrap([Self.bulk("psubscribe"), Self.bulk("a*"), .integer(1)])) == .subscribed(.pattern, name: ByteBuffer(string: "a*")))
        }
    }

    /// Frames of the wrong shape from a hostile or confused server are not messages.
    @Test func ignoresWhatIsNotAPubSubFrame() {
        let hostile: [RESPValue] = [
            .push([Self.bulk("invalidate"), .array([Self.bulk("k")])]),
            .push([]), .push([.integer(1)]),
            .push([Self.bulk("message"), Self.bulk("c")]),
            .push([Self.bulk("message"), .integer(1), Self.bulk("p")]),
            .push([Self.bulk("pmessage"), Self.bulk("c"), Self.bulk("p")]),
            .push([Self.bulk("messagexxxxxxx"), Self.bulk("c"), Self.bulk("p")]),
            .array([Self.bulk("pong"), Self.bulk("")]),
            .integer(3),
        ]
        for value in hostile {
            #expect(RedisPubSubPush(value) == nil, "\(value)")
        }
        #expect(!RedisPubSubPush.isPubSubArray(.array([Self.bulk("pong"), Self.bulk("")])))
        #expect(RedisPubSubPush.isPubSubArray(.array([Self.bulk("ssubscribe"), Self.bulk("s"), .integer(1)])))
    }
}

@Suite struct RedisSubscriptionBufferTests {
    static func message(_ index: Int) -> RedisPubSubEvent {
        .message(RedisPubSubMessage(kind: .channel, channel: "c", pattern: nil, payload: ByteBuffer(string: "\(index)"), node: "n"))
    }

    static func drain(_ buffer: RedisSubscriptionBuffer) async throws -> [RedisPubSubEvent] {
        buffer.finish()
        var events: [RedisPubSubEvent] = []
        while let event = try await buffer.next() { events.append(event) }
        return events
    }

    static func payloads(_ events: [RedisPubSubEvent]) -> [String] {
        events.map { event in
            switch event {
            case .message(let message): return message.string
            case .gap(let gap): return "gap \(gap.reason)"
            }
        }
    }

    @Test func dropOldestKeepsTheNewestWithAGapInFront() async throws {
        let buffer = RedisSubscriptionBuffer(options: RedisSubscriptionOptions(bufferSize: 3, overflow: .dropOldest))
        for index in 0..<10 { buffer.yield(Self.message(index)) }
        #expect(buffer.counts.dropped == 7)
        let events = try await Self.drain(buffer)
        #expect(Self.payloads(events) == ["gap overflow(dropped: 7)", "7", "8", "9"])
    }

    @Test func dropNewestKeepsTheOldestWithAGapBehind() async throws {
        let buffer = RedisSubscriptionBuffer(options: RedisSubscriptionOptions(bufferSize: 3, overflow: .dropNewest))
        for index in 0..<10 { buffer.yield(Self.message(index)) }
        let events = try await Self.drain(buffer)
        #expect(Self.payloads(events) == ["0", "1", "2", "gap overflow(dropped: 7)"])
    }

    @Test func endSubscriptionThrowsAfterTheBufferedMessages() async throws {
        let buffer = RedisSubscriptionBuffer(options: RedisSubscriptionOptions(bufferSize: 2, overflow: .endSubscription))
        for index in 0..<5 { buffer.yield(Self.message(index)) }
        #expect(Self.payloads([try #require(try await buffer.next()), try #require(try await buffer.next())]) == ["0", "1"])
        await #expect(throws: RedisError.subscriptionOverflow(limit: 2)) { try await buffer.next() }
    }

    /// A consumer waiting for the next event gets it directly; cancelling its task ends the wait.
    @Test func aWaitingConsumerIsHandedTheEventAndCancellationEndsTheWait() async throws {
        let buffer = RedisSubscriptionBuffer(options: RedisSubscriptionOptions(bufferSize: 1))
        let waiting = Task { try await buffer.next() }
        try await Task.sleep(for: .milliseconds(20))
        buffer.yield(Self.message(1))
        #expect(Self.payloads([try #require(try await waiting.value)]) == ["1"])
        let cancelled = Task { try await buffer.next() }
        try await Task.sleep(for: .milliseconds(20))
        cancelled.cancel()
        #expect(try await cancelled.value == nil)
    }
}
