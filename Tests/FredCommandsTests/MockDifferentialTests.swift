import Fred
import FredMock
import FredTestSupport
import NIOCore
import Testing

/// The mock engine checked against a real `redis-server`: the same script runs on both, in RESP2
/// and RESP3, and every reply (or error text) must be identical.
@Suite(.timeLimit(.minutes(1))) struct MockDifferentialTests {
    /// One step of a script.
    enum Step: CustomStringConvertible, Sendable {
        /// A command whose reply must match exactly.
        case run([String])
        /// A command whose array reply may come in any order (`KEYS`, `SCAN`).
        case unordered([String])
        /// A `TTL` whose reply may differ by a second: time passes between the write and the read
        /// on both sides (on a loaded machine, past the half second TTL rounds at), not in step.
        case ttl([String])
        /// Puts a list at a key: `RPUSH` on the server, straight into the mock's storage.
        case seedList(String, [String])

        var description: String {
            switch self {
            case .run(let words), .unordered(let words), .ttl(let words): return words.joined(separator: " ")
            case .seedList(let key, let items): return "seed \(key) = \(items)"
            }
        }
    }

    static let scripts: [(name: String, steps: [Step])] = [
        ("strings", [
            .run(["SET", "foo", "bar"]), .run(["GET", "foo"]), .run(["GET", "missing"]),
            .run(["SET", "foo", "baz", "NX"]), .run(["SET", "foo", "baz", "XX", "GET"]), .run(["GET", "foo"]),
            .run(["SET", "new", "1", "XX"]), .run(["SET", "new", "1", "NX", "GET"]), .run(["SET", "new", "2", "NX", "GET"]),
            .run(["SET", "x", "y", "EX", "10", "KEEPTTL"]), .run(["SET", "x", "y", "NX", "XX"]),
            .run(["SET", "x", "y", "EX", "-5"]), .run(["SET", "x", "y", "EX", "ten"]), .run(["SET", "x", "y", "BOGUS"]),
            .run(["SET", "x", "y", "EX", "100"]), .ttl(["TTL", "x"]), .run(["SET", "x", "z", "KEEPTTL"]), .ttl(["TTL", "x"]),
            .run(["SET", "x", "z"]), .ttl(["TTL", "x"]),
            .run(["SET", "n", "10"]), .run(["INCR", "n"]), .run(["INCRBY", "n", "5"]), .run(["DECR", "n"]),
            .run(["DECRBY", "n", "3"]), .run(["INCRBY", "foo", "1"]), .run(["INCRBY", "n", "abc"]),
            .run(["INCR", "fresh"]), .run(["SET", "big", "9223372036854775807"]), .run(["INCR", "big"]),
            .run(["SET", "lead", "007"]), .run(["INCR", "lead"]), .run(["SET", "space", " 1"]), .run(["INCR", "space"]),
            .run(["INCRBYFLOAT", "f", "1.5"]), .run(["INCRBYFLOAT", "f", "0.25"]), .run(["INCRBYFLOAT", "f", "1e3"]),
            .run(["INCRBYFLOAT", "f", "-1001.75"]), .run(["INCRBYFLOAT", "foo", "1"]), .run(["INCRBYFLOAT", "f", "x"]),
            .run(["APPEND", "foo", "XYZ"]), .run(["APPEND", "appended", "abc"]), .run(["STRLEN", "foo"]), .run(["STRLEN", "nothing"]),
            .run(["GETRANGE", "foo", "0", "2"]), .run(["GETRANGE", "foo", "-3", "-1"]), .run(["GETRANGE", "foo", "5", "1"]),
            .run(["GETRANGE", "foo", "-1", "-5"]), .run(["GETRANGE", "foo", "-100", "100"]), .run(["SUBSTR", "foo", "1", "100"]),
            .run(["GETRANGE", "nothing", "0", "-1"]),
            .run(["SETRANGE", "foo", "10", "hello"]), .run(["GET", "foo"]), .run(["SETRANGE", "foo", "-1", "x"]),
            .run(["SETRANGE", "empty", "0", ""]), .run(["EXISTS", "empty"]), .run(["SETRANGE", "pad", "3", "ab"]), .run(["GET", "pad"]),
            .run(["MSET", "a", "1", "b", "2", "c", "3"]), .run(["MGET", "a", "b", "missing", "c"]), .run(["MSET", "a"]),
            .run(["MSETNX", "a", "9", "z", "9"]), .run(["MGET", "a", "z"]), .run(["MSETNX", "y", "1", "z", "2"]),
            .run(["GETSET", "a", "10"]), .run(["GETSET", "newer", "1"]), .run(["GETDEL", "b"]), .run(["GETDEL", "b"]),
            .run(["GETEX", "a"]), .run(["GETEX", "a", "EX", "100"]), .ttl(["TTL", "a"]), .run(["GETEX", "a", "PERSIST"]),
            .ttl(["TTL", "a"]), .run(["GETEX", "a", "EX", "0"]), .run(["GETEX", "a", "EX", "abc"]),
            .run(["GETEX", "a", "EX", "100", "PX", "100"]), .run(["GETEX", "missing", "EX", "100"]),
            .run(["SETNX", "a", "1"]), .run(["SETNX", "q", "1"]), .run(["SETEX", "s", "0", "v"]), .run(["SETEX", "s", "100", "v"]),
            .ttl(["TTL", "s"]), .run(["PSETEX", "p", "-1", "v"]), .run(["PSETEX", "p", "100000", "v"]), .ttl(["TTL", "p"]),
            .run(["SET", "k1", "ohmytext"]), .run(["SET", "k2", "mynewtext"]), .run(["LCS", "k1", "k2"]),
            .run(["LCS", "k1", "k2", "LEN"]), .run(["LCS", "k1", "k2", "IDX"]),
            .run(["LCS", "k1", "k2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"]), .run(["LCS", "k1", "k2", "LEN", "IDX"]),
            .run(["LCS", "k1", "nope"]), .run(["LCS", "k1", "k2", "BOGUS"]),
            .run(["GET"]), .run(["GET", "a", "b"]), .run(["SET", "only-key"]),
        ]),
        ("keys", [
            .run(["MSET", "a", "1", "b", "2", "c", "3", "hello", "x", "hallo", "y", "hxllo", "z", "n", "42"]),
            .run(["DEL", "a", "nokey"]), .run(["EXISTS", "b", "b", "nokey"]), .run(["TOUCH", "b", "nokey"]),
            .run(["TYPE", "b"]), .run(["TYPE", "nokey"]), .run(["UNLINK", "c"]),
            .unordered(["KEYS", "h?llo"]), .unordered(["KEYS", "h[ae]llo"]), .unordered(["KEYS", "h[^e]llo"]),
            .unordered(["KEYS", "*"]), .unordered(["KEYS", "h*o"]), .unordered(["KEYS", "h\\allo"]),
            .ttl(["TTL", "nokey"]), .ttl(["TTL", "b"]), .run(["PTTL", "b"]),
            .run(["EXPIRE", "b", "100", "NX"]), .run(["EXPIRE", "b", "200", "NX"]), .ttl(["TTL", "b"]),
            .run(["EXPIRE", "b", "50", "GT"]), .run(["EXPIRE", "b", "300", "GT"]), .ttl(["TTL", "b"]),
            .run(["EXPIRE", "b", "10", "LT"]), .ttl(["TTL", "b"]), .run(["EXPIRE", "b", "20", "XX"]),
            .run(["EXPIRE", "n", "20", "XX"]), .run(["EXPIRE", "n", "20", "GT"]), .run(["EXPIRE", "n", "20", "LT"]), .ttl(["TTL", "n"]),
            .run(["EXPIRE", "b", "10", "NX", "XX"]), .run(["EXPIRE", "b", "10", "GT", "LT"]), .run(["EXPIRE", "b", "10", "BOGUS"]),
            .run(["EXPIRE", "b", "9223372036854775807"]), .run(["EXPIRE", "b", "ten"]),
            .run(["PERSIST", "b"]), .run(["PERSIST", "b"]), .run(["PERSIST", "nokey"]),
            .run(["EXPIREAT", "b", "4102444800"]), .run(["EXPIRETIME", "b"]), .run(["PEXPIRETIME", "b"]),
            .run(["PEXPIREAT", "b", "4102444800123"]), .run(["EXPIRETIME", "b"]), .run(["PEXPIRETIME", "b"]),
            .run(["EXPIRETIME", "nokey"]), .run(["EXPIRETIME", "hxllo"]), .run(["PEXPIRE", "n", "100000"]), .ttl(["TTL", "n"]),
            .run(["PEXPIREAT", "b", "1"]), .run(["EXISTS", "b"]), .run(["EXPIRE", "nokey", "10"]),
            .run(["EXPIRE", "hello", "-1"]), .run(["EXISTS", "hello"]),
            .run(["RENAME", "nokey", "x"]), .run(["RENAME", "hallo", "h2"]), .run(["GET", "h2"]), .run(["RENAMENX", "h2", "hxllo"]),
            .run(["RENAMENX", "h2", "h3"]), .run(["RENAME", "h3", "h3"]), .run(["RENAMENX", "h3", "h3"]),
            .run(["COPY", "h3", "h4"]), .run(["COPY", "h3", "h4"]), .run(["COPY", "h3", "h4", "REPLACE"]), .run(["COPY", "h3", "h3"]),
            .run(["COPY", "h3", "h3", "DB", "1"]), .run(["COPY", "h3", "x", "DB", "99"]), .run(["COPY", "h3", "x", "BOGUS"]),
            .run(["COPY", "nokey", "x"]),
            .run(["MOVE", "h4", "1"]), .run(["MOVE", "h4", "1"]), .run(["MOVE", "h3", "0"]), .run(["MOVE", "h3", "x"]),
            .run(["MOVE", "h3", "16"]), .run(["DBSIZE"]),
            .run(["SELECT", "1"]), .run(["GET", "h4"]), .run(["GET", "h3"]), .run(["DBSIZE"]), .run(["FLUSHDB"]), .run(["DBSIZE"]),
            .run(["SELECT", "0"]), .run(["SELECT", "99"]), .run(["SELECT", "x"]),
            .run(["SET", "long", String(repeating: "v", count: 60)]), .run(["SET", "mid", String(repeating: "v", count: 44)]),
            .run(["OBJECT", "ENCODING", "n"]), .run(["OBJECT", "ENCODING", "h3"]), .run(["OBJECT", "ENCODING", "mid"]),
            .run(["OBJECT", "ENCODING", "long"]), .run(["OBJECT", "ENCODING", "nokey"]), .run(["OBJECT", "REFCOUNT", "n"]),
            .run(["OBJECT", "REFCOUNT", "long"]), .run(["OBJECT", "FREQ", "n"]), .run(["OBJECT", "FREQ", "nokey"]),
            .unordered(["SCAN", "0", "COUNT", "1000", "MATCH", "h*"]), .unordered(["SCAN", "0", "COUNT", "1000", "TYPE", "list"]),
            .run(["SCAN", "abc"]), .run(["SCAN", "0", "COUNT", "0"]), .run(["SCAN", "0", "BOGUS", "1"]),
            .run(["WAIT", "0", "0"]), .run(["FLUSHALL"]), .run(["DBSIZE"]),
        ]),
        ("sort", [
            .seedList("nums", ["3", "1", "2", "10"]), .seedList("letters", ["b", "a", "c"]),
            .run(["MSET", "w_1", "30", "w_2", "20", "w_3", "10", "w_10", "0", "v_1", "one", "v_2", "two", "v_3", "three"]),
            .run(["SORT", "nums"]), .run(["SORT", "nums", "DESC"]), .run(["SORT", "nums", "LIMIT", "1", "2"]),
            .run(["SORT", "nums", "ALPHA"]), .run(["SORT", "nums", "ALPHA", "DESC", "LIMIT", "0", "2"]),
            .run(["SORT", "nums", "BY", "w_*"]), .run(["SORT", "nums", "BY", "w_*", "GET", "#", "GET", "v_*"]),
            .run(["SORT", "nums", "BY", "nosort"]), .run(["SORT", "nums", "LIMIT", "10", "5"]), .run(["SORT", "nums", "LIMIT", "-1", "2"]),
            .run(["SORT", "nums", "STORE", "out"]), .run(["TYPE", "out"]), .run(["SORT", "out", "DESC"]),
            .run(["SORT", "letters"]), .run(["SORT", "letters", "ALPHA"]), .run(["SORT", "nokey"]), .run(["SORT", "w_1"]),
            .run(["GET", "nums"]), .run(["INCR", "nums"]), .run(["SORT_RO", "nums", "STORE", "x"]), .run(["SORT_RO", "nums", "DESC"]),
            .run(["SORT", "nums", "BOGUS"]), .run(["SORT", "nokey", "STORE", "out"]), .run(["EXISTS", "out"]),
            .run(["OBJECT", "ENCODING", "nums"]), .run(["TYPE", "nums"]),
        ]),
        ("scripting", [
            // What a server checks before running a script; the scripts themselves need handlers.
            .run(["SCRIPT", "LOAD", "return 1"]), .run(["SCRIPT", "LOAD", ""]), .run(["SCRIPT", "LOAD", "return 'x0' .. 'x1' .. 'x2' .. 'x3' .. 'x4' .. 'x5' .. 'x6' .. 'x7' .. 'x8' .. 'x9' .. 'x10' .. 'x11' .. 'x12' .. 'x13' .. 'x14' .. 'x15' .. 'x16' .. 'x17' .. 'x18' .. 'x19' .. 'x20' .. 'x21' .. 'x22' .. 'x23' .. 'x24' .. 'x25' .. 'x26' .. 'x27' .. 'x28' .. 'x29' .. 'x30' .. 'x31' .. 'x32' .. 'x33' .. 'x34' .. 'x35' .. 'x36' .. 'x37' .. 'x38' .. 'x39'"]),
            .run(["SCRIPT", "LOAD", "return 'héllo ✓'"]), .run(["SCRIPT", "LOAD"]),
            .run(["SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "E0E1F9FABFC9D4800C877A703B823AC0578FF8DB", "abc"]),
            .run(["EVALSHA", "abc", "0"]), .run(["EVALSHA", "abc", "-1"]), .run(["EVALSHA_RO", "abc", "1"]),
            .run(["EVAL", "return 1", "-1"]), .run(["EVAL", "return 1", "5", "a"]), .run(["EVAL", "return 1", "x"]),
            .run(["EVAL", "return 1"]), .run(["EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "2", "k"]),
            .run(["SCRIPT", "FLUSH", "bogus"]), .run(["SCRIPT", "FLUSH"]), .run(["SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"]),
            .run(["EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"]), .run(["SCRIPT", "FLUSH", "ASYNC"]),
        ]),
        ("connection", [
            .run(["PING"]), .run(["PING", "hi"]), .run(["PING", "a", "b"]), .run(["ECHO", "hey"]),
            .run(["CLIENT", "SETNAME", "bad name"]), .run(["CLIENT", "SETNAME", "good"]), .run(["CLIENT", "GETNAME"]),
            .run(["CLIENT", "SETNAME"]), .run(["CLIENT", "GETREDIR"]), .run(["CLIENT", "NO-EVICT", "on"]),
            .run(["CLIENT", "NO-EVICT", "maybe"]), .run(["CLIENT", "UNBLOCK", "999999"]), .run(["CLIENT", "UNPAUSE"]),
            .run(["CLIENT", "TRACKINGINFO"]), .run(["CLIENT", "CACHING", "yes"]), .run(["CLIENT", "TRACKING", "off"]),
            .run(["CLIENT", "KILL", "ID", "99999"]), .run(["CLIENT", "KILL", "1.2.3.4:5"]), .run(["CLIENT", "REPLY", "ON"]),
            .run(["AUTH", "x"]), .run(["AUTH", "default", "x"]), .run(["AUTH", "bob", "x"]),
            .run(["HELLO", "4"]), .run(["HELLO", "x"]), .run(["HELLO", "3", "BOGUS"]),
            .run(["SELECT", "3"]), .run(["SET", "k", "v"]), .run(["RESET"]), .run(["GET", "k"]), .run(["CLIENT", "GETNAME"]),
        ]),
    ]

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func mockAnswersLikeTheServer(_ version: RESPProtocolVersion) async throws {
        try await withRedisServer { server in
            var config = try RedisConfig(url: server.url)
            config.protocolVersion = version
            for script in Self.scripts {
                let real = RedisClient(config: config)
                try await real.connect()
                _ = try await real.send(command: ["FLUSHALL"])
                let mockServer = RedisMockServer()
                let mock = RedisClient(config: try await MockTransport.config(mockServer, protocolVersion: version))
                try await mock.connect()
                try await Self.compare(script.steps, real: real, mock: mock, mockServer: mockServer, label: "\(script.name) \(version)")
            }
        }
    }

    static let passwordScript: [Step] = [
        .run(["SET", "k", "v"]), .run(["RESET"]), .run(["GET", "k"]), .run(["HELLO", "3"]), .run(["PING"]),
        .run(["AUTH", "wrong"]), .run(["AUTH", "nobody", "pw0"]), .run(["HELLO", "3", "AUTH", "default", "wrong"]),
        .run(["AUTH", "pw0"]), .run(["GET", "k"]), .run(["RESET"]), .run(["AUTH", "default", "pw0"]), .run(["GET", "k"]),
        .run(["RESET"]), .run(["HELLO", "2", "AUTH", "default"]), .run(["GET", "k"]),
    ]

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func mockAsksForThePasswordLikeTheServer(_ version: RESPProtocolVersion) async throws {
        try await withRedisServer(["--requirepass", "pw0"]) { server in
            var config = try RedisConfig(url: "redis://:pw0@127.0.0.1:\(server.port)")
            config.protocolVersion = version
            let real = RedisClient(config: config)
            try await real.connect()
            let mockServer = RedisMockServer(password: "pw0")
            var mockConfig = try await MockTransport.config(mockServer, protocolVersion: version)
            mockConfig.password = "pw0"
            let mock = RedisClient(config: mockConfig)
            try await mock.connect()
            try await Self.compare(Self.passwordScript, real: real, mock: mock, mockServer: mockServer, label: "password \(version)")
        }
    }

    /// Runs `steps` on a connection of each client's own (the scripts change sessions), expecting the
    /// same reply from each, then closes both.
    static func compare(_ steps: [Step], real: RedisClient, mock: RedisClient, mockServer: RedisMockServer, label: String) async throws {
        try await real.withConnection { real in
            try await mock.withConnection { mock in
                for step in steps {
                    let expected = try await perform(step, on: real, mockServer: nil)
                    let actual = try await perform(step, on: mock, mockServer: mockServer)
                    if case .ttl = step, let real = Self.integer(expected), let mocked = Self.integer(actual) {
                        // Seconds pass between the two sides' commands; on a loaded machine, more than one.
                        #expect(abs(mocked - real) <= 2, "\(label): \(step): \(actual) vs \(expected)")
                    } else {
                        #expect(actual == expected, "\(label): \(step)")
                    }
                }
            }
        }
        try await real.quit()
        try await mock.quit()
    }

    /// The number in an integer reply's text (`(integer) 99`).
    static func integer(_ text: String) -> Int? {
        text.hasPrefix("(integer) ") ? Int(text.dropFirst(10)) : nil
    }

    /// The reply as text: values by their description, errors by their message.
    static func perform(_ step: Step, on client: RedisExclusiveConnection, mockServer: RedisMockServer?) async throws -> String {
        switch step {
        case .seedList(let key, let items):
            if let mockServer {
                mockServer.withStorage { storage in
                    storage.databases[0].entries[Array(key.utf8)] = RedisMockEntry(data: .list(items.map { Array($0.utf8) }))
                }
            } else {
                _ = try await client.send(command: ["RPUSH", key] + items)
            }
            return "seeded"
        case .run(let words), .unordered(let words), .ttl(let words):
            do {
                let reply = try await client.send(command: words)
                guard case .unordered = step else { return reply.description }
                return sortedDescription(reply)
            } catch RedisError.server(let error) {
                return "error: \(error.message)"
            } catch RedisError.unsupported(let reason) {
                return "refused by the client: \(reason)"  // the same on both sides: CLIENT REPLY
            }
        }
    }

    private static func sortedDescription(_ reply: RESPValue) -> String {
        if case .array(let page) = reply, page.count == 2, case .array(let keys) = page[1] {
            // A SCAN page: the cursor, then the keys in any order.
            return page[0].description + " " + sortedDescription(.array(keys))
        }
        if case .array(let items) = reply {
            return items.map(\.description).sorted().joined(separator: ", ")
        }
        return reply.description
    }
}
