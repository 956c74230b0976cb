import Fred
import FredMock
import FredTestSupport
import NIOCore
import Testing

/// MULTI/EXEC on the mock engine through the typed methods, on a connection of its own (the shared
/// one refuses them). (The differential run compares the
/// engine's transactions with a server's on random sequences; these pin what applications do.)
@Suite(.timeLimit(.minutes(1))) struct MockTransactionTests {
    @Test func execRunsTheQueueInOrder() async throws {
        try await withMockConnection { client async throws in
            try await client.multi()
            #expect(try await client.send(command: ["SET", "k", "1"]) == .simpleString(ByteBuffer(string: "QUEUED")))
            _ = try await client.send(command: ["INCR", "k"])
            _ = try await client.send(command: ["INCR", "not-a-number-below"])
            _ = try await client.send(command: ["SET", "s", "text"])
            _ = try await client.send(command: ["INCR", "s"])  // fails when run, not when queued
            let replies = try await client.exec()
            #expect(replies?.count == 5)
            #expect(replies?[1] == .integer(2))
            #expect(replies?[4] == .simpleError(ByteBuffer(string: "ERR value is not an integer or out of range")))
            #expect(try await client.get("k")?.string == "2")
        }
    }

    @Test func aQueueingErrorDiscardsTheTransaction() async throws {
        try await withMockConnection { client async throws in
            try await client.multi()
            _ = try await client.send(command: ["SET", "k", "1"])
            await #expect(throws: RedisError.server(RedisServerError(message: "ERR wrong number of arguments for 'get' command"))) {
                try await client.send(command: ["GET"])
            }
            await #expect(throws: RedisError.server(RedisServerError(message: "EXECABORT Transaction discarded because of previous errors."))) {
                try await client.exec()
            }
            #expect(try await client.get("k") == nil)
        }
    }

    @Test func aWatchedKeyWrittenByAnotherClientAbortsExec() async throws {
        let server = RedisMockServer()
        try await withMockConnection(server: server) { client async throws in
            try await withMockClient(server: server) { other async throws in
                #expect(try await client.set("balance", "10"))
                try await client.watch(["balance"])
                #expect(try await other.set("balance", "20"))
                try await client.multi()
                _ = try await client.send(command: ["SET", "balance", "11"])
                #expect(try await client.exec() == nil, "EXEC answers null: the watched key changed")
                #expect(try await client.get("balance")?.string == "20")

                // Unchanged, it goes through; EXEC also ends the watch.
                try await client.watch(["balance"])
                try await client.multi()
                _ = try await client.send(command: ["INCR", "balance"])
                #expect(try await client.exec() == [.integer(21)])
                #expect(try await other.set("balance", "0"))
                try await client.multi()
                #expect(try await client.exec() == [])
            }
        }
    }

    @Test func misuseGivesTheServersErrors() async throws {
        try await withMockConnection { client async throws in
            await #expect(throws: RedisError.server(RedisServerError(message: "ERR EXEC without MULTI"))) { try await client.exec() }
            await #expect(throws: RedisError.server(RedisServerError(message: "ERR DISCARD without MULTI"))) { try await client.discard() }
            try await client.multi()
            await #expect(throws: RedisError.server(RedisServerError(message: "ERR MULTI calls can not be nested"))) { try await client.multi() }
            await #expect(throws: RedisError.server(RedisServerError(message: "ERR WATCH inside MULTI is not allowed"))) { try await client.watch(["k"]) }
            try await client.discard()
            #expect(try await client.ping() == "PONG")
        }
    }
}
