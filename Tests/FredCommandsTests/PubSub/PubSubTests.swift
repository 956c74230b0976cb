import Fred
import FredMock
import FredTestSupport
import NIOCore
import Synchronization
import Testing

/// Subscriptions on one server: delivery, sharing, unsubscribing on every way out, refusals, and
/// the repair after the server drops the subscriber connection. RESP2 and RESP3, on a real server
/// and on the mock.
@Suite(.timeLimit(.minutes(2))) struct PubSubTests {
    /// Collects what a subscription yields, for assertions from another task.
    final class Inbox: Sendable {
        let messages = Mutex<[RedisPubSubMessage]>([])
        let gaps = Mutex<[RedisPubSubGap]>([])

        func take(_ event: RedisPubSubEvent) {
            switch event {
            case .message(let message): messages.withLock { $0.append(message) }
            case .gap(let gap): gaps.withLock { $0.append(gap) }
            }
        }

        var payloads: [String] { messages.withLock { $0.map(\.string) } }
    }

    /// Waits until `condition` holds, polling every 10 ms, for at most `limit`; returns whether it held.
    static func eventually(within limit: Duration = .seconds(5), _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return try await condition()
    }

    /// Runs `body` while `client` is subscribed to `targets`, with its events collected in an inbox;
    /// the subscription is confirmed when `body` starts.
    static func whileSubscribed(
        _ client: some RedisSubscribing, to targets: [RedisSubscriptionTarget], options: RedisSubscriptionOptions = RedisSubscriptionOptions(),
        _ body: @Sendable (Inbox) async throws -> Void
    ) async throws {
        let inbox = Inbox()
        try await client.withSubscription(to: targets, options: options, isolation: #isolation) { subscription in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await event in subscription { inbox.take(event) }
                }
                try await body(inbox)
                group.cancelAll()
                try await group.waitForAll()
            }
        }
    }

    /// Messages, patterns (with the pattern that matched), shard channels and binary payloads,
    /// each once, from another client's PUBLISH.
    static func delivery(_ client: RedisClient, publisher: RedisClient) async throws {
        let binary: [UInt8] = [0, 13, 10, 255, 36]
        try await whileSubscribed(client, to: [.channel("news"), .pattern("user:*"), .shardChannel("{s}1")]) { inbox in
            let receivers = [
                try await publisher.publish("news", "hello"), try await publisher.publish("user:7", RedisValue(binary)),
                try await publisher.spublish("{s}1", "shard"), try await publisher.publish("elsewhere", "nobody"),
            ]
            #expect(receivers == [1, 1, 1, 0])
            #expect(await eventually { inbox.messages.withLock { $0.count } == 3 })
            let messages = inbox.messages.withLock { $0 }
            #expect(messages.map(\.kind) == [.channel, .pattern, .shardChannel])
            #expect(messages[0].channel == "news" && messages[0].string == "hello" && messages[0].pattern == nil)
            #expect(messages[1].channel == "user:7" && messages[1].pattern == "user:*")
            #expect(Array(messages[1].payload.readableBytesView) == binary)
            #expect(messages[2].channel == "{s}1" && messages[2].string == "shard")
            #expect(inbox.gaps.withLock { $0 }.isEmpty)
        }
        // Leaving the scope unsubscribed everything.
        #expect(try await publisher.pubsubNumsub(channels: ["news"])["news"] == 0)
        #expect(try await publisher.pubsubNumpat() == 0)
        #expect(try await publisher.pubsubShardnumsub(shardchannels: ["{s}1"])["{s}1"] == 0)
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func deliversOnARealServer(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, server in
            let publisher = RedisClient(config: try RedisConfig(url: server.url))
            try await publisher.connect()
            try await Self.delivery(client, publisher: publisher)
            try await publisher.quit()
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func deliversOnTheMock(_ version: RESPProtocolVersion) async throws {
        let server = RedisMockServer()
        try await withMockClient(version, server: server) { client in
            try await withMockClient(.resp3, server: server) { publisher in
                try await Self.delivery(client, publisher: publisher)
            }
        }
    }
}
