import Fred
import FredMock
import FredTestSupport
import Testing

/// The blocking list commands on the mock engine: a parked client is served by another client's
/// push, or answered null when the mock clock passes its timeout. (The differential run cannot
/// show this: it sends one command at a time.)
@Suite(.timeLimit(.minutes(1))) struct MockListsBlockingTests {
    /// Waits until `server` holds a parked client.
    private func waitUntilBlocked(_ server: RedisMockServer) async throws {
        while server.withStorage({ $0.blockedClientIDs.isEmpty }) {
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func blockedPopsAreServedByAnotherClientsPush(_ version: RESPProtocolVersion) async throws {
        let server = RedisMockServer()
        try await withMockClient(version, server: server) { waiter async throws in
            try await withMockClient(server: server) { writer async throws in
                let commands: [(blocking: [String], push: [String], expected: RESPValue)] = [
                    (["BLPOP", "a", "b", "0"], ["RPUSH", "b", "x", "y"], .array([.bulk("b"), .bulk("x")])),
                    (["BRPOP", "h", "a", "0"], ["RPUSH", "a", "z"], .array([.bulk("a"), .bulk("z")])),
                    (["BLMOVE", "c", "d", "LEFT", "RIGHT", "0"], ["LPUSH", "c", "m"], .bulk("m")),
                    (["BRPOPLPUSH", "e", "d", "0"], ["RPUSH", "e", "n"], .bulk("n")),
                    (["BLMPOP", "0", "2", "f", "g", "RIGHT", "COUNT", "5"], ["RPUSH", "g", "1", "2"],
                     .array([.bulk("g"), .array([.bulk("2"), .bulk("1")])])),
                ]
                for command in commands {
                    let blocked = Task { try await waiter.send(command: command.blocking) }
                    try await waitUntilBlocked(server)
                    _ = try await writer.send(command: command.push)
                    #expect(try await blocked.value == command.expected, "\(command.blocking)")
                }
                // The moved elements arrived, and the served lists are gone or shorter.
                #expect(try await writer.send(command: ["LRANGE", "d", "0", "-1"]) == .array([.bulk("n"), .bulk("m")]))
                #expect(try await writer.send(command: ["LRANGE", "b", "0", "-1"]) == .array([.bulk("y")]))
                #expect(try await writer.send(command: ["EXISTS", "a", "c", "e", "g"]) == .integer(0))
            }
        }
    }

    @Test func aParkedClientIgnoresKeysOfAnotherType() async throws {
        let server = RedisMockServer()
        try await withMockClient(server: server) { waiter async throws in
            try await withMockClient(server: server) { writer async throws in
                let pop = Task { try await waiter.send(command: ["BLPOP", "s", "l", "0"]) }
                try await waitUntilBlocked(server)
                _ = try await writer.send(command: ["SET", "s", "string"])
                _ = try await writer.send(command: ["RPUSH", "l", "a"])
                #expect(try await pop.value == .array([.bulk("l"), .bulk("a")]))

                let move = Task { try await waiter.send(command: ["BLMOVE", "t", "d", "LEFT", "LEFT", "0"]) }
                try await waitUntilBlocked(server)
                _ = try await writer.send(command: ["SET", "t", "string"])
                _ = try await writer.send(command: ["DEL", "t"])
                _ = try await writer.send(command: ["RPUSH", "t", "b"])
                #expect(try await move.value == .bulk("b"))
            }
        }
    }

    @Test func blockedPopsTimeOutOnTheMockClockAndAnswerAtOnceInsideMulti() async throws {
        let server = RedisMockServer()
        server.clock.freeze(at: 1_700_000_000_000)
        try await withMockClient(server: server) { client async throws in
            for command in [["BLPOP", "none", "1.5"], ["BLMOVE", "none", "d", "LEFT", "LEFT", "2"], ["BLMPOP", "1", "1", "none", "LEFT"]] {
                let blocked = Task { try await client.send(command: command) }
                try await waitUntilBlocked(server)
                server.clock.advance(by: .milliseconds(1_000))
                server.clock.advance(by: .milliseconds(1_000))
                #expect(try await blocked.value == .null, "\(command)")
            }
            let replies = try await client.execute([
                RedisCommands.multi(), RedisCommands.blpop(["none"], timeout: 0), RedisCommands.brpoplpush("none", "d", timeout: 0), RedisCommands.exec(),
            ])
            #expect(try replies.last?.get() == .array([.null, .null]), "inside a transaction sent as one batch, blocking commands answer at once")
        }
    }
}
