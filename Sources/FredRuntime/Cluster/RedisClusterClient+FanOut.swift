/// Commands that go to more than one node: those the spec's request tip sends to every shard or
/// node (`DBSIZE`, `KEYS`, `FLUSHALL`, `SCRIPT LOAD`, …), and splittable multi-key commands whose
/// keys hash to several slots (`MGET`, `MSET`, `DEL`, …). The replies are combined as the spec's
/// response tip says.
extension RedisClusterClient {
    /// How `command` must be sent when it does not go to a single node, or nil.
    enum Spread {
        case nodes([Address])
        case split([(slot: Int, command: RESPCommand, groups: [Int])])
    }

    func spread(of command: RESPCommand, topology: RedisClusterTopology) -> Spread? {
        let info = command.info
        switch info.requestPolicy {
        case .allShards where info.responsePolicy != .special:
            return .nodes(topology.primaries)
        case .allNodes where info.responsePolicy != .special:
            return .nodes(topology.shards.flatMap { $0.nodes.map(\.address) })
        default:
            break
        }
        guard info.flags.contains(.splittable) else { return nil }
        switch command.keySlot {
        case .keyless, .slot: return nil  // one slot or none: nothing to split
        case .crossSlot, .untracked: break
        }
        let arguments = command.arguments
        guard let positions = info.keyPositions(in: arguments)?.sorted(), let first = positions.first else { return nil }
        // A key's group: the key and the arguments after it, up to the next key (MSET's value).
        var groups: [(slot: Int, range: Range<Int>)] = []
        for (index, position) in positions.enumerated() {
            let end = index + 1 < positions.count ? positions[index + 1] : arguments.count
            groups.append((RedisHashSlot.slot(for: arguments[position]), position..<end))
        }
        guard Set(groups.map(\.slot)).count > 1 else { return nil }
        let prefix = arguments[info.words.count..<first]
        var parts: [(slot: Int, command: RESPCommand, groups: [Int])] = []
        for (index, group) in groups.enumerated() {
            if let existing = parts.firstIndex(where: { $0.slot == group.slot }) {
                parts[existing].command.appendGroup(arguments[group.range])
                parts[existing].groups.append(index)
            } else {
                var part = RESPCommand(info)
                part.append(contentsOf: prefix)
                part.appendGroup(arguments[group.range])
                parts.append((group.slot, part, [index]))
            }
        }
        return .split(parts)
    }

    /// Sends `command` to every node of `addresses` at once and combines the replies.
    func fanOut(_ command: RESPCommand, to addresses: [Address]) async throws -> RESPValue {
        let results = await withTaskGroup(of: (Int, Result<RESPValue, any Error>).self) { group in
            for (index, address) in addresses.enumerated() {
                group.addTask {
                    do {
                        return (index, .success(try await self.nodeClient(for: address).execute(command)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results = [Result<RESPValue, any Error>](repeating: .failure(RedisError.notConnected), count: addresses.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
        if command.info.responsePolicy == .oneSucceeded {
            for result in results { if case .success(let reply) = result { return reply } }
        }
        let replies = try results.map { try $0.get() }
        return try combine(replies, policy: command.info.responsePolicy)
    }

    /// Sends the parts of a split command at once (each through the usual routing, so redirects
    /// still work) and puts the replies back together in the caller's order.
    func executeSplit(_ command: RESPCommand, parts: [(slot: Int, command: RESPCommand, groups: [Int])]) async throws -> RESPValue {
        let replies = try await withThrowingTaskGroup(of: (Int, RESPValue).self) { group in
            for (index, part) in parts.enumerated() {
                group.addTask { (index, try await self.execute(part.command)) }
            }
            var replies = [RESPValue](repeating: .null, count: parts.count)
            for try await (index, reply) in group { replies[index] = reply }
            return replies
        }
        guard command.info.responsePolicy == .default else {
            return try combine(replies, policy: command.info.responsePolicy)
        }
        // One element per key group (MGET): each back to the position its key had.
        let total = parts.reduce(0) { $0 + $1.groups.count }
        var combined = [RESPValue](repeating: .null, count: total)
        for (part, reply) in zip(parts, replies) {
            guard case .array(let elements) = reply, elements.count == part.groups.count else {
                throw RedisError.unexpectedReply(expected: "one element per key", got: reply.kindDescription)
            }
            for (group, element) in zip(part.groups, elements) { combined[group] = element }
        }
        return .array(combined)
    }

    /// Combines the replies of several nodes as the response tip says.
    func combine(_ replies: [RESPValue], policy: RedisResponsePolicy) throws -> RESPValue {
        guard let first = replies.first else { return .null }
        switch policy {
        case .aggSum:
            return .integer(try replies.reduce(0) { $0 + (try Int(fromRESP: $1)) })
        case .aggMin:
            return .integer(try replies.map { try Int(fromRESP: $0) }.min() ?? 0)
        case .aggMax:
            return .integer(try replies.map { try Int(fromRESP: $0) }.max() ?? 0)
        case .aggLogicalAnd, .aggLogicalOr:
            let and = policy == .aggLogicalAnd
            if case .array = first {
                let columns = try replies.map { try [Int](fromRESP: $0) }
                let width = columns.map(\.count).min() ?? 0
                return .array((0..<width).map { index in
                    let values = columns.map { $0[index] != 0 }
                    return .integer((and ? values.allSatisfy { $0 } : values.contains(true)) ? 1 : 0)
                })
            }
            let values = try replies.map { try Int(fromRESP: $0) != 0 }
            return .integer((and ? values.allSatisfy { $0 } : values.contains(true)) ? 1 : 0)
        case .allSucceeded, .oneSucceeded, .special:
            return first
        case .default:
            // Arrays are concatenated (KEYS); otherwise the first non-null reply (RANDOMKEY).
            if replies.allSatisfy({ if case .array = $0 { true } else { false } }) {
                return .array(replies.flatMap { $0.elements ?? [] })
            }
            return replies.shuffled().first { $0 != .null } ?? .null
        }
    }
}

extension RESPCommand {
    /// Appends a key and the arguments that belong to it (`MSET`'s value).
    fileprivate mutating func appendGroup(_ group: ArraySlice<[UInt8]>) {
        guard let key = group.first else { return }
        appendKey(key)
        append(contentsOf: group.dropFirst())
    }
}
