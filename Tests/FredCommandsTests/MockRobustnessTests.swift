import Fred
import FredMock
import FredMockDifferential
import FredTestSupport
import NIOCore
import Testing

/// Hostile arguments for every command the mock answers: extreme integers and floats, odd bytes,
/// wrong counts, over values of every type. Whatever comes back (mostly error replies), the engine
/// must neither trap (an arithmetic overflow, an index out of range) nor hang; a trap would end
/// the whole test run.
@Suite(.timeLimit(.minutes(2))) struct MockRobustnessTests {
    static let pool = [
        "0", "1", "-1", "2", "100", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "4294967296", "-4294967297", "18446744073709551615", "1e308", "-1e308", "1e-320", "inf", "-inf", "nan", "0.5",
        "", " ", "\u{0}", "abc", "*", "[", "\\", "-", "+", "(", "[a", "(1", "$", ">", "0-0", "1-1", "18446744073709551615-18446744073709551615",
        "LIMIT", "COUNT", "MATCH", "TYPE", "BY", "GET", "STORE", "WITHSCORES", "REV", "BYSCORE", "BYLEX", "NX", "XX", "GT", "LT",
        "CH", "INCR", "EX", "PX", "KEEPTTL", "LEFT", "RIGHT", "BEFORE", "AFTER", "RANK", "MAXLEN", "MINID", "~", "=", "IDLE",
        "STREAMS", "GROUP", "BLOCK", "NOACK", "JUSTID", "FORCE", "WITHVALUES", "AGGREGATE", "WEIGHTS", "SUM", "MIN", "MAX",
        "OVERFLOW", "SAT", "FAIL", "WRAP", "SET", "INCRBY", "i64", "u63", "i8", "#1", "BIT", "BYTE", "FROMMEMBER", "FROMLONLAT",
        "BYRADIUS", "BYBOX", "km", "m", "WITHCOORD", "WITHDIST", "WITHHASH", "ASC", "DESC", "ANY", "STOREDIST", "MKSTREAM",
        "ENTRIESREAD", "IDX", "LEN", "MINMATCHLEN", "WITHMATCHLEN", "AND", "OR", "XOR", "NOT", "k", "s", "h", "l", "z", "x", "g",
    ]

    @Test func hostileArgumentsNeitherTrapNorHang() async throws {
        let server = RedisMockServer()
        server.clock.freeze()
        var client = try await Self.seeded(server)
        var random = DiffRandom(seed: 42)
        let commands = RedisCommands.table.infos.filter { RedisMockHandlerTable.builtIn.handler(for: $0.name) != nil && !$0.flags.contains(.blocking) }
        #expect(commands.count > 150)
        var sent = 0
        for info in commands {
            for _ in 0..<300 {
                var words = info.name.split(separator: " ").map(String.init)
                for _ in 0..<random.int(0...7) { words.append(random.pick(Self.pool)) }
                do {
                    _ = try await client.send(command: words)
                } catch RedisError.connectionClosed {
                    client = try await Self.seeded(server)  // it killed itself, or QUIT
                } catch {
                    // Error replies and typed refusals are fine: only traps and hangs are not.
                }
                sent += 1
                // A mock command never waits, so this loop would hold a thread of the (small)
                // test pool for seconds: let the other tests run in between.
                await Task.yield()
            }
            // Whatever a command left behind (MULTI, a subscription, another database), start clean.
            _ = try? await client.send(command: ["RESET"])
        }
        #expect(sent == commands.count * 300)
    }

    /// A client on `server`, with a value of every type under the one-letter keys of the pool.
    static func seeded(_ server: RedisMockServer) async throws -> RedisClient {
        let client = RedisClient(config: try await MockTransport.config(server))
        try await client.connect()
        for words in [
            ["SET", "s", "hello"], ["RPUSH", "l", "a", "b", "1"], ["HSET", "h", "f", "1", "g", "x"], ["SADD", "x", "1", "2", "m"],
            ["ZADD", "z", "1", "a", "2", "b"], ["XADD", "k", "1-1", "f", "v"], ["PFADD", "g", "a", "b"],
        ] {
            _ = try? await client.send(command: words)
        }
        return client
    }
}
