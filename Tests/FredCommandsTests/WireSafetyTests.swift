import Fred
import FredTestSupport
import NIOCore
import Testing

/// Bytes that break other clients: arguments with protocol characters in them, servers that close
/// idle connections.
@Suite(.timeLimit(.minutes(1))) struct WireSafetyTests {
    /// Keys and values with `\r\n`, NUL, invalid UTF-8, nothing at all, or 8 MiB come back byte for
    /// byte, and every byte the client sends is a RESP array of bulk strings (never an inline
    /// command a stray `\r\n` could split).
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func awkwardArgumentsRoundTripByteForByte(_ version: RESPProtocolVersion) async throws {
        try await withRedisServer { server in
            let proxy = try await RedisFaultProxy.start(to: server.port)
            proxy.startRecording()
            let client = RedisClient(config: RedisConfig(port: proxy.port, protocolVersion: version))
            try await client.connect()
            // 8 MiB holding every byte value, built with bulk copies (a byte-by-byte loop takes
            // seconds in a debug build and starves the other tests).
            var large = ByteBuffer()
            let everyByte = (0...255).map { UInt8($0) }.shuffled()
            for _ in 0..<(8 << 12) { large.writeBytes(everyByte) }
            let values: [[UInt8]] = [
                Array("line one\r\nSET injected yes\r\n".utf8),
                [0, 0, 1, 0],
                [0xFF, 0xFE, 0xC3, 0x28, 0xED, 0xA0, 0x80],  // not UTF-8
                [],
                Array("\r\n".utf8),
                Array(large.readableBytesView),
            ]
            for (index, value) in values.enumerated() {
                let key = Array("key\r\n\0\(index)".utf8) + [0xFF]
                #expect(try await client.set(key, value))
                let stored = try await client.get(key)
                #expect(stored?.bytes == value, "value \(index) came back changed")
                #expect(try await client.strlen(key) == value.count)
            }
            #expect(try await client.exists(["injected"]) == 0)
            #expect(try await client.dbsize() == values.count)
            try await client.quit()
            await proxy.stop()

            // Everything sent decodes as arrays of bulk strings, with nothing left over.
            var sent = ByteBuffer(bytes: proxy.recordedFromClients)
            var decoder = RESPDecoder()
            var commands = 0
            while let frame = try decoder.decode(buffer: &sent) {
                guard case .array(let words) = frame, !words.isEmpty,
                      words.allSatisfy({ if case .bulkString = $0 { true } else { false } })
                else {
                    Issue.record("sent a frame that is not an array of bulk strings: \(frame.kindDescription)")
                    break
                }
                commands += 1
            }
            #expect(sent.readableBytes == 0)
            #expect(commands >= 3 * values.count + 2)
        }
    }

    /// A server that closes idle connections (`timeout 1`): after 4 s idle, 100 writes succeed
    /// with no error and each runs once. (The server closes idle clients from its once-a-second
    /// cron; 4 s leaves room for a server descheduled by the loaded main run, so that the close
    /// does not coincide with the writes.)
    @Test func serverIdleTimeoutIsInvisible() async throws {
        try await withRedisServer(["--timeout", "1"]) { server in
            var config = try RedisConfig(url: server.url)
            config.reconnectPolicy = .constant(.milliseconds(20))
            // Under the loaded main run the handshake itself may outlast the server's 1 s idle
            // timeout; connecting tries again instead of failing.
            config.failFast = false
            let client = RedisClient(config: config)
            try await client.connect()
            let firstID = try await client.clientId()
            try await Task.sleep(for: .milliseconds(4000))
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<100 { group.addTask { try await client.incr("n") } }
                try await group.waitForAll()
            }
            #expect(try await client.get("n")?.int == 100)
            #expect(try await client.clientId() != firstID, "the server closed the idle connection")
            try await client.quit()
        }
    }
}
