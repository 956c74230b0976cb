import FredRuntime

/// The keys of a cluster, slot by slot, each key once even while slots move.
///
/// `SCAN` on each primary in turn can miss or repeat keys of a slot that migrates during the
/// iteration: its keys leave a node before or after that node was scanned. Here each page reads
/// the keys of a few slots from their owner (`CLUSTER GETKEYSINSLOT`) between two `CLUSTER NODES`
/// in the same write, which tell whether, around the reads, the node served each slot, was
/// migrating it, or was importing it. The keys of a slot that was moving are also read on the other
/// node, always the source before the destination (reading the destination again when it came
/// first), and the lists are merged: a key that moves between two reads is in both (kept once), one
/// that moves later was in the first. A slot served elsewhere is followed to its owner. Memory
/// holds one page of slots' keys. `MATCH` and `TYPE` are applied by the client (`TYPE` asks each
/// key's node).
struct RedisClusterKeyScan {
    typealias Address = RedisClusterTopology.Address

    let cluster: RedisClusterClient
    let match: [UInt8]?
    let type: String?
    let slotsPerPage: Int
    private var nextSlot = 0

    /// `GETKEYSINSLOT`'s count: every key of the slot.
    private static let everyKey = Int(Int32.max)

    init(cluster: RedisClusterClient, match: (any RESPBulkStringEncodable)?, type: (any RESPBulkStringEncodable)?, slotsPerPage: Int = 64) {
        self.cluster = cluster
        self.match = match?.redisValue.bytes
        self.type = type?.redisValue.string.lowercased()
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

    /// The keys of `slots`, read on `owner` and, for a slot that moved or is moving, on the other
    /// nodes that hold its keys, in an order that misses none (``settle(_:after:on:keys:)``).
    private func readSlots(_ slots: [Int], at owner: Address) async throws -> [RedisValue] {
        let (views, replies) = try await read(slots, on: owner)
        var keys: [RedisValue] = []
        for (slot, reply) in zip(slots, replies) {
            var slotKeys = try reply.get().decode(as: [RedisValue].self)
            if let state = Self.unsettled(slot, views) {
                try await settle(slot, after: state, on: owner, keys: &slotKeys)
            }
            keys += slotKeys
        }
        return keys
    }

    /// Reads `slots` on `node` in one write, between two `CLUSTER NODES`: what the node said
    /// before and after the reads, and each read's reply.
    private func read(_ slots: [Int], on node: Address) async throws
        -> (views: (before: RedisClusterNodesView, after: RedisClusterNodesView), replies: ArraySlice<Result<RESPValue, RedisError>>)
    {
        let batch = [RedisCommands.clusterNodes()] + slots.map { RedisCommands.clusterGetkeysinslot(slot: $0, count: Self.everyKey) }
            + [RedisCommands.clusterNodes()]
        let replies = try await cluster.client(at: node).execute(batch)
        guard replies.count == batch.count, let first = replies.first, let last = replies.last else {
            throw RedisError.unexpectedReply(expected: "\(batch.count) replies", got: "\(replies.count)")
        }
        let before = RedisClusterNodesView(try first.get().decode(as: String.self))
        let after = RedisClusterNodesView(try last.get().decode(as: String.self))
        return ((before, after), replies.dropFirst().dropLast())
    }

    /// How `slot` stood while it was read, when its keys may not all have been on the node read
    /// (nil when they were): what the view before the read says unless the node served the slot
    /// then, else what the view after it says (a migration may have started, or ended, meanwhile).
    private static func unsettled(
        _ slot: Int, _ views: (before: RedisClusterNodesView, after: RedisClusterNodesView)
    ) -> RedisClusterNodesView.SlotState? {
        let before = views.before.state(of: slot)
        guard case .served = before else { return before }
        let after = views.after.state(of: slot)
        if case .served = after { return nil }
        return after
    }

    /// Reads the rest of `slot`'s keys after a read on `node` that found it in `state`, merging
    /// them into `keys` (each once): from the node it migrates to (after the source: a key that
    /// moves between the reads is in both, one that moves later was in the first), from the node
    /// it is imported from and then `node` again (the same order), or from the node that serves it.
    private func settle(
        _ slot: Int, after state: RedisClusterNodesView.SlotState, on node: Address, keys: inout [RedisValue]
    ) async throws {
        var seen = Set(keys)
        func merge(_ more: ArraySlice<Result<RESPValue, RedisError>>) throws {
            for key in try more.first?.get().decode(as: [RedisValue].self) ?? [] where seen.insert(key).inserted {
                keys.append(key)
            }
        }
        var state = state
        var node = node
        for _ in 0..<8 {
            switch state {
            case .served:
                return
            case .migrating(let destination):
                try merge(try await read([slot], on: destination).replies)
                return
            case .importing(let source):
                try merge(try await read([slot], on: source).replies)
                try merge(try await read([slot], on: node).replies)
                return
            case .elsewhere(let owner):
                let (views, replies) = try await read([slot], on: owner)
                try merge(replies)
                guard let next = Self.unsettled(slot, views) else { return }
                (state, node) = (next, owner)
            case .unassigned:
                return
            }
        }
        throw RedisError.clusterUnavailable("hash slot \(slot) kept moving while its keys were read")
    }
}

/// What one node's `CLUSTER NODES` says about where slots are: which node serves each slot, and
/// the slots the node itself is migrating and where to.
struct RedisClusterNodesView {
    private var owners: [(range: ClosedRange<Int>, address: RedisClusterTopology.Address)] = []
    private var myself: RedisClusterTopology.Address?
    private var migrating: [Int: RedisClusterTopology.Address] = [:]
    private var importing: [Int: RedisClusterTopology.Address] = [:]

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
            if isMyself { myself = address }
            for entry in fields.dropFirst(8) {
                if entry.hasPrefix("[") {
                    // `[slot->-destination]` and `[slot-<-source]` on the node's own line.
                    let inner = entry.dropFirst().dropLast()
                    let digits = inner.prefix { $0.isNumber }
                    let rest = inner.dropFirst(digits.count)
                    guard isMyself, let slot = Int(digits), let other = addresses[rest.dropFirst(3)] else { continue }
                    if rest.hasPrefix("->-") { migrating[slot] = other }
                    if rest.hasPrefix("-<-") { importing[slot] = other }
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

    /// Where `slot` stands, as the node that answered sees it.
    enum SlotState {
        /// The node serves it and moves none of its keys.
        case served
        /// The node serves it and is moving its keys to this node.
        case migrating(to: RedisClusterTopology.Address)
        /// The node is receiving its keys from this node, which still serves it.
        case importing(from: RedisClusterTopology.Address)
        /// Another node serves it.
        case elsewhere(RedisClusterTopology.Address)
        /// No node serves it.
        case unassigned
    }

    func state(of slot: Int) -> SlotState {
        if let destination = migrating[slot] { return .migrating(to: destination) }
        if let source = importing[slot] { return .importing(from: source) }
        guard let owner = owners.first(where: { $0.range.contains(slot) })?.address else { return .unassigned }
        return owner == myself ? .served : .elsewhere(owner)
    }
}
