import FredRuntime

/// The keys of a cluster, slot by slot, each key once even while slots move.
///
/// `SCAN` on each primary in turn can miss or repeat keys of a slot that migrates during the
/// iteration: its keys leave a node before or after that node was scanned. Here each page reads
/// the keys of a few slots from their owner (`CLUSTER GETKEYSINSLOT`), with `CLUSTER NODES` in the
/// same write, which tells, once those reads are done, whether the owner still serves each slot
/// and whether it is migrating one. A slot that moved or is moving is also read on the node it
/// goes to, after the owner, and the two lists are merged: a key that moved between the two reads
/// is in both (kept once); one that moves after them was in the first. Memory holds one page of
/// slots' keys. `MATCH` and `TYPE` are applied by the client (`TYPE` asks each key's node).
struct RedisClusterKeyScan {
    typealias Address = RedisClusterTopology.Address

    let cluster: RedisClusterClient
    let match: [UInt8]?
    let type: String?
    let slotsPerPage: Int
    private var nextSlot = 0

    /// `GETKEYSINSLOT`'s count: every key of the slot.
    private static let everyKey = Int(Int32.max)

    init(cluster: RedisClusterClient, match: RedisValue?, type: RedisValue?, slotsPerPage: Int = 64) {
        self.cluster = cluster
        self.match = match?.bytes
        self.type = type?.string.lowercased()
        self.slotsPerPage = slotsPerPage
    }

    /// The next page of keys (possibly empty), or nil after the last slot.
    mutating func nextPage() async throws -> [RedisValue]? {
        guard nextSlot < RedisHashSlot.count else { return nil }
        let slots = nextSlot..<min(nextSlot + slotsPerPage, RedisHashSlot.count)
        nextSlot = slots.upperBound
        let topology = try await cluster.topologyForScan()
        var byOwner: [Address: [Int]] = [:]
        for slot in slots {
            guard let owner = topology.primary(forSlot: slot) else {
                throw RedisError.clusterUnavailable("no primary serves hash slot \(slot) in the client's map of the cluster")
            }
            byOwner[owner, default: []].append(slot)
        }
        var keys: [RedisValue] = []
        for (owner, ownedSlots) in byOwner.sorted(by: { $0.value[0] < $1.value[0] }) {
            keys += try await readSlots(ownedSlots, at: owner)
        }
        if let match { keys = keys.filter { RedisGlob.matches(match, $0.bytes) } }
        if let type, !keys.isEmpty {
            let types = try await cluster.pipeline(keys.map { RedisCommand.type($0) })
            keys = zip(keys, types).filter { $0.1.lowercased() == type }.map(\.0)
        }
        return keys
    }

    /// The keys of `slots`, read on `owner` and, for a slot that moved or is moving, on the node
    /// it goes to.
    private func readSlots(_ slots: [Int], at owner: Address) async throws -> [RedisValue] {
        let batch = slots.map { RedisCommands.clusterGetkeysinslot(slot: $0, count: Self.everyKey) } + [RedisCommands.clusterNodes()]
        let replies = try await cluster.client(at: owner).execute(batch)
        guard replies.count == batch.count, let nodesReply = replies.last else {
            throw RedisError.unexpectedReply(expected: "\(batch.count) replies", got: "\(replies.count)")
        }
        let nodes = RedisClusterNodesView(try nodesReply.get().decode(as: String.self))
        var keys: [RedisValue] = []
        for (index, slot) in slots.enumerated() {
            var slotKeys = try replies[index].get().decode(as: [RedisValue].self)
            if let elsewhere = nodes.destination(of: slot), elsewhere != owner {
                let moved = try await cluster.client(at: elsewhere).execute(
                    RedisCommand<[RedisValue]>(RedisCommands.clusterGetkeysinslot(slot: slot, count: Self.everyKey)))
                var seen = Set(slotKeys)
                for key in moved where seen.insert(key).inserted { slotKeys.append(key) }
            }
            keys += slotKeys
        }
        return keys
    }
}

/// What one node's `CLUSTER NODES` says about where slots are: which node serves each slot, and
/// the slots the node itself is migrating and where to.
struct RedisClusterNodesView {
    private var owners: [(range: ClosedRange<Int>, address: RedisClusterTopology.Address)] = []
    private var migrating: [Int: RedisClusterTopology.Address] = [:]

    init(_ text: String) {
        var addresses: [Substring: RedisClusterTopology.Address] = [:]
        var lines: [[Substring]] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ")
            guard fields.count >= 8, let address = Self.address(fields[1]) else { continue }
            addresses[fields[0]] = address
            lines.append(fields)
        }
        for fields in lines {
            guard let address = addresses[fields[0]] else { continue }
            let isMyself = fields[2].split(separator: ",").contains("myself")
            for entry in fields.dropFirst(8) {
                if entry.hasPrefix("[") {
                    // `[slot->-destination]` on the migrating node itself.
                    let inner = entry.dropFirst().dropLast()
                    let digits = inner.prefix { $0.isNumber }
                    let rest = inner.dropFirst(digits.count)
                    guard isMyself, rest.hasPrefix("->-"), let slot = Int(digits), let destination = addresses[rest.dropFirst(3)] else { continue }
                    migrating[slot] = destination
                } else if let dash = entry.firstIndex(of: "-"), let low = Int(entry[..<dash]), let high = Int(entry[entry.index(after: dash)...]), low <= high {
                    owners.append((low...high, address))
                } else if let slot = Int(entry) {
                    owners.append((slot...slot, address))
                }
            }
        }
    }

    /// `ip:port@cport[,hostname]`.
    private static func address(_ field: Substring) -> RedisClusterTopology.Address? {
        let hostPort = field.prefix { $0 != "@" && $0 != "," }
        guard let colon = hostPort.lastIndex(of: ":"), let port = Int(hostPort[hostPort.index(after: colon)...]) else { return nil }
        return .init(host: String(hostPort[..<colon]), port: port)
    }

    /// Where `slot`'s keys may also be: the node it is migrating to, or the node that serves it
    /// now; nil when the node that answered serves it and migrates nothing of it.
    func destination(of slot: Int) -> RedisClusterTopology.Address? {
        if let target = migrating[slot] { return target }
        return owners.first { $0.range.contains(slot) }?.address
    }
}
