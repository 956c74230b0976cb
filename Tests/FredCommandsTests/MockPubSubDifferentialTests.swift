import Foundation
import Fred
import FredMock
import FredTestSupport
import NIOCore
import Testing

/// Pub/sub on the mock against a real server: the same subscribers (`redis-cli` processes on the
/// server, since Fred's client has no pub/sub API yet; engine sessions on the mock), the same
/// publishes, and the same counts, introspection and received messages, line for line.
@Suite(.timeLimit(.minutes(1))) struct MockPubSubDifferentialTests {
    static let subscribers: [[String]] = [
        ["SUBSCRIBE", "news", "sport"], ["PSUBSCRIBE", "n*", "s?ort"], ["SUBSCRIBE", "news"], ["SSUBSCRIBE", "news", "shard"],
    ]
    /// (command, channel, message)
    static let publishes: [(String, String, String)] = [
        ("PUBLISH", "news", "hello"), ("PUBLISH", "sport", "goal"), ("PUBLISH", "nx", "1"), ("PUBLISH", "other", "nobody"),
        ("SPUBLISH", "news", "sharded"), ("SPUBLISH", "shard", "s1"), ("PUBLISH", "news", "bye"), ("PUBLISH", "shard", "not sharded"),
    ]

    /// What one side answered: PUBLISH counts and PUBSUB replies, then each subscriber's lines.
    struct Outcome: Equatable {
        var replies: [String] = []
        var received: [[String]] = []
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func publishAndIntrospectionAgreeWithTheServer(_ version: RESPProtocolVersion) async throws {
        let mock = try await mockOutcome(version)
        let real = try await serverOutcome(version)
        #expect(mock.replies == real.replies)
        #expect(mock.received == real.received)
        #expect(real.received[1].contains("pmessage"), "the pattern subscriber received pattern messages")
    }

    static func introspect(_ client: RedisClient, into outcome: inout Outcome) async throws {
        for (command, channel, message) in publishes {
            outcome.replies.append("\(try await client.send(command: [command, channel, message]))")
        }
        let channels = try await client.send(command: ["PUBSUB", "CHANNELS"])
        if case .array(let names) = channels { outcome.replies.append(names.map(\.description).sorted().joined(separator: ",")) }
        for words in [
            ["PUBSUB", "CHANNELS", "s*"], ["PUBSUB", "NUMSUB", "news", "sport", "other"], ["PUBSUB", "NUMPAT"],
            ["PUBSUB", "SHARDCHANNELS"], ["PUBSUB", "SHARDCHANNELS", "n*"], ["PUBSUB", "SHARDNUMSUB", "news", "shard", "x"], ["PUBSUB", "HELP"],
        ] {
            let reply = try await client.send(command: words)
            if words[1].hasSuffix("CHANNELS"), case .array(let names) = reply {
                outcome.replies.append(names.map(\.description).sorted().joined(separator: ","))  // in hash order on a server
            } else {
                outcome.replies.append("\(reply)")
            }
        }
    }

    func mockOutcome(_ version: RESPProtocolVersion) async throws -> Outcome {
        let server = RedisMockServer()
        var outcome = Outcome()
        var sessions: [MockSession] = []
        var streams: [AsyncStream<RESPValue>] = []
        for words in Self.subscribers {
            let session = try await MockSession(server: server, protocolVersion: version)
            streams.append(server.pushes(to: try await session.clientId()))
            try await session.send(words)
            sessions.append(session)
        }
        try await withMockClient(version, server: server) { publisher async throws in
            try await Self.introspect(publisher, into: &outcome)
        }
        for session in sessions { session.close() }
        for stream in streams {
            var lines: [String] = []
            for await push in stream {
                // A push frame in RESP3, an array in RESP2: what the subscriber's connection carries.
                let items: [RESPValue]
                switch (version, push) {
                case (.resp3, .push(let elements)), (.resp2, .array(let elements)): items = elements
                default:
                    Issue.record("a \(version) subscriber got \(push)")
                    continue
                }
                lines += items.map { item in
                    if case .integer(let number) = item { return String(number) }
                    return item.stringPayload.map { String(buffer: $0) } ?? ""
                }
            }
            outcome.received.append(lines)
        }
        return outcome
    }

    func serverOutcome(_ version: RESPProtocolVersion) async throws -> Outcome {
        var outcome = Outcome()
        try await withConnectedClient(version) { client, server async throws in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fred-pubsub-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            var processes: [Process] = []
            var files: [URL] = []
            for (index, words) in Self.subscribers.enumerated() {
                let file = directory.appendingPathComponent("\(index).txt")
                FileManager.default.createFile(atPath: file.path, contents: nil)
                processes.append(try redisCLI(port: server.port, words, output: try FileHandle(forWritingTo: file)))
                files.append(file)
                // One at a time, so that the server numbers the subscriptions as the mock does.
                try await eventually {
                    let lines = (try? String(contentsOf: file, encoding: .utf8))?.split(separator: "\n") ?? []
                    return lines.count == (words.count - 1) * 3
                }
            }
            defer { for process in processes where process.isRunning { process.terminate() } }
            try await Self.introspect(client, into: &outcome)
            let expected = [6 + 3 * 3, 6 + 4 * 4, 3 + 2 * 3, 6 + 2 * 3]  // confirmations, then the messages each receives
            for (file, count) in zip(files, expected) {
                try await eventually {
                    ((try? String(contentsOf: file, encoding: .utf8))?.split(separator: "\n").count ?? 0) >= count
                }
                let text = try String(contentsOf: file, encoding: .utf8)
                outcome.received.append(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty })
            }
        }
        return outcome
    }

    func redisCLI(port: Int, _ words: [String], output: FileHandle) throws -> Process {
        let candidates = ["/usr/bin/redis-cli", "/usr/local/bin/redis-cli", "/opt/homebrew/bin/redis-cli"]
        let path = try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) }, "redis-cli is not installed")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-h", "127.0.0.1", "-p", String(port), "--raw"] + words
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func eventually(_ condition: () async throws -> Bool) async throws {
        for _ in 0..<400 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("not reached within 4 s")
    }
}
