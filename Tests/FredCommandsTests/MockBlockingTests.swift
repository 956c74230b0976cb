import Fred
import FredMock
import FredTestSupport
import NIOCore
import Testing

/// Blocking commands on the mock engine: a client waits for another client's write or for the
/// mock clock, without holding up other clients. (The engine's part, shown with a handler of the
/// test's own; the list, sorted set and stream groups use the same mechanism.)
@Suite(.timeLimit(.minutes(1))) struct MockBlockingTests {
    /// `TAKE key timeout-ms`: removes and returns the string at `key`, or waits for one.
    static let take = RedisMockHandler { context in
        let key = context.arguments[0]
        if let value = try context.string(at: key) {
            context.setEntry(nil, for: key)
            return .bulk(value)
        }
        let timeout = try context.blockingTimeout(milliseconds: 1)
        throw RedisMockBlock(keys: [key], timeout: timeout, timeoutReply: .null)
    }

    static func server() -> RedisMockServer {
        let server = RedisMockServer()
        server.handle("TAKE", with: take)
        return server
    }

    @Test func aWriteFromAnotherClientServesTheWaitingOne() async throws {
        let server = Self.server()
        try await withMockClient(server: server) { waiter async throws in
            try await withMockClient(server: server) { writer async throws in
                async let taken = waiter.send(command: ["TAKE", "job", "0"])
                // Other clients are not held up while it waits.
                try await waitUntil { server.withStorage { $0.blockedClientIDs.count } == 1 }
                #expect(try await writer.set("other", "x"))
                #expect(try await writer.get("other")?.string == "x")
                #expect(try await writer.set("job", "42"))
                #expect(try await taken == .bulkString(ByteBuffer(string: "42")))
                #expect(try await writer.exists(["job"]) == 0, "the waiting client took the value")
            }
        }
    }

    @Test func waitingClientsAreServedInTheOrderTheyBlocked() async throws {
        let server = Self.server()
        server.clock.freeze()
        try await withMockClient(server: server) { writer async throws in
            var waiters: [RedisClient] = []
            for _ in 0..<3 {
                let client = RedisClient(config: try await MockTransport.config(server))
                try await client.connect()
                waiters.append(client)
            }
            try await withThrowingTaskGroup(of: (Int, RESPValue).self) { group in
                for (index, client) in waiters.enumerated() {
                    group.addTask { (index, try await client.send(command: ["TAKE", "q", "0"])) }
                    try await waitUntil { server.withStorage { $0.blockedClientIDs.count } == index + 1 }
                }
                for value in ["a", "b", "c"] {
                    #expect(try await writer.set("q", value))
                }
                var served: [Int: String] = [:]
                for try await (index, reply) in group { served[index] = reply.stringPayload.map { String(buffer: $0) } }
                #expect(served == [0: "a", 1: "b", 2: "c"])
            }
            for client in waiters { try await client.quit() }
        }
    }

    @Test func theTimeoutRunsOnTheMockClock() async throws {
        let server = Self.server()
        server.clock.freeze()
        try await withMockClient(server: server) { client async throws in
            async let reply = client.send(command: ["TAKE", "nothing", "5000"])
            try await waitUntil { server.withStorage { $0.blockedClientIDs.count } == 1 }
            server.clock.advance(by: .milliseconds(4999))
            try await Task.sleep(for: .milliseconds(50))
            #expect(server.withStorage { $0.blockedClientIDs.count } == 1, "not yet: 1 ms of mock time is left")
            server.clock.advance(by: .milliseconds(1))
            #expect(try await reply == .null)
        }
    }

    @Test func withTheSystemClockTheTimeoutComesByItself() async throws {
        let server = Self.server()
        try await withMockClient(server: server) { client async throws in
            let start = ContinuousClock.now
            #expect(try await client.send(command: ["TAKE", "nothing", "100"]) == .null)
            let waited = ContinuousClock.now - start
            // The upper bound only says it came by itself: the main run loads both cores.
            #expect(waited >= .milliseconds(90) && waited < .seconds(20))
        }
    }

    @Test func insideMultiABlockingCommandAnswersAtOnce() async throws {
        let server = Self.server()
        try await withMockConnection(server: server) { client async throws in
            try await client.multi()
            #expect(try await client.send(command: ["TAKE", "nothing", "0"]) == .simpleString(ByteBuffer(string: "QUEUED")))
            #expect(try await client.exec() == [.null])
        }
    }

    @Test func commandsBehindABlockedOneOnTheSameClientWaitForIt() async throws {
        let server = Self.server()
        server.clock.freeze()
        try await withMockClient(server: server) { client async throws in
            async let blocked = client.send(command: ["TAKE", "k", "1000"])
            try await waitUntil { server.withStorage { $0.blockedClientIDs.count } == 1 }
            async let behind = client.ping()
            try await Task.sleep(for: .milliseconds(50))
            server.clock.advance(by: .seconds(1))
            #expect(try await blocked == .null)
            #expect(try await behind == "PONG")
        }
    }

    /// As on a server: cancelling the task ends its wait, not the command, which stays blocked in
    /// its place; the commands behind it run once it is served (its reply reaches nobody).
    @Test func cancellingTheWaitingTaskEndsItsWaitNotTheCommand() async throws {
        let server = Self.server()
        try await withMockClient(server: server) { writer async throws in
            try await withMockClient(server: server) { client async throws in
                let task = Task { try await client.send(command: ["TAKE", "k", "0"]) }
                try await waitUntil { server.withStorage { $0.blockedClientIDs.count } == 1 }
                task.cancel()
                await #expect(throws: CancellationError.self) { try await task.value }
                #expect(server.withStorage { $0.blockedClientIDs.count } == 1, "still blocked on the server")
                async let behind = client.ping()
                try await Task.sleep(for: .milliseconds(50))
                #expect(try await writer.set("k", "v"))
                #expect(try await behind == "PONG")
                #expect(server.withStorage { $0.blockedClientIDs.count } == 0)
            }
        }
    }

    @Test func aKilledClientStopsWaiting() async throws {
        let server = Self.server()
        try await withMockClient(server: server) { killer async throws in
            let victim = RedisClient(config: try await MockTransport.config(server))
            try await victim.connect()
            let id = try await victim.clientId()
            let blocked = Task { try await victim.send(command: ["TAKE", "k", "0"]) }
            try await waitUntil { server.withStorage { $0.blockedClientIDs.count } == 1 }
            #expect(try await killer.clientKill(filters: [.id(id)]) == 1)
            // As over the network: the command was sent and its connection died, so it may have run
            // and is not sent again.
            await #expect(throws: RedisError.connectionClosed(mayHaveRun: true)) { try await blocked.value }
        }
    }

    @Test func clientUnblockEndsTheWaitWithTheTimeoutReplyOrAnError() async throws {
        let server = Self.server()
        try await withMockClient(server: server) { admin async throws in
            try await withMockClient(server: server) { waiter async throws in
                let id = try await waiter.clientId()
                #expect(try await admin.clientUnblock(clientId: id) == false, "not blocked yet")
                let first = Task { try await waiter.send(command: ["TAKE", "k", "0"]) }
                try await waitUntil { server.withStorage { $0.blockedClientIDs.count } == 1 }
                #expect(try await admin.clientUnblock(clientId: id))
                #expect(try await first.value == .null)
                let second = Task { try await waiter.send(command: ["TAKE", "k", "0"]) }
                try await waitUntil { server.withStorage { $0.blockedClientIDs.count } == 1 }
                #expect(try await admin.clientUnblock(clientId: id, reason: .error))
                await #expect(throws: RedisError.server(RedisServerError(message: "UNBLOCKED client unblocked via CLIENT UNBLOCK"))) {
                    try await second.value
                }
            }
        }
    }

    /// As on a server: the command timeout ends the caller's wait, and the command keeps its
    /// place (still blocked) until it is served.
    @Test func theCommandTimeoutAppliesOnTheMockToo() async throws {
        let server = Self.server()
        var config = try await MockTransport.config(server)
        config.commandTimeout = .milliseconds(100)
        let client = RedisClient(config: config)
        try await client.connect()
        await #expect(throws: RedisError.timeout("no reply within the command timeout; the command may still run")) {
            try await client.send(command: ["TAKE", "nothing", "0"])
        }
        // It keeps its place: it blocks (over TCP it may reach the server after the timeout).
        try await waitUntil { server.withStorage { $0.blockedClientIDs.count } == 1 }
        try await withMockClient(server: server) { writer async throws in
            #expect(try await writer.set("nothing", "now something"))
        }
        // The connection is free again. (A generous timeout here: on a loaded machine the tasks of
        // the parallel test run can keep this one waiting longer than 100 ms.)
        #expect(try await RedisClient.withCommandTimeout(.seconds(10)) { try await client.ping() } == "PONG")
        #expect(server.withStorage { $0.blockedClientIDs.count } == 0)
        #expect(server.withStorage { $0.entry(Array("nothing".utf8), database: 0, now: .max) } == nil, "TAKE took it")
        try await client.quit()
    }

    /// Polls `condition` every 5 ms for up to 5 s.
    func waitUntil(_ condition: () async throws -> Bool) async throws {
        for _ in 0..<1000 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("condition not met within 5 s")
    }
}
