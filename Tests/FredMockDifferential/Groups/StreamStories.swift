import Fred

/// Scripted stories of the streams group, on keys whose IDs they know.
extension StreamCommands {
    /// A short story on one key whose IDs it knows: entries added, a group or two reading,
    /// deleting, acknowledging, claiming, trimming and moving IDs, with looks at the state in
    /// between. Random commands rarely hit an existing entry; these always do, so tombstones
    /// before and after a group's position, lags and pending lists come up often.
    static func scenario(_ random: inout DiffRandom, key: String) -> [DiffCommand] {
        var commands = [DiffCommand(["DEL", key])]
        var ids: [String] = []
        // Large values make nodes of a few entries each, which deletions can empty.
        let large = random.chance(0.3)
        func addEntries(_ count: Int, _ random: inout DiffRandom) {
            for _ in 0..<count {
                let id = "\(random.advanceCounter(by: UInt64(random.int(1...2))))-\(random.int(0...1))"
                ids.append(id)
                let payload = large ? String(repeating: "z", count: random.int(900...1500)) : value(&random)
                commands.append(DiffCommand(["XADD", key, id, "f0", payload]))
            }
        }
        addEntries(random.int(2...8), &random)
        // Mostly one group, so that reads, deletions and claims meet.
        let main = StreamCommands.group(&random)
        func group(_ random: inout DiffRandom) -> String { random.chance(0.8) ? main : StreamCommands.group(&random) }
        let reader = StreamCommands.consumer(&random)
        func consumer(_ random: inout DiffRandom) -> String { random.chance(0.7) ? reader : StreamCommands.consumer(&random) }
        if random.chance(0.7) { commands.append(DiffCommand(["XGROUP", "CREATE", key, main, "0"])) }
        for _ in 0..<random.int(6...16) {
            let known = random.pick(ids)
            switch random.int(0...16) {
            case 0, 1: commands.append(DiffCommand(["XDEL", key, known]))
            case 2:
                var words = ["XGROUP", "CREATE", key, group(&random), random.pick(["0", "$", known])]
                if random.chance(0.3) { words += ["ENTRIESREAD", String(random.int(0...ids.count))] }
                commands.append(DiffCommand(words))
            case 3, 4:
                var words = ["XREADGROUP", "GROUP", group(&random), consumer(&random)]
                if random.chance(0.7) { words += ["COUNT", String(random.int(1...3))] }
                if random.chance(0.1) { words.append("NOACK") }
                commands.append(DiffCommand(words + ["STREAMS", key, random.chance(0.8) ? ">" : "0"]))
            case 5: commands.append(DiffCommand(["XACK", key, group(&random), known] + (random.chance(0.3) ? [random.pick(ids)] : [])))
            case 6:
                var words = ["XCLAIM", key, group(&random), consumer(&random), random.chance(0.8) ? "0" : "3600000", known]
                if random.chance(0.3) { words += random.pick([["IDLE", "10000000"], ["TIME", "1"], ["IDLE", "0"], ["RETRYCOUNT", "7"]]) }
                if random.chance(0.3) { words.append("FORCE") }
                if random.chance(0.3) { words.append("JUSTID") }
                commands.append(DiffCommand(words))
            case 7: commands.append(DiffCommand(["XAUTOCLAIM", key, group(&random), consumer(&random), "0", "0", "COUNT", String(random.int(1...3))]))
            case 8:
                commands.append(DiffCommand(random.chance(0.5) ? ["XTRIM", key, "MINID", known] : ["XTRIM", key, "MAXLEN", String(random.int(0...ids.count))]))
            case 9:
                var words = ["XGROUP", "SETID", key, group(&random), random.pick(["0", "$", known])]
                if random.chance(0.5) { words += ["ENTRIESREAD", String(random.int(0...ids.count))] }
                commands.append(DiffCommand(words))
            case 10: addEntries(random.int(1...3), &random)
            case 11: commands.append(DiffCommand(["XINFO", "GROUPS", key]))
            case 12: commands.append(DiffCommand(["XINFO", "STREAM", key] + (random.chance(0.5) ? ["FULL"] : []), check: .random(.timeTolerant)))
            case 13:
                let idle = random.chance(0.4) ? ["IDLE", "3600000"] : []
                commands.append(DiffCommand(["XPENDING", key, group(&random)] + idle + ["-", "+", "10"], check: .random(.timeTolerant)))
            case 14: commands.append(DiffCommand(["XPENDING", key, group(&random)]))
            case 15: commands.append(DiffCommand(["XSETID", key, "\(random.advanceCounter(by: 1))-0"] + (random.chance(0.5) ? ["MAXDELETEDID", known] : [])))
            default: commands.append(DiffCommand(["XREADGROUP", "GROUP", group(&random), consumer(&random), "STREAMS", key, "0"]))
            }
        }
        commands.append(DiffCommand(["XINFO", "GROUPS", key]))
        return commands
    }

    /// Many small nodes (two large entries each) with IDs spread over several bytes, then
    /// deletions and trims that empty nodes at the head and in the middle, each followed by
    /// `XINFO STREAM`: its radix-tree counts follow the server's tree as nodes come and go.
    static func nodeScenario(_ random: inout DiffRandom, key: String) -> [DiffCommand] {
        var commands = [DiffCommand(["DEL", key])]
        var ids: [String] = []
        for _ in 0..<random.int(6...40) {
            let step = random.pick([1, 2, 7, 255, 256, 300, 65_536, 70_000])
            let id = "\(random.advanceCounter(by: UInt64(step)))-\(random.pick([0, 0, 1, 300]))"
            ids.append(id)
            commands.append(DiffCommand(["XADD", key, id, "f0", String(repeating: "n", count: random.int(1300...1900))]))
        }
        commands.append(DiffCommand(["XINFO", "STREAM", key]))
        for _ in 0..<random.int(3...12) {
            switch random.int(0...5) {
            case 0, 1, 2: commands.append(DiffCommand(["XDEL", key] + (0..<random.int(1...3)).map { _ in random.pick(ids) }))
            case 3: commands.append(DiffCommand(["XTRIM", key, "MINID", random.pick(["~", "=", "~"]), random.pick(ids)]))
            case 4: commands.append(DiffCommand(["XTRIM", key, "MAXLEN", random.pick(["~", "="]), String(random.int(0...ids.count))]))
            default: commands.append(DiffCommand(["XRANGE", key, "-", "+", "COUNT", "3"]))
            }
            commands.append(DiffCommand(["XINFO", "STREAM", key]))
        }
        return commands
    }
}
