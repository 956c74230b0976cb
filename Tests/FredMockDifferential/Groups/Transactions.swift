extension DiffGroup {
    /// Transactions: MULTI … EXEC/DISCARD with commands of the strings group inside (and queueing
    /// errors), WATCH with writes from the other session, and the misuse errors.
    public static let transactions = DiffGroup(name: "transactions", commands: ["MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH"], weight: 0.2) { random in
        var commands: [DiffCommand] = []
        if random.chance(0.5) {
            commands.append(DiffCommand(["WATCH"] + (0..<random.int(1...2)).map { _ in random.key() }))
            if random.chance(0.5) {
                // The other session writes a key (watched or not) before the transaction starts.
                commands.append(DiffCommand([random.pick(["SET", "APPEND"]), random.key(), "x"], session: 1))
            }
            if random.chance(0.1) { commands.append(DiffCommand(["UNWATCH"])) }
        }
        switch random.int(0...9) {
        case 0: return commands + [DiffCommand([random.pick(["EXEC", "DISCARD", "UNWATCH"])] + (random.chance(0.3) ? ["extra"] : []))]
        case 1: commands.append(DiffCommand(["MULTI"])); commands.append(DiffCommand(["MULTI"]))
        default: commands.append(DiffCommand(["MULTI"]))
        }
        for _ in 0..<random.int(0...4) {
            switch random.int(0...9) {
            case 0: commands.append(DiffCommand(["GET"]))  // a queueing error: EXEC aborts
            case 1: commands.append(DiffCommand([random.pick(["WATCH", "UNWATCH"]), random.key()]))  // WATCH is refused inside MULTI
            case 2: commands.append(DiffCommand(["INCR", random.key()]))  // may fail at EXEC time only
            default: commands += DiffGroup.strings.next(&random)
            }
        }
        if random.chance(0.3) {
            commands.append(DiffCommand(["SET", random.key(), "y"], session: 1))  // outside the transaction, at once
        }
        commands.append(DiffCommand([random.chance(0.8) ? "EXEC" : "DISCARD"]))
        return commands
    }
}
