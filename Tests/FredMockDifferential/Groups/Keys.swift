import Fred

extension DiffGroup {
    /// The keyspace: deletion, existence, types, renames, copies, expiry, SCAN, SORT, databases.
    public static let keys = DiffGroup(name: "keys", commands: [
        "DEL", "UNLINK", "EXISTS", "TOUCH", "TYPE", "RENAME", "RENAMENX", "COPY", "MOVE", "KEYS", "SCAN", "RANDOMKEY",
        "EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT", "TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME", "PERSIST",
        "SORT", "SORT_RO", "SELECT", "DBSIZE", "FLUSHDB", "SWAPDB",
    ]) { random in
        let key = random.key()
        switch random.int(0...24) {
        case 0: return [DiffCommand([random.pick(["DEL", "UNLINK", "EXISTS", "TOUCH"])] + (0..<random.int(1...3)).map { _ in random.key() })]
        case 1: return [DiffCommand(["TYPE", key])]
        case 2: return [DiffCommand([random.pick(["RENAME", "RENAMENX"]), key, random.key()])]
        case 3:
            var words = ["COPY", key, random.key()]
            if random.chance(0.3) { words += ["DB", random.pick(["0", "1", "16", "x"])] }
            if random.chance(0.3) { words += ["REPLACE"] }
            return [DiffCommand(words)]
        case 4: return [DiffCommand(["MOVE", key, random.pick(["0", "1", "2", "16", "x"])])]
        case 5: return [DiffCommand(["KEYS", random.pick(["*", "k?", "k[0-3]", "k[^0]", "m*", "k1"])], check: .unordered)]
        case 6 where random.chance(0.5):
            var words = ["SCAN", "0", "COUNT", random.pick(["1", "2", "5"])]
            if random.chance(0.3) { words += ["MATCH", random.pick(["k[1-4]", "*", "x*"])] }
            if random.chance(0.3) { words += ["TYPE", random.pick(["string", "list", "hash", "set", "zset", "stream"])] }
            return [DiffCommand(words, check: .scanAll(cursorAt: 1, pairs: false))]
        case 6:
            var words = ["SCAN", "0", "COUNT", "1000"]
            if random.chance(0.3) { words += ["MATCH", random.pick(["k[1-4]", "*", "x*"])] }
            if random.chance(0.3) { words += ["TYPE", random.pick(["string", "list", "hash", "set", "zset", "stream"])] }
            return [DiffCommand(words, check: .random(.scanComplete))]
        case 7: return [DiffCommand(["RANDOMKEY"], check: .random(.oneOf(observing: ["KEYS", "*"])))]
        case 8, 9:
            var words = [random.pick(["EXPIRE", "PEXPIRE"]), key, random.pick(["100000", "200000", "50000", "-1", "0", "abc"])]
            if random.chance(0.4) { words += [random.pick(["NX", "XX", "GT", "LT", "BOGUS"])] }
            if random.chance(0.05) { words += [random.pick(["NX", "XX", "GT", "LT"])] }
            return [DiffCommand(words)]
        case 10:
            var words = [random.pick(["EXPIREAT", "PEXPIREAT"]), key, random.pick(["4102444800", "4102444800123", "1", "0"])]
            if random.chance(0.3) { words += [random.pick(["NX", "XX", "GT", "LT"])] }
            return [DiffCommand(words)]
        case 11: return [DiffCommand(["TTL", key], check: .near(1))]
        case 12: return [DiffCommand(["PTTL", key], check: .near(1_500))]
        case 13: return [DiffCommand(["EXPIRETIME", key], check: .near(1))]
        case 14: return [DiffCommand(["PEXPIRETIME", key], check: .near(1_500))]
        case 15: return [DiffCommand(["PERSIST", key])]
        case 16:
            var words = [random.pick(["SORT", "SORT_RO"]), key]
            if random.chance(0.5) { words += ["ALPHA"] }
            if random.chance(0.3) { words += ["DESC"] }
            if random.chance(0.3) { words += ["LIMIT", random.integerArgument(-1...3), random.integerArgument(-1...3)] }
            if random.chance(0.2) { words += ["STORE", random.key()] }
            return [DiffCommand(words)]
        case 17: return [DiffCommand(["SELECT", random.pick(["0", "0", "1", "16", "x"])])]
        case 18: return [DiffCommand(["DBSIZE"])]
        case 19: return [DiffCommand(["SWAPDB", random.pick(["0", "1"]), random.pick(["0", "1", "2", "16", "x"])])]
        case 20: return random.chance(0.2) ? [DiffCommand(["FLUSHDB"])] : [DiffCommand(["EXISTS", key])]
        // OBJECT ENCODING is left out: the engine answers it from the value, while a server's
        // answer also depends on history (a string grown by APPEND is `raw`).
        case 21: return [DiffCommand(["TYPE", key])]
        case 22: return [DiffCommand(["SET", key, random.pick(["1", "2", "a", "10"])])]
        case 23: return [DiffCommand(["SET", key, "v", "EX", "100000"])]
        default: return [DiffCommand(["DEL", key])]
        }
    }
}

extension DiffRandomCheck {
    /// A `SCAN … COUNT 1000` over a small keyspace: both sides finish in one call (cursor 0) with
    /// the same keys, in any order.
    public static let scanComplete = DiffRandomCheck(accept: { real, mock, _ in
        guard let left = real.elements, let right = mock.elements, left.count == 2, right.count == 2 else {
            return real == mock ? nil : "the replies differ"
        }
        guard left[0] == right[0] else { return "cursor \(left[0]) from redis-server, \(right[0]) from the mock" }
        guard case .array(let leftKeys) = left[1], case .array(let rightKeys) = right[1] else { return "the replies differ" }
        return leftKeys.map(\.description).sorted() == rightKeys.map(\.description).sorted() ? nil : "the keys differ (in any order)"
    })
}
