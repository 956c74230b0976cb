import Fred

extension DiffGroup {
    /// Streams: adding (explicit IDs, `ms-*`, now and then `*`), ranges, trimming (exact and
    /// `~`, which on a server removes whole nodes of 100 entries or 4 KB: bursts of entries and
    /// large values make such nodes), reads (with `BLOCK` only when data is there or for a few
    /// milliseconds), consumer groups, pending entries, claiming and `XINFO`.
    ///
    /// A draw makes two commands on average (bursts and stories make dozens), hence its weight.
    /// IDs come from a counter that only moves forward (``DiffRandom/counter``), so that most adds
    /// succeed; reads pick IDs near its current value, where the entries are.
    public static let streams = DiffGroup(name: "streams", commands: [
        "XADD", "XRANGE", "XREVRANGE", "XLEN", "XDEL", "XTRIM", "XREAD", "XGROUP", "XREADGROUP", "XACK", "XPENDING",
        "XCLAIM", "XAUTOCLAIM", "XINFO", "XSETID",
    ], weight: 0.5) { random in
        StreamCommands.next(&random)
    }
}

/// The generator of the streams group.
enum StreamCommands {
    static func next(_ random: inout DiffRandom) -> [DiffCommand] {
        let key = random.key()
        switch random.int(0...39) {
        case 0...7: return [add(&random, key: key)]
        case 8:
            if random.chance(0.4) { return burst(&random, key: key) }
            return random.chance(0.15) ? nodeScenario(&random, key: key) : [add(&random, key: key)]
        case 9, 10: return [range(&random, key: key)]
        case 11: return [DiffCommand(["XLEN", key])]
        case 12: return [DiffCommand(["XDEL", key] + (0..<random.int(1...3)).map { _ in nearID(&random, strict: true) })]
        case 13: return [trim(&random, key: key)]
        case 14, 15: return read(&random, key: key)
        case 16, 17: return [groupCreate(&random, key: key)]
        case 18: return [groupSetID(&random, key: key)]
        case 19: return [groupMisc(&random, key: key)]
        case 20, 21, 22: return readGroup(&random, key: key)
        case 23: return [DiffCommand(["XACK", key, group(&random)] + (0..<random.int(1...3)).map { _ in nearID(&random, strict: true) })]
        case 24, 25: return [pending(&random, key: key)]
        case 26, 27: return [claim(&random, key: key)]
        case 28: return [autoClaim(&random, key: key)]
        case 29, 30: return [info(&random, key: key)]
        case 31: return [setID(&random, key: key)]
        case 32: return autoID(&random)
        case 33: return [invalidForm(&random, key: key)]
        case 34: return [DiffCommand(random.chance(0.7) ? ["DEL", key] : ["SET", key, "v"])]
        case 35:
            // An ID in the future: `*` then counts on from it, the same on both sides.
            guard random.chance(0.2) else { return [add(&random, key: key)] }
            return [DiffCommand(["XADD", key, "99999999999999-\(random.int(0...3))", "f", "v"]), DiffCommand(["XADD", key, "*", "f", "v"])]
        case 36: return random.chance(0.5) ? scenario(&random, key: key) : [DiffCommand(["XINFO", "STREAM", key])]
        case 37: return [DiffCommand(["XINFO", "GROUPS", key])]
        default: return [DiffCommand(["XRANGE", key, "-", "+"])]
        }
    }

    // MARK: - Pieces

    static func field(_ random: inout DiffRandom) -> String { "f\(random.int(0...3))" }

    static func value(_ random: inout DiffRandom) -> String {
        switch random.int(0...19) {
        case 0: return String(repeating: "x", count: random.int(200...1500))  // fills a node's 4 KB fast
        case 1: return String(random.int(-200_000...200_000))  // stored as an integer in the listpack
        case 2: return ""
        default: return "v\(random.int(0...5))"
        }
    }

    static func pairs(_ random: inout DiffRandom) -> [String] {
        // Usually the same fields (the server then stores them once per node).
        if random.chance(0.6) { return ["f0", value(&random), "f1", value(&random)] }
        return (0..<random.int(1...3)).flatMap { _ in [field(&random), value(&random)] }
    }

    static func group(_ random: inout DiffRandom) -> String { "g\(random.int(0...2))" }
    static func consumer(_ random: inout DiffRandom) -> String { "c\(random.int(0...3))" }

    /// A new ID from the counter, in one of the forms `XADD` takes.
    static func freshID(_ random: inout DiffRandom) -> String {
        let ms = random.advanceCounter(by: UInt64(random.int(1...3)))
        switch random.int(0...9) {
        case 0...3: return "\(ms)-\(random.int(0...2))"
        case 4...6: return "\(ms)-*"
        case 7: return "\(ms)"
        case 8: return random.pick(["1-1", "0-0", "0-*", "0-1", "3", "1-*"])  // usually too small (or 0-0)
        default: return random.pick(["abc", "-", "+", "1-2-3", "5-", "-5", "1-x", "18446744073709551615-18446744073709551615", "18446744073709551615-*"])
        }
    }

    /// An ID near the latest ones, where entries are; `strict` avoids `-`, `+` and `(` forms.
    static func nearID(_ random: inout DiffRandom, strict: Bool = false, exclusive: Bool = false) -> String {
        let current = random.counter
        let ms = current - min(current, UInt64(random.int(0...40)))
        switch random.int(0...19) {
        case 0...9: return "\(ms)-\(random.int(0...2))"
        case 10...12: return "\(ms)"
        case 13: return random.pick(["0", "0-0", "0-1"])
        case 14: return strict ? "\(ms)-\(random.int(0...2))" : random.pick(["-", "+"])
        case 15, 16: return exclusive ? "(\(ms)-\(random.int(0...2)))" : "\(ms)-\(random.int(0...2))"
        case 17: return random.pick(["abc", "1-", "-1", "1-x", "", "(", "(-", "18446744073709551615-18446744073709551615", "+1", " 5", "007-1"])
        default: return "\(current + 5)"
        }
    }

    static func trimOptions(_ random: inout DiffRandom) -> [String] {
        var words: [String] = []
        let approximate = random.chance(0.4)
        if random.chance(0.5) {
            words += ["MAXLEN"] + (approximate ? ["~"] : random.chance(0.3) ? ["="] : [])
            words.append(approximate ? String(random.int(0...250)) : random.integerArgument(-1...12, invalid: 0.04))
        } else {
            words += ["MINID"] + (approximate ? ["~"] : random.chance(0.3) ? ["="] : [])
            words.append(nearID(&random, strict: true))
        }
        if random.chance(approximate ? 0.4 : 0.05) {
            words += ["LIMIT", random.pick(["0", "1", "50", "100", "150", "-1", "x"])]
        }
        if random.chance(0.02) { words += [random.pick(["MAXLEN", "MINID"]), "1"] }
        return words
    }

    // MARK: - Commands

    static func add(_ random: inout DiffRandom, key: String) -> DiffCommand {
        var words = ["XADD", key]
        if random.chance(0.08) { words.append("NOMKSTREAM") }
        if random.chance(0.25) { words += trimOptions(&random) }
        if random.chance(0.03) { words += ["LIMIT", "10"] }
        words.append(freshID(&random))
        words += pairs(&random)
        if random.chance(0.03) { words.append("odd") }
        return DiffCommand(words)
    }

    /// Many entries at once: nodes fill up (100 entries, or 4 KB with large values), so that
    /// `~` trimming and the radix tree counts have whole nodes to work on.
    static func burst(_ random: inout DiffRandom, key: String) -> [DiffCommand] {
        let large = random.chance(0.4)
        let count = large ? random.int(5...40) : random.chance(0.25) ? random.int(90...230) : random.int(5...30)
        var commands: [DiffCommand] = []
        for _ in 0..<count {
            let ms = random.advanceCounter(by: UInt64(random.int(0...1)))
            let payload = large ? String(repeating: "y", count: random.int(100...600)) : "v\(random.int(0...9))"
            let fields = random.chance(0.9) ? ["f0", payload] : ["f\(random.int(0...3))", payload, "extra", "1"]
            commands.append(DiffCommand(["XADD", key, "\(ms)-*"] + fields))
        }
        commands.append(DiffCommand(["XINFO", "STREAM", key]))
        // Trim the nodes just made, now and then capped by LIMIT, and look again.
        for _ in 0..<random.int(0...3) {
            var words = ["XTRIM", key, "MAXLEN", "~", String(random.int(0...count))]
            if random.chance(0.3) { words = ["XTRIM", key, "MINID", "~", nearID(&random, strict: true)] }
            if random.chance(0.4) { words += ["LIMIT", String(random.int(0...150))] }
            commands.append(DiffCommand(words))
            commands.append(DiffCommand(["XINFO", "STREAM", key]))
        }
        return commands
    }

    static func range(_ random: inout DiffRandom, key: String) -> DiffCommand {
        let reverse = random.chance(0.4)
        var words = [reverse ? "XREVRANGE" : "XRANGE", key]
        let low = nearID(&random, exclusive: true)
        let high = random.chance(0.3) ? "+" : nearID(&random, exclusive: true)
        words += reverse ? [high, low] : [low, high]
        if random.chance(0.3) { words += ["COUNT", random.integerArgument(-1...5)] }
        if random.chance(0.03) { words.append(random.pick(["COUNT", "BOGUS"])) }
        return DiffCommand(words)
    }

    static func trim(_ random: inout DiffRandom, key: String) -> DiffCommand {
        var words = ["XTRIM", key] + trimOptions(&random)
        if random.chance(0.03) { words = ["XTRIM", key, random.pick(["LIMIT", "BOGUS", "NOMKSTREAM"]), "1"] }
        return DiffCommand(words)
    }

    static func read(_ random: inout DiffRandom, key: String) -> [DiffCommand] {
        var keys = [key]
        if random.chance(0.3) { keys.append(random.key()) }
        var words = ["XREAD"]
        if random.chance(0.4) { words += ["COUNT", random.integerArgument(-1...4)] }
        var ids = keys.map { _ in random.chance(0.2) ? "$" : random.chance(0.3) ? "0" : nearID(&random, strict: true) }
        if random.chance(0.04) { ids[0] = random.pick([">", "+", "-"]) }
        if random.chance(0.25) {
            // A few milliseconds at most: with nothing to read both sides time out.
            words += ["BLOCK", random.pick(["1", "5", "10", "-1", "x"])]
        }
        words += ["STREAMS"] + keys + ids
        if random.chance(0.03) { words.removeLast() }
        if random.chance(0.15) {
            // With data there, BLOCK answers at once. BLOCK 0 (for ever) only on a key just
            // made again: an add may fail (an ID from the future at the key) and leave nothing.
            let id = random.advanceCounter(by: 1)
            let fresh = random.chance(0.5)
            return (fresh ? [DiffCommand(["DEL", key])] : []) + [
                DiffCommand(["XADD", key, "\(id)-1", "f", "v"]),
                DiffCommand(["XREAD", "BLOCK", fresh ? "100" : "1000", "STREAMS", key, "0"]),
            ]
        }
        return [DiffCommand(words)]
    }

    static func groupCreate(_ random: inout DiffRandom, key: String) -> DiffCommand {
        var words = ["XGROUP", "CREATE", key, group(&random), random.chance(0.4) ? "$" : random.chance(0.5) ? "0" : nearID(&random, strict: true)]
        if random.chance(0.5) { words.append("MKSTREAM") }
        if random.chance(0.2) { words += ["ENTRIESREAD", random.pick(["0", "1", "3", "-1", "-2", "x", "100"])] }
        if random.chance(0.03) { words.append(random.pick(["BOGUS", "ENTRIESREAD", "MKSTREAM"])) }
        return DiffCommand(words)
    }

    static func groupSetID(_ random: inout DiffRandom, key: String) -> DiffCommand {
        var words = ["XGROUP", "SETID", key, group(&random), random.chance(0.3) ? "$" : nearID(&random)]
        if random.chance(0.3) { words += ["ENTRIESREAD", random.pick(["0", "2", "5", "-1", "-3", "y"])] }
        if random.chance(0.03) { words.append("MKSTREAM") }
        return DiffCommand(words)
    }

    static func groupMisc(_ random: inout DiffRandom, key: String) -> DiffCommand {
        switch random.int(0...5) {
        case 0: return DiffCommand(["XGROUP", "DESTROY", key, group(&random)])
        case 1, 2: return DiffCommand(["XGROUP", "CREATECONSUMER", key, group(&random), consumer(&random)])
        case 3, 4: return DiffCommand(["XGROUP", "DELCONSUMER", key, group(&random), consumer(&random)])
        default: return DiffCommand(["XGROUP", "HELP"])
        }
    }

    static func readGroup(_ random: inout DiffRandom, key: String) -> [DiffCommand] {
        var keys = [key]
        if random.chance(0.2) { keys.append(random.key()) }
        var words = ["XREADGROUP", "GROUP", group(&random), consumer(&random)]
        if random.chance(0.5) { words += ["COUNT", random.integerArgument(-1...4)] }
        if random.chance(0.15) { words.append("NOACK") }
        if random.chance(0.15) { words += ["BLOCK", random.pick(["1", "5", "-1"])] }
        var ids = keys.map { _ in random.chance(0.6) ? ">" : random.chance(0.5) ? "0" : nearID(&random, strict: true) }
        if random.chance(0.03) { ids[0] = "$" }
        words += ["STREAMS"] + keys + ids
        if random.chance(0.02) { words.removeLast() }
        if random.chance(0.02) { words = ["XREADGROUP", "COUNT", "1", "BLOCK", "1", "STREAMS", key, ">"] }
        // Its consumer's seen time moves: XINFO CONSUMERS compares idle times within a tolerance.
        return [DiffCommand(words)]
    }

    static func pending(_ random: inout DiffRandom, key: String) -> DiffCommand {
        var words = ["XPENDING", key, group(&random)]
        if random.chance(0.7) {
            // Idle thresholds far from the few milliseconds an entry ages during a run, so both
            // sides filter alike; idle times themselves are compared within a tolerance.
            if random.chance(0.3) { words += ["IDLE", random.pick(["0", "3600000", "-5", "x"])] }
            words += [nearID(&random, exclusive: true), random.chance(0.5) ? "+" : nearID(&random, exclusive: true), random.integerArgument(-1...6)]
            if random.chance(0.3) { words.append(consumer(&random)) }
        }
        if random.chance(0.03) { words.append("extra") }
        return DiffCommand(words, check: .random(.timeTolerant))
    }

    static func claim(_ random: inout DiffRandom, key: String) -> DiffCommand {
        var words = ["XCLAIM", key, group(&random), consumer(&random), random.pick(["0", "0", "3600000", "-1", "x"])]
        words += (0..<random.int(1...3)).map { _ in nearID(&random, strict: true) }
        if random.chance(0.2) { words += ["IDLE", random.pick(["0", "10000000", "-1", "z"])] }
        if random.chance(0.15) { words += ["TIME", random.pick(["1", "99999999999999", "-5"])] }
        if random.chance(0.2) { words += ["RETRYCOUNT", random.pick(["0", "3", "-1", "q"])] }
        if random.chance(0.3) { words.append("FORCE") }
        if random.chance(0.3) { words.append("JUSTID") }
        if random.chance(0.15) { words += ["LASTID", nearID(&random, strict: true)] }
        if random.chance(0.03) { words.append(random.pick(["BOGUS", "IDLE"])) }
        return DiffCommand(words)
    }

    static func autoClaim(_ random: inout DiffRandom, key: String) -> DiffCommand {
        var words = ["XAUTOCLAIM", key, group(&random), consumer(&random), random.pick(["0", "0", "3600000", "-1", "x"]), nearID(&random, exclusive: true)]
        if random.chance(0.5) { words += ["COUNT", random.pick(["1", "2", "3", "0", "-1", "x", "100"])] }
        if random.chance(0.3) { words.append("JUSTID") }
        if random.chance(0.03) { words.append("BOGUS") }
        return DiffCommand(words)
    }

    static func info(_ random: inout DiffRandom, key: String) -> DiffCommand {
        switch random.int(0...7) {
        case 0, 1: return DiffCommand(["XINFO", "STREAM", key])
        case 2, 3:
            var words = ["XINFO", "STREAM", key, "FULL"]
            if random.chance(0.5) { words += ["COUNT", random.pick(["0", "1", "2", "-1", "x"])] }
            if random.chance(0.03) { words = ["XINFO", "STREAM", key, random.pick(["FULL", "BOGUS"]), "COUNT"] }
            return DiffCommand(words, check: .random(.timeTolerant))
        case 4: return DiffCommand(["XINFO", "GROUPS", key])
        case 5, 6: return DiffCommand(["XINFO", "CONSUMERS", key, group(&random)], check: .random(.timeTolerant))
        default: return DiffCommand(["XINFO", "HELP"])
        }
    }

    static func setID(_ random: inout DiffRandom, key: String) -> DiffCommand {
        let current = random.counter
        var words = ["XSETID", key, random.chance(0.7) ? "\(current + UInt64(random.int(0...5)))-\(random.int(0...3))" : nearID(&random)]
        if random.chance(0.3) { words += ["ENTRIESADDED", random.pick(["0", "5", "100", "-1", "x"])] }
        if random.chance(0.3) { words += ["MAXDELETEDID", random.chance(0.7) ? nearID(&random, strict: true) : "\(current + 100)-0"] }
        if random.chance(0.03) { words.append("BOGUS") }
        return DiffCommand(words)
    }

    /// `XADD … *` takes its ID from the clock, which differs between the two sides: on a key of
    /// its own (`sx`), compared as any fresh ID, then deleted on both sides so that nothing
    /// depends on it.
    static func autoID(_ random: inout DiffRandom) -> [DiffCommand] {
        var words = ["XADD", "sx"]
        if random.chance(0.3) { words += ["MAXLEN", "5"] }
        words += ["*", "f", "v"]
        return [DiffCommand(words, check: .random(.freshAutoID)), DiffCommand(["XLEN", "sx"]), DiffCommand(["DEL", "sx"])]
    }

    /// Wrong arity and other malformed commands.
    static func invalidForm(_ random: inout DiffRandom, key: String) -> DiffCommand {
        DiffCommand(random.pick([
            ["XADD", key, "1-1"], ["XADD", key, "1-1", "f"], ["XRANGE", key, "-"], ["XLEN"], ["XLEN", key, "x"], ["XDEL", key],
            ["XTRIM", key, "MAXLEN"], ["XREAD", "STREAMS", key], ["XREAD", "COUNT", "1"], ["XREAD", "GROUP", "g", "c", "STREAMS", key, "0"],
            ["XREAD", "NOACK", "STREAMS", key, "0"], ["XREAD", "BOGUS", "STREAMS", key, "0"],
            ["XREADGROUP", "GROUP", "g0", "c0", "STREAMS", key], ["XGROUP", "CREATE", key], ["XGROUP", "DESTROY", key],
            ["XGROUP", "CREATECONSUMER", key, "g0"], ["XACK", key, "g0"], ["XPENDING", key], ["XPENDING", key, "g0", "-"],
            ["XPENDING", key, "g0", "-", "+"], ["XPENDING", key, "g0", "IDLE", "0", "-", "+"], ["XCLAIM", key, "g0", "c0", "0"],
            ["XAUTOCLAIM", key, "g0", "c0", "0"], ["XINFO", "STREAM"], ["XINFO", "GROUPS", key, "x"], ["XINFO", "CONSUMERS", key],
            ["XSETID", key], ["XGROUP", "SETID", key, "g0"], ["XGROUP", "HELP", "x"], ["XINFO", "HELP", "x"],
        ]))
    }
}
