import Fred
import FredMock
import FredTestSupport
import NIOCore
import Testing

/// Blocked `XREAD`/`XREADGROUP` on the mock against a real server: one client blocks, another
/// writes, and both sides must tell the same story (which key is served, with what, or which
/// error ends the wait). The differential run cannot show this: it waits for each reply.
@Suite(.timeLimit(.minutes(1))) struct MockStreamBlockingTests {
    /// Long enough for a write to reach the server (and serve or not serve the reader) before the
    /// next step.
    static let pause = Duration.milliseconds(300)

    /// Waits until `count` clients are blocked (`INFO clients`, which the mock reports too), so
    /// that a write comes after the reader blocked on either side, however loaded the machine.
    static func blocked(_ count: Int, asking client: RedisClient) async {
        for _ in 0..<1000 {
            if let text = (try? await client.send(command: ["INFO", "clients"]))?.stringPayload,
               String(buffer: text).contains("blocked_clients:\(count)\r\n") {
                return
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    static func reply(_ client: RedisClient, _ words: [String]) async -> String {
        do {
            return "\(try await client.send(command: words))"
        } catch RedisError.server(let error) {
            return "error: \(error.message)"
        } catch {
            return "client error: \(error)"
        }
    }

    /// Runs story `number` with `reader` blocking and `writer` writing; returns every reply.
    static func story(_ number: Int, reader: RedisClient, writer: RedisClient) async -> [String] {
        var replies: [String] = []
        func write(_ words: [String]) async { replies.append(await reply(writer, words)) }
        switch number {
        case 0:  // an add serves a reader waiting on `$`
            async let read = reply(reader, ["XREAD", "BLOCK", "5000", "STREAMS", "s", "$"])
            await blocked(1, asking: writer)
            await write(["XADD", "s", "5-0", "f", "v"])
            replies.append(await read)
        case 1:  // the group is destroyed under a blocked XREADGROUP
            await write(["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"])
            async let read = reply(reader, ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "5000", "STREAMS", "s", ">"])
            await blocked(1, asking: writer)
            await write(["XGROUP", "DESTROY", "s", "g"])
            replies.append(await read)
        case 2:  // another type at the key: XREAD waits on, and times out
            async let read = reply(reader, ["XREAD", "BLOCK", "800", "STREAMS", "t", "0"])
            await blocked(1, asking: writer)
            await write(["SET", "t", "x"])
            replies.append(await read)
        case 3:  // a group read served, then its pending entry and lag
            await write(["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"])
            async let read = reply(reader, ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "5000", "STREAMS", "s", ">"])
            await blocked(1, asking: writer)
            await write(["XADD", "s", "7-0", "f", "v"])
            replies.append(await read)
            await write(["XPENDING", "s", "g"])
            await write(["XINFO", "GROUPS", "s"])
        case 4:  // of two keys, only the one written is served
            async let read = reply(reader, ["XREAD", "BLOCK", "5000", "STREAMS", "s1", "s2", "$", "$"])
            await blocked(1, asking: writer)
            await write(["XADD", "s2", "5-0", "f", "v"])
            replies.append(await read)
        case 5:  // moving the group's ID wakes no one; the next add serves from the new ID
            await write(["XADD", "s", "1-0", "f", "v"])
            await write(["XGROUP", "CREATE", "s", "g", "$"])
            async let read = reply(reader, ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "5000", "STREAMS", "s", ">"])
            await blocked(1, asking: writer)
            await write(["XGROUP", "SETID", "s", "g", "0"])
            try? await Task.sleep(for: pause)
            await write(["XADD", "s", "2-0", "f", "v"])
            replies.append(await read)
        case 6:  // an entry added and deleted in one transaction: served, with nothing
            await write(["XADD", "s", "1-0", "f", "v"])
            async let read = reply(reader, ["XREAD", "BLOCK", "5000", "STREAMS", "s", "$"])
            await blocked(1, asking: writer)
            for words in [["MULTI"], ["XADD", "s", "2-0", "f", "v"], ["XDEL", "s", "2-0"], ["EXEC"]] { await write(words) }
            replies.append(await read)
        case 7:  // COUNT caps what a served reader gets
            await write(["XADD", "s", "1-0", "f", "v"])
            async let read = reply(reader, ["XREAD", "COUNT", "1", "BLOCK", "5000", "STREAMS", "s", "$"])
            await blocked(1, asking: writer)
            for words in [["MULTI"], ["XADD", "s", "2-0", "f", "v"], ["XADD", "s", "3-0", "f", "v"], ["EXEC"]] { await write(words) }
            replies.append(await read)
        case 8, 9:  // the key deleted or overwritten under a blocked XREADGROUP
            await write(["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"])
            async let read = reply(reader, ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "5000", "STREAMS", "s", ">"])
            await blocked(1, asking: writer)
            await write(number == 8 ? ["DEL", "s"] : ["SET", "s", "x"])
            replies.append(await read)
        case 10:  // an empty stream created under a reader waits on; an add then serves it
            async let read = reply(reader, ["XREAD", "BLOCK", "5000", "STREAMS", "s", "$"])
            await blocked(1, asking: writer)
            await write(["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"])
            try? await Task.sleep(for: pause)
            await write(["XADD", "s", "3-0", "f", "v"])
            replies.append(await read)
        case 11:  // timeouts
            replies.append(await reply(reader, ["XREAD", "BLOCK", "100", "STREAMS", "s", "$"]))
            await write(["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"])
            replies.append(await reply(reader, ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "100", "STREAMS", "s", ">"]))
            await write(["XINFO", "GROUPS", "s"])
        case 12:  // NOACK: served, nothing pending
            await write(["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"])
            async let read = reply(reader, ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "5000", "NOACK", "STREAMS", "s", ">"])
            await blocked(1, asking: writer)
            await write(["XADD", "s", "7-0", "f", "v"])
            replies.append(await read)
            await write(["XPENDING", "s", "g"])
            await write(["XINFO", "GROUPS", "s"])
        default:  // several adds in one transaction serve them all
            async let read = reply(reader, ["XREAD", "BLOCK", "5000", "STREAMS", "s", "0"])
            await blocked(1, asking: writer)
            for words in [["MULTI"], ["XADD", "s", "1-0", "f", "v"], ["XADD", "s", "2-0", "f", "v"], ["EXEC"]] { await write(words) }
            replies.append(await read)
        }
        return replies
    }

    @Test(arguments: 0...13)
    func blockedReadsAgreeWithTheServer(_ number: Int) async throws {
        for version in [RESPProtocolVersion.resp2, .resp3] {
            let real = try await withRedisServer { server in
                var config = try RedisConfig(url: server.url)
                config.protocolVersion = version
                return try await Self.run(number, config: config)
            }
            let mock = try await Self.run(number, config: try await MockTransport.config(RedisMockServer(), protocolVersion: version))
            #expect(mock == real, "story \(number), \(version)")
        }
    }

    static func run(_ number: Int, config: RedisConfig) async throws -> [String] {
        let reader = RedisClient(config: config)
        let writer = RedisClient(config: config)
        try await reader.connect()
        try await writer.connect()
        let replies = await story(number, reader: reader, writer: writer)
        try? await reader.quit()
        try? await writer.quit()
        return replies
    }
}
