extension DiffGroup {
    /// Lists: pushes and pops (with counts), ranges, LPOS, moves, LMPOP and the blocking forms.
    ///
    /// A blocking command either follows a push onto one of its keys (so it finds data, or a key
    /// of another type, and answers at once), or has a tiny timeout (0.01 s) and may time out on
    /// both sides, or runs inside `MULTI`, where it never blocks. It never waits for ever.
    public static let lists = DiffGroup(name: "lists", commands: [
        "LPUSH", "RPUSH", "LPUSHX", "RPUSHX", "LPOP", "RPOP", "LLEN", "LRANGE", "LINDEX", "LSET", "LINSERT", "LREM",
        "LTRIM", "LPOS", "LMOVE", "RPOPLPUSH", "LMPOP", "BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BLMPOP",
    ]) { random in
        let key = random.key()
        func element() -> String { random.chance(0.85) ? random.pick(["a", "b", "c", "d"]) : random.pick(["", "1", "-2", "ee", "m1"]) }
        func elements(_ range: ClosedRange<Int> = 1...4) -> [String] { (0..<random.int(range)).map { _ in element() } }
        func end() -> String { random.chance(0.97) ? random.pick(["LEFT", "RIGHT", "left", "Right"]) : random.pick(["MIDDLE", ""]) }
        func index() -> String { random.integerArgument(-7...7) }
        /// Only tiny timeouts, even after a push: shrinking a mismatch may drop the push, and a
        /// long (or endless, 0) wait would stall the run.
        func timeout() -> String {
            random.chance(0.9) ? random.pick(["0.01", "0.02", "1e-2", ".015"]) : random.pick(["abc", "-1", "-0.5", "", "1x", "inf", "-inf", "1e30", "nan"])
        }
        /// What comes before a blocking command, and its timeout: a push that makes `key` a
        /// non-empty list (or fails on another type) and any timeout, or nothing and a tiny one.
        func prepare(_ key: String) -> (commands: [DiffCommand], timeout: String) {
            if random.chance(0.6) { return ([DiffCommand([random.pick(["RPUSH", "LPUSH"]), key] + elements(1...2))], timeout()) }
            return ([], timeout())
        }
        func blocking(_ key: String, timeout: String) -> [String] {
            switch random.int(0...3) {
            case 0:
                // Keys before `key` may be missing or empty (skipped) or of another type (an error).
                let keys = (0..<random.int(0...2)).map { _ in random.key() } + [key]
                return [random.pick(["BLPOP", "BRPOP"])] + keys + [timeout]
            case 1: return ["BLMOVE", key, random.key(), end(), end(), timeout]
            case 2: return ["BRPOPLPUSH", key, random.key(), timeout]
            default:
                let keys = (0..<random.int(0...2)).map { _ in random.key() } + [key]
                return ["BLMPOP", timeout] + multiPopTail(keys)
            }
        }
        func multiPopTail(_ keys: [String]) -> [String] {
            var words = [random.chance(0.97) ? String(keys.count) : random.pick(["0", "-1", "abc", String(keys.count + 1)])] + keys
            words.append(end())
            if random.chance(0.5) { words += ["COUNT", random.chance(0.9) ? String(random.int(1...5)) : random.pick(["0", "-1", "x"])] }
            if random.chance(0.03) { words += random.pick([["COUNT", "1"], ["BOGUS"], ["COUNT"]]) }
            return words
        }

        switch random.int(0...27) {
        case 0, 1, 2: return [DiffCommand([random.pick(["LPUSH", "RPUSH"]), key] + elements())]
        case 3: return [DiffCommand([random.pick(["LPUSHX", "RPUSHX"]), key] + elements())]
        case 4, 5:
            var words = [random.pick(["LPOP", "RPOP"]), key]
            if random.chance(0.5) { words.append(random.chance(0.9) ? String(random.int(0...4)) : random.pick(["-1", "abc", "1.5"])) }
            return [DiffCommand(words)]
        case 6: return [DiffCommand(["LLEN", key])]
        case 7, 8: return [DiffCommand(["LRANGE", key, index(), index()])]
        case 9: return [DiffCommand(["LINDEX", key, index()])]
        case 10: return [DiffCommand(["LSET", key, index(), element()])]
        case 11:
            let position = random.chance(0.95) ? random.pick(["BEFORE", "AFTER", "before"]) : "BESIDE"
            return [DiffCommand(["LINSERT", key, position, element(), element()])]
        case 12: return [DiffCommand(["LREM", key, random.integerArgument(-3...3), element()])]
        case 13: return [DiffCommand(["LTRIM", key, random.integerArgument(-3...2), random.integerArgument(-3...6)])]
        case 14, 15:
            var words = ["LPOS", key, element()]
            var options: [[String]] = []
            let withCount = random.chance(0.5)
            // RANK -9223372036854775808 only without COUNT: with it the server's arithmetic
            // overflows (undefined behaviour in C) and it answers indexes past the list.
            let oddRanks = withCount ? ["0", "x"] : ["0", "x", "-9223372036854775808"]
            if random.chance(0.5) { options.append(["RANK", random.chance(0.9) ? random.pick(["1", "2", "-1", "-2", "3", "-3"]) : random.pick(oddRanks)]) }
            if withCount { options.append(["COUNT", random.chance(0.9) ? String(random.int(0...3)) : random.pick(["-1", "x"])]) }
            if random.chance(0.3) { options.append(["MAXLEN", random.chance(0.9) ? String(random.int(0...4)) : random.pick(["-1", "x"])]) }
            if random.chance(0.05) { options.append(random.pick([["RANK"], ["BOGUS", "1"], ["COUNT"]])) }
            words += options.shuffled(using: &random).flatMap { $0 }
            return [DiffCommand(words)]
        case 16: return [DiffCommand(["LMOVE", key, random.key(), end(), end()])]
        case 17: return [DiffCommand(["RPOPLPUSH", key, random.key()])]
        case 18: return [DiffCommand(["LMPOP"] + multiPopTail((0..<random.int(1...3)).map { _ in random.key() }))]
        case 19, 20, 21, 22:
            let (before, wait) = prepare(key)
            return before + [DiffCommand(blocking(key, timeout: wait))]
        case 23:
            // Inside MULTI a blocking command answers at once: null when there is nothing.
            var commands = [DiffCommand(["MULTI"])]
            if random.chance(0.3) { commands.append(DiffCommand([random.pick(["RPUSH", "LPOP"]), key] + (random.chance(0.5) ? ["a"] : []))) }
            commands.append(DiffCommand(blocking(key, timeout: timeout())))
            if random.chance(0.3) { commands.append(DiffCommand(blocking(random.key(), timeout: timeout()))) }
            return commands + [DiffCommand(["EXEC"])]
        case 24:
            // Another type at a list key, for WRONGTYPE.
            return [DiffCommand(random.chance(0.5) ? ["SET", key, "x"] : ["DEL", key])]
        case 25:
            // The wrong number of arguments.
            return [DiffCommand(random.pick([
                ["LPUSH", key], ["RPUSHX", key], ["LPOP", key, "1", "2"], ["LPOP"], ["LLEN"], ["LLEN", key, key],
                ["LRANGE", key, "0"], ["LINDEX", key], ["LSET", key, "0"], ["LINSERT", key, "BEFORE", "a"],
                ["LREM", key, "0"], ["LTRIM", key, "0"], ["LPOS", key], ["LMOVE", key, key, "LEFT"],
                ["RPOPLPUSH", key], ["LMPOP", "1", key], ["BLPOP", key], ["BRPOP"], ["BLMOVE", key, key, "LEFT", "LEFT"],
                ["BRPOPLPUSH", key, key], ["BLMPOP", "0", "1", key],
            ]))]
        default:
            // A longer list, so that ranges, ranks and counts have room.
            return [DiffCommand(["RPUSH", key] + elements(4...10))]
        }
    }
}
