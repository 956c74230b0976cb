import Fred
import FredMock
import FredTestSupport
import NIOCore
import Testing

/// Pub/sub between the clients of one mock server: what PUBLISH counts, what subscribers receive
/// (read from the server's push streams), and what PUBSUB reports.
@Suite(.timeLimit(.minutes(1))) struct MockPubSubTests {
    static func push(_ words: [String], count: Int? = nil) -> RESPValue {
        .push(words.map { .bulkString(ByteBuffer(string: $0)) } + (count.map { [.integer($0)] } ?? []))
    }

    @Test func publishedMessagesReachChannelAndPatternSubscribers() async throws {
        let server = RedisMockServer()
        let subscriber = try await MockSession(server: server)
        defer { subscriber.close() }
        do {
            try await withMockClient(.resp2, server: server) { publisher async throws in
                let pushes = server.pushes(to: try await subscriber.clientId())
                var received = pushes.makeAsyncIterator()
                try await subscriber.send(["SUBSCRIBE", "news", "sport"])
                try await subscriber.send(["PSUBSCRIBE", "n*"])
                #expect(try await publisher.publish("news", "hello") == 2, "the channel and the pattern")
                #expect(try await publisher.publish("weather", "rain") == 0)
                #expect(try await publisher.publish("sport", "goal") == 1)
                var seen: [RESPValue] = []
                for _ in 0..<6 { if let next = await received.next() { seen.append(next) } }
                #expect(seen == [
                    Self.push(["subscribe", "news"], count: 1), Self.push(["subscribe", "sport"], count: 2),
                    Self.push(["psubscribe", "n*"], count: 3),
                    Self.push(["message", "news", "hello"]), Self.push(["pmessage", "n*", "news", "hello"]),
                    Self.push(["message", "sport", "goal"]),
                ])
                #expect(try await publisher.pubsubChannels().map(\.string).sorted() == ["news", "sport"])
                #expect(try await publisher.pubsubChannels(pattern: "s*").map(\.string) == ["sport"])
                #expect(try await publisher.pubsubNumpat() == 1)
                #expect(try await publisher.pubsubNumsub(channels: ["news", "none"]) == ["news": 1, "none": 0])
                try await subscriber.send(["UNSUBSCRIBE"])
                #expect(await received.next() == Self.push(["unsubscribe", "news"], count: 2))
                #expect(await received.next() == Self.push(["unsubscribe", "sport"], count: 1))
                #expect(try await publisher.publish("news", "again") == 1, "the pattern only")
                try await subscriber.send(["PUNSUBSCRIBE"])
                #expect(try await publisher.publish("news", "nobody") == 0)
                #expect(try await publisher.pubsubNumpat() == 0)
            }
        }
    }

    @Test func aDisconnectedSubscriberReceivesNothingMore() async throws {
        let server = RedisMockServer()
        try await withMockClient(server: server) { publisher async throws in
            let subscriber = try await MockSession(server: server)
            let pushes = server.pushes(to: try await subscriber.clientId())
            try await subscriber.send(["SUBSCRIBE", "c"])
            #expect(try await publisher.publish("c", "1") == 1)
            subscriber.close()
            #expect(try await publisher.publish("c", "2") == 0)
            var all: [RESPValue] = []
            for await push in pushes { all.append(push) }  // ends: the client is gone
            #expect(all == [Self.push(["subscribe", "c"], count: 1), Self.push(["message", "c", "1"])])
        }
    }

    @Test func aSubscribedRESP2ClientMaySendOnlyThePubSubCommands() async throws {
        let server = RedisMockServer()
        do {
            let client = try await MockSession(server: server, protocolVersion: .resp2)
            defer { client.close() }
            try await client.send(["SUBSCRIBE", "c"])
            await #expect(throws: RedisError.server(RedisServerError(message:
                "ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"
            ))) { try await client.send(["GET", "k"]) }
            #expect(try await client.send(["PING"]) == .array([.bulkString(ByteBuffer(string: "pong")), .bulkString(ByteBuffer())]))
            try await client.send(["UNSUBSCRIBE"])
            #expect(try await client.send(["GET", "k"]) == .null)
        }
        // RESP3 connections may send anything while subscribed.
        let client = try await MockSession(server: server, protocolVersion: .resp3)
        defer { client.close() }
        try await client.send(["SUBSCRIBE", "c"])
        #expect(try await client.send(["GET", "k"]) == .null)
    }
}
