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

    /// How long the main run waits for a repair: it shares two cores with hundreds of tests, so
    /// it checks that repairs happen; the isolated run (`PubSubRecoveryTimingTests`) checks how
    /// fast, alone.
    static let generous = Duration.seconds(20)

    /// Waits until `condition` holds, polling every 10 ms, for at most `limit`; returns whether it held.
    static func eventually(within limit: Duration = generous, _ condition: () async throws -> Bool) async rethrows -> Bool {
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

    /// 100 channels, 20 patterns and 50 shard channels, held by two subscriptions that share some:
    /// the server drops every subscriber connection (`CLIENT KILL TYPE pubsub`). Within a second
    /// each is subscribed exactly once again, each subscription has one gap, and a message
    /// published afterwards arrives exactly once.
    static func resubscribesAfterKill(_ client: RedisClient, admin: RedisClient, within limit: Duration) async throws {
        let channels = (0..<100).map { "chan:\($0)" }
        let patterns = (0..<20).map { "pat:\($0):*" }
        let shards = (0..<50).map { "shard:\($0)" }
        let all: [RedisSubscriptionTarget] = channels.map { .channel($0) } + patterns.map { .pattern($0) } + shards.map { .shardChannel($0) }
        let some: [RedisSubscriptionTarget] = [.channel("chan:0"), .pattern("pat:0:*"), .shardChannel("shard:0")]
        try await whileSubscribed(client, to: all) { everything in
            try await whileSubscribed(client, to: some) { few in
                let killedAt = ContinuousClock.now
                #expect(try await admin.clientKill(filters: [.type(.pubsub)]) == 1)  // one connection carries them all
                let recovered = await eventually(within: limit) {
                    guard let numsub = try? await admin.pubsubNumsub(channels: channels.map { RedisValue($0) }),
                          let numpat = try? await admin.pubsubNumpat(),
                          let shardsub = try? await admin.pubsubShardnumsub(shardchannels: shards.map { RedisValue($0) })
                    else { return false }
                    return numsub.values.allSatisfy { $0 == 1 } && numsub.count == 100 && numpat == 20
                        && shardsub.values.allSatisfy { $0 == 1 } && shardsub.count == 50
                        && everything.gaps.withLock { !$0.isEmpty } && few.gaps.withLock { !$0.isEmpty }
                }
                #expect(recovered, "subscriptions not back within \(limit)")
                print("pub/sub recovery after CLIENT KILL TYPE pubsub: \(ContinuousClock.now - killedAt)")
                #expect(everything.gaps.withLock { $0.map(\.reason) } == [.reconnected])
                #expect(everything.gaps.withLock { $0.first?.subscriptions.count } == 170)
                #expect(few.gaps.withLock { $0 } == [RedisPubSubGap(reason: .reconnected, subscriptions: ["chan:0", "pat:0:*", "shard:0"])])
                #expect(try await admin.publish("chan:0", "c") == 1)  // one server subscription, two local ones
                #expect(try await admin.publish("pat:0:x", "p") == 1)
                #expect(try await admin.publish("chan:99", "c99") == 1)
                #expect(try await admin.spublish("shard:0", "s") == 1)
                #expect(try await admin.spublish("shard:49", "s49") == 1)
                #expect(await eventually { everything.messages.withLock { $0.count } >= 5 && few.messages.withLock { $0.count } >= 3 })
                try await Task.sleep(for: .milliseconds(50))
                #expect(everything.payloads.sorted() == ["c", "c99", "p", "s", "s49"])
                #expect(few.payloads.sorted() == ["c", "p", "s"])
            }
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func resubscribesAfterTheServerDropsTheConnection(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, server in
            let admin = RedisClient(config: try RedisConfig(url: server.url))
            try await admin.connect()
            try await Self.resubscribesAfterKill(client, admin: admin, within: Self.generous)
            try await admin.quit()
        }
    }

    /// The same on the mock: its `CLIENT KILL TYPE pubsub` ends the subscriber session, and the
    /// subscriptions come back on a new one.
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func resubscribesOnTheMockAfterItDropsTheConnection(_ version: RESPProtocolVersion) async throws {
        let server = RedisMockServer()
        try await withMockClient(version, server: server) { client in
            try await withMockClient(.resp3, server: server) { admin in
                try await Self.resubscribesAfterKill(client, admin: admin, within: Self.generous)
            }
        }
    }

    /// An ACL that denies one of three channels: the subscription throws `NOPERM`, nothing is
    /// subscribed, and the client goes on working (a permitted subscription, commands).
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func aRefusedSubscriptionThrowsAndSubscribesNothing(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(.resp3) { admin, server in
            try await admin.aclSetuser("app", rules: ["on", ">secret", "~*", "resetchannels", "&allowed:*", "+@all"])
            var config = try RedisConfig(url: server.url)
            config.username = "app"
            config.password = "secret"
            config.protocolVersion = version
            let client = RedisClient(config: config)
            try await client.connect()
            let error = await #expect(throws: RedisError.self) {
                try await client.subscribe(to: ["allowed:1", "allowed:2", "denied"]) { _ in }
            }
            guard case .server(let reply)? = error else { Issue.record("not a server error: \(String(describing: error))"); return }
            #expect(reply.kind == .noPerm)
            let counts = try await admin.pubsubNumsub(channels: ["allowed:1", "allowed:2", "denied"])
            #expect(counts.values.allSatisfy { $0 == 0 })
            try await Self.whileSubscribed(client, to: [.channel("allowed:1")]) { inbox in
                let value172 = try await admin.publish("allowed:1", "ok")
                #expect(value172 == 1)
                #expect(await Self.eventually { inbox.payloads == ["ok"] })
            }
            _ = try await client.set("still", "working")
            #expect(try await client.get("still")?.string == "working")
            try await client.quit()
        }
    }

    /// Cancelling the task that consumes a subscription ends it and unsubscribes: by the time the
    /// task is done, the server counts no subscriber.
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func cancellingTheConsumerUnsubscribes(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, server in
            let admin = RedisClient(config: try RedisConfig(url: server.url))
            try await admin.connect()
            let consumer = Task {
                try await client.subscribe(to: ["jobs"]) { subscription in
                    for try await _ in subscription {}
                }
            }
            #expect(await Self.eventually { (try? await client.pubsubNumsub(channels: ["jobs"]))?["jobs"] == 1 })
            consumer.cancel()
            try await consumer.value
            #expect(try await client.pubsubNumsub(channels: ["jobs"])["jobs"] == 0)
            // Nothing lingers: subscribing again works at once.
            try await client.subscribe(to: ["jobs"]) { _ in
                let value197 = try await client.pubsubNumsub(channels: ["jobs"])["jobs"]
                #expect(value197 == 1)
            }
            // The client's connections: the shared one and one subscriber connection, reused;
            // after quit, none is left.
            let own = try await admin.clientList().filter { $0.name == client.name }
            #expect(own.count == 2)
            try await client.quit()
            #expect(await Self.eventually { (try? await admin.clientList().filter { $0.name == client.name }.count) == 0 })
            try await admin.quit()
        }
    }

    /// A message larger than the server's pub/sub output-buffer limit makes the server close the
    /// subscriber connection: the subscription sees a gap, is back within a second, and the
    /// publisher is not affected.
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func theServerClosingASlowSubscriberIsAGap(_ version: RESPProtocolVersion) async throws {
        try await Self.serverClosesSubscriber(version, within: Self.generous)
    }

    static func serverClosesSubscriber(_ version: RESPProtocolVersion, within limit: Duration) async throws {
        try await withConnectedClient(version, serverArguments: ["--client-output-buffer-limit", "pubsub 1mb 512kb 60"]) { client, server in
            let publisher = RedisClient(config: try RedisConfig(url: server.url))
            try await publisher.connect()
            try await Self.whileSubscribed(client, to: [.channel("feed")]) { inbox in
                let big = RedisValue(ByteBuffer(repeating: UInt8(ascii: "x"), count: 2 << 20))
                let value212 = try await publisher.publish("feed", big)
                #expect(value212 == 1)
                let dropped = ContinuousClock.now
                let recovered = await Self.eventually(within: limit) {
                    guard inbox.gaps.withLock({ !$0.isEmpty }) else { return false }
                    return (try? await publisher.pubsubNumsub(channels: ["feed"]))?["feed"] == 1
                }
                #expect(recovered, "not back within \(limit)")
                print("pub/sub recovery after the server closed a subscriber over its output-buffer limit: \(ContinuousClock.now - dropped)")
                #expect(inbox.gaps.withLock { $0 } == [RedisPubSubGap(reason: .reconnected, subscriptions: ["feed"])])
                let value219 = try await publisher.publish("feed", "after")
                #expect(value219 == 1)
                #expect(await Self.eventually { inbox.payloads == ["after"] })
            }
            try await publisher.quit()
        }
    }

    /// Subscriptions on the shared RESP3 connection, which also publishes to the subscribed
    /// channel (the server sends the message push before the PUBLISH reply): 50 tasks × 20
    /// PUBLISH and ECHO each get their own reply, and every message arrives once.
    @Test func sharedRESP3ConnectionPublishingToItself() async throws {
        try await withRedisServer { server in
            var config = try RedisConfig(url: server.url)
            config.pubSubConnection = .shared
            let client = RedisClient(config: config)
            try await client.connect()
            try await Self.whileSubscribed(client, to: [.channel("self")]) { inbox in
                #expect(try await client.clientList().count == 1)  // no second connection
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for task in 0..<50 {
                        group.addTask {
                            for index in 0..<20 {
                                let payload = "\(task):\(index)"
                                let value242 = try await client.publish("self", payload)
                                #expect(value242 == 1)
                                let value243 = try await client.echo(payload).string
                                #expect(value243 == payload)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                #expect(await Self.eventually { inbox.messages.withLock { $0.count } >= 1000 })
                #expect(Set(inbox.payloads).count == 1000 && inbox.payloads.count == 1000)
            }
            try await client.quit()

            config.protocolVersion = .resp2
            let resp2 = RedisClient(config: config)
            try await resp2.connect()
            await #expect(throws: RedisError.self) { try await resp2.subscribe(to: ["x"]) { _ in } }
            try await resp2.quit()
        }
    }
}
