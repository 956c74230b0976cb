extension DiffGroup {
    /// Strings: SET with its options, counters, ranges, LCS.
    public static let strings = DiffGroup(name: "strings", commands: [
        "SET", "GET", "SETNX", "SETEX", "PSETEX", "GETSET", "GETDEL", "GETEX", "MGET", "MSET", "MSETNX", "APPEND", "STRLEN",
        "INCR", "DECR", "INCRBY", "DECRBY", "INCRBYFLOAT", "GETRANGE", "SETRANGE", "SUBSTR", "LCS",
    ]) { random in
        let key = random.key()
        let value = random.chance(0.4) ? random.integerArgument(-20...20, invalid: 0) : random.pick(["v", "hello", "", "abc", "xyz", "ohmytext", "3.5"])
        switch random.int(0...21) {
        case 0, 1:
            var words = ["SET", key, value]
            if random.chance(0.3) { words += [random.pick(["NX", "XX"])] }
            if random.chance(0.2) { words += ["GET"] }
            if random.chance(0.3) {
                // Never an absolute time in the past: a server keeps such a key (expired, so
                // invisible) until its expiry cycle happens to remove it, and DBSIZE counts it
                // until then; that timing is the server's, not something to compare.
                let unit = random.pick(["EX", "PX", "EXAT", "PXAT"])
                words += [unit, random.pick([unit == "EXAT" ? "4102444800" : unit == "PXAT" ? "4102444800000" : "100000", "-1", "0", "abc"])]
            }
            if random.chance(0.05) { words += [random.pick(["KEEPTTL", "BOGUS", "NX"])] }
            return [DiffCommand(words)]
        case 2: return [DiffCommand(["GET", key])]
        case 3: return [DiffCommand(["SETNX", key, value])]
        case 4: return [DiffCommand([random.pick(["SETEX", "PSETEX"]), key, random.pick(["100000", "0", "-5", "x"]), value])]
        case 5: return [DiffCommand(["GETSET", key, value])]
        case 6: return [DiffCommand(["GETDEL", key])]
        case 7:
            var words = ["GETEX", key]
            if random.chance(0.6) { words += random.pick([["EX", "100000"], ["PX", "100000000"], ["PERSIST"], ["EX", "0"], ["EXAT", "4102444800"], ["BOGUS"]]) }
            return [DiffCommand(words)]
        case 8: return [DiffCommand(["MGET"] + (0..<random.int(1...4)).map { _ in random.key() })]
        case 9:
            let pairs = (0..<random.int(1...3)).flatMap { _ in [random.key(), random.pick(["1", "a", "22"])] }
            return [DiffCommand([random.pick(["MSET", "MSETNX"])] + pairs + (random.chance(0.05) ? ["odd"] : []))]
        case 10: return [DiffCommand(["APPEND", key, value])]
        case 11: return [DiffCommand(["STRLEN", key])]
        case 12, 13: return [DiffCommand([random.pick(["INCR", "DECR"]), key])]
        case 14: return [DiffCommand([random.pick(["INCRBY", "DECRBY"]), key, random.integerArgument(-100...100, invalid: 0.1)])]
        case 15: return [DiffCommand(["INCRBYFLOAT", key, random.floatArgument(invalid: 0.1)])]
        case 16: return [DiffCommand([random.pick(["GETRANGE", "SUBSTR"]), key, random.integerArgument(-6...6), random.integerArgument(-6...6)])]
        case 17: return [DiffCommand(["SETRANGE", key, random.integerArgument(-1...8), random.pick(["", "x", "abc"])])]
        case 18:
            var words = ["LCS", random.key(), random.key()]
            words += random.pick([[], ["LEN"], ["IDX"], ["IDX", "WITHMATCHLEN"], ["IDX", "MINMATCHLEN", "2"], ["LEN", "IDX"], ["BOGUS"]])
            return [DiffCommand(words)]
        case 19: return [DiffCommand(["SET", key, random.pick(["ohmytext", "mynewtext", "abcdef", "1234"])])]
        case 20: return [DiffCommand(["SET", key, "9223372036854775807"]), DiffCommand(["INCR", key])]
        default: return [DiffCommand(["SET"] + (random.chance(0.5) ? [] : [key]))]
        }
    }
}
