/// What a batch sent on a shared connection may hold.
///
/// A batch is written back to back in one event-loop turn, so no other task's command can come
/// between its commands: `MULTI` … `EXEC` inside one batch is a whole transaction, and `ASKING`
/// right before the command it is for reaches only that command. Anything that would outlive the
/// batch (a session change, an open transaction, `WATCH`) or answer with other than one reply is
/// refused, and so are blocking commands outside a transaction (they would stall every task).
enum RedisBatchRules {
    /// Why `commands` must not be sent as one batch on a shared connection, or nil when they may.
    static func refusal(_ commands: [RESPCommand]) -> RedisError? {
        var openTransaction: String?
        for (index, command) in commands.enumerated() {
            let info = command.info
            switch (info.semantics.answer, info.semantics.change) {
            case (.reply, .none):
                if openTransaction == nil, command.blocks {
                    return .needsDedicatedConnection(
                        command: info.name,
                        reason: "a blocking command in a batch would stall every task's commands behind it; send it alone (the client runs it on a connection of its own)")
                }
            case (.reply, .nextCommand) where index + 1 < commands.count:
                continue
            case (.reply, .transactionBegin):
                if let open = openTransaction {
                    return .needsDedicatedConnection(command: info.name, reason: "\(open) is still open in this batch; transactions do not nest")
                }
                openTransaction = info.name
            case (.reply, .transactionEnd):
                guard openTransaction != nil else {
                    return .needsDedicatedConnection(command: info.name, reason: "no transaction is open in this batch; start it in the same batch")
                }
                openTransaction = nil
            default:
                return info.sharedConnectionRefusal
            }
        }
        if let open = openTransaction {
            return .needsDedicatedConnection(
                command: open, reason: "the batch opens a transaction it does not end; end it with EXEC or DISCARD in the same batch")
        }
        return nil
    }

    /// Whether resending the unwritten tail of `commands` (from `index` on) on a new connection keeps
    /// their meaning: not when the tail belongs to a transaction whose start was already written.
    static func tailMayBeResent(_ commands: [RESPCommand], from index: Int) -> Bool {
        var open = false
        for command in commands[..<index] {
            switch command.info.semantics.change {
            case .transactionBegin: open = true
            case .transactionEnd: open = false
            default: break
            }
        }
        return !open
    }
}
