import Fred
import FredMock
import FredTestSupport
import NIOCore
import Testing

/// Scripts run by SHA-1 with a fallback to their source, in batches too; functions loaded on
/// demand; replies converted as the server's rules say.
@Suite(.timeLimit(.minutes(2))) struct ScriptTests {
    static let incrementBy = RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])")

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func scriptsOnAServer(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, _ async throws in
            // Not cached: EVALSHA fails with NOSCRIPT, EVAL runs and caches it; then EVALSHA hits.
            #expect(try await client.run(Self.incrementBy, keys: ["n"], arguments: ["5"], as: Int.self) == 5)
            #expect(try await client.run(Self.incrementBy, keys: ["n"], arguments: ["5"], as: Int.self) == 10)
            var stats = try await client.info(sections: ["commandstats"])
            #expect(StressAudit.calls(of: "eval", in: stats) == 1)
            #expect(StressAudit.calls(of: "evalsha", in: stats) >= 1)
            try await client.load(Self.incrementBy)  // checks that the server names it by the same SHA-1
            #expect(try await client.scriptExists([Self.incrementBy.sha1]) == [true])

            // The server's conversions.
            #expect(try await client.run(RedisScript("return 3.99"), as: Int.self) == 3)
            #expect(try await client.run(RedisScript("return tostring(3.99)"), as: String.self) == "3.99")
            #expect(try await client.run(RedisScript("return true"), as: Int.self) == 1)
            #expect(try await client.run(RedisScript("return false"), as: RedisValue?.self) == nil)
            #expect(try await client.run(RedisScript("return {1, 'two', nil, 4}"), as: [RedisValue].self).map(\.string) == ["1", "two"])
            #expect(try await client.run(RedisScript("return {ok = 'fine'}"), as: String.self) == "fine")
            await #expect(throws: RedisError.server(RedisServerError(message: "boom"))) {
                try await client.run(RedisScript("return {err = 'boom'}"))
            }
            // Bytes in, bytes out.
            let bytes: [UInt8] = [0, 255, 13, 10, 1]
            #expect(try await client.run(RedisScript("return ARGV[1]"), arguments: [RedisValue(bytes)], as: RedisValue.self).bytes == bytes)

            // In a transaction, after the cache was flushed: SCRIPT LOAD goes first, so EXEC runs it.
            try await client.scriptFlush()
            let (added, after) = try await client.transaction(Self.incrementBy.call(keys: ["n"], arguments: ["1"], as: Int.self), .get("n"))
            #expect(added == 11 && after?.int == 11)
            // In a pipeline too: SCRIPT LOAD leads, and the order of the commands holds.
            try await client.scriptFlush()
            let (piped, read) = try await client.pipeline(Self.incrementBy.call(keys: ["n"], arguments: ["1"], as: Int.self), .get("n"))
            #expect(piped == 12 && read?.int == 12)
            // A script that does not compile: its slot says why (not NOSCRIPT); the others ran.
            let (broken, counted) = try await client.transactionResults(RedisScript("return (").call(), .incr("n"))
            #expect(throws: RedisError.self) { try broken.get() }
            if case .failure(.server(let error)) = broken { #expect(error.message.contains("Error compiling script")) }
            #expect(try counted.get() == 13)
            stats = try await client.info(sections: ["commandstats"])
            #expect(StressAudit.calls(of: "incrby", in: stats) == 4)  // each call ran once
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func functionsLoadOnDemand(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, _ async throws in
            let library = RedisLibrary("""
                #!lua name=counters
                redis.register_function('bump', function(keys, args) return redis.call('INCR', keys[1]) end)
                redis.register_function{function_name='peek', callback=function(keys, args) return redis.call('GET', keys[1]) end, flags={'no-writes'}}
                """)
            #expect(try await client.call(library, function: "bump", keys: ["hits"], as: Int.self) == 1)
            #expect(try await client.call(library, function: "bump", keys: ["hits"], as: Int.self) == 2)
            #expect(try await client.call(library, function: "peek", keys: ["hits"], readOnly: true, as: Int.self) == 2)
            let stats = try await client.info(sections: ["commandstats"])
            #expect(StressAudit.calls(of: "function|load", in: stats) == 1)
            await #expect(throws: RedisError.self) {
                try await client.call(library, function: "missing", keys: ["hits"])
            }
        }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func scriptsOnTheMock(_ version: RESPProtocolVersion) async throws {
        let server = RedisMockServer()
        _ = server.handleScript(Self.incrementBy.source, with: RedisMockHandler { context in
            let key = context.arguments[1]
            let current = try context.string(at: key).flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
            let next = current + (try context.integer(2))
            context.setEntry(RedisMockEntry(data: .string(Array(String(next).utf8))), for: key)
            return .integer(next)
        })
        try await withMockClient(version, server: server) { client in
            #expect(try await client.run(Self.incrementBy, keys: ["n"], arguments: ["5"], as: Int.self) == 5)
            let (added, after) = try await client.transaction(Self.incrementBy.call(keys: ["n"], arguments: ["1"], as: Int.self), .get("n"))
            #expect(added == 6 && after?.int == 6)
            #expect(try await client.pipeline(Self.incrementBy.call(keys: ["n"], arguments: ["1"], as: Int.self)) == 7)
        }
    }
}
