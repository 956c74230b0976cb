import FredRuntime
/// The ID of a stream entry: milliseconds and a sequence number (`1700000000000-3`).
public struct RedisMockStreamID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The milliseconds part.
    public var ms: UInt64
    /// The sequence number within the millisecond.
    public var seq: UInt64

    /// The ID `ms-seq`.
    public init(ms: UInt64, seq: UInt64) {
        self.ms = ms
        self.seq = seq
    }

    /// `0-0`, below every entry.
    public static let zero = RedisMockStreamID(ms: 0, seq: 0)
    /// The largest ID, `18446744073709551615-18446744073709551615`.
    public static let max = RedisMockStreamID(ms: .max, seq: .max)

    /// Orders by milliseconds, then sequence, as the server does.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.ms != rhs.ms ? lhs.ms < rhs.ms : lhs.seq < rhs.seq
    }

    /// Whether this is `0-0`.
    public var isZero: Bool { ms == 0 && seq == 0 }

    /// The next ID, or nil past the largest (the server wraps to `0-0` there).
    public var successor: RedisMockStreamID? {
        if seq < .max { return RedisMockStreamID(ms: ms, seq: seq + 1) }
        if ms < .max { return RedisMockStreamID(ms: ms + 1, seq: 0) }
        return nil
    }

    /// The previous ID, or nil below `0-0`.
    public var predecessor: RedisMockStreamID? {
        if seq > 0 { return RedisMockStreamID(ms: ms, seq: seq - 1) }
        if ms > 0 { return RedisMockStreamID(ms: ms - 1, seq: .max) }
        return nil
    }

    /// `ms-seq`, as replies carry it.
    public var description: String { "\(ms)-\(seq)" }

    /// The ID as the big-endian 16 bytes the server's radix tree is keyed by.
    var radixKey: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: ms >> (56 - 8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: seq >> (56 - 8 * $0)) }
    }
}

/// One entry of a stream: its ID and its field/value pairs (flat: field, value, field, value…).
public struct RedisMockStreamEntry: Sendable, Hashable {
    /// The entry's ID.
    public var id: RedisMockStreamID
    /// Field, value, field, value…
    public var pairs: [[UInt8]]
    /// Marked deleted (`XDEL`, exact trimming inside a node): a tombstone, skipped by every read.
    public var deleted = false

    /// A live entry.
    public init(id: RedisMockStreamID, pairs: [[UInt8]]) {
        self.id = id
        self.pairs = pairs
    }
}

/// A stream stored in the in-memory engine (`XADD`), laid out as a server lays it out: entries in
/// nodes ("macro nodes", a listpack each) of at most 100 entries or 4096 bytes, so that trimming
/// with `~` removes the same whole nodes as a server does and `XINFO STREAM` counts the same
/// radix-tree keys and nodes. It also keeps the stream's counters (`entries-added`,
/// `max-deleted-entry-id`, the recorded first ID) and its consumer groups.
public struct RedisMockStream: Sendable, Hashable {
    /// A server's `stream-node-max-entries` default.
    public static let nodeMaxEntries = 100
    /// A server's `stream-node-max-bytes` default.
    public static let nodeMaxBytes = 4096

    /// The stream's nodes, oldest first.
    public internal(set) var nodes: [RedisMockStreamNode] = []
    /// Live entries (tombstones not counted).
    public internal(set) var length = 0
    /// The ID of the last entry ever added (or set by `XSETID`).
    public var lastID = RedisMockStreamID.zero
    /// The first live entry's ID as the server records it (`recorded-first-entry-id`).
    public internal(set) var firstID = RedisMockStreamID.zero
    /// The largest ID ever deleted with `XDEL` (or set by `XSETID … MAXDELETEDID`).
    public var maxDeletedEntryID = RedisMockStreamID.zero
    /// How many entries were ever added (or set by `XSETID … ENTRIESADDED`).
    public var entriesAdded: Int64 = 0
    /// The consumer groups by name.
    public var groups: [[UInt8]: RedisMockStreamGroup] = [:]

    /// An empty stream, as `XGROUP CREATE … MKSTREAM` makes one.
    public init() {}

    /// The group names in the server's order (bytewise).
    public var groupNames: [[UInt8]] {
        groups.keys.sorted { $0.lexicographicallyPrecedes($1) }
    }

    // MARK: - Reading

    /// Live entries with IDs in `start...end`, oldest first (newest first when `reverse`), at most
    /// `limit` of them (nil for all).
    public func entries(from start: RedisMockStreamID, to end: RedisMockStreamID, reverse: Bool = false, limit: Int? = nil) -> [RedisMockStreamEntry] {
        guard start <= end, limit != 0 else { return [] }
        var result: [RedisMockStreamEntry] = []
        let nodeOrder = reverse ? Array(nodes.indices.reversed()) : Array(nodes.indices)
        for nodeIndex in nodeOrder {
            let items = nodes[nodeIndex].items
            guard let first = items.first, let last = items.last else { continue }
            if last.id < start || first.id > end { continue }
            for item in (reverse ? Array(items.reversed()) : items) where !item.deleted && item.id >= start && item.id <= end {
                result.append(item)
                if let limit, result.count >= limit { return result }
            }
        }
        return result
    }

    /// The live entry with exactly `id`.
    public func entry(_ id: RedisMockStreamID) -> RedisMockStreamEntry? {
        entries(from: id, to: id, limit: 1).first
    }

    /// The last live entry's ID (what the server calls the last valid ID), nil when empty.
    public var lastValidID: RedisMockStreamID? {
        entries(from: .zero, to: .max, reverse: true, limit: 1).first?.id
    }

    /// The first live entry's ID, nil when empty.
    public var firstValidID: RedisMockStreamID? {
        entries(from: .zero, to: .max, limit: 1).first?.id
    }

    // MARK: - Writing

    /// Appends an entry with `id` (which the caller has checked is above ``lastID``), opening a
    /// new node when the last one is full as a server would.
    public mutating func append(id: RedisMockStreamID, pairs: [[UInt8]]) {
        let fieldCount = pairs.count / 2
        let fields = stride(from: 0, to: pairs.count, by: 2).map { pairs[$0] }
        let payload = pairs.reduce(0) { $0 + $1.count }
        var needsNode = true
        if let tail = nodes.last {
            needsNode = tail.bytes + payload >= Self.nodeMaxBytes || tail.live + tail.deletedCount >= Self.nodeMaxEntries
        }
        var sameFields = true
        if needsNode {
            nodes.append(RedisMockStreamNode(masterID: id, masterFields: fields))
        } else {
            let index = nodes.count - 1
            let count = nodes[index].live
            nodes[index].bytes += RedisMockListpack.integerSize(Int64(count + 1)) - RedisMockListpack.integerSize(Int64(count))
            sameFields = nodes[index].masterFields == fields
        }
        let index = nodes.count - 1
        let master = nodes[index].masterID
        var size = RedisMockListpack.integerSize(sameFields ? 2 : 0)
        size += RedisMockListpack.integerSize(Int64(bitPattern: id.ms &- master.ms))
        size += RedisMockListpack.integerSize(Int64(bitPattern: id.seq &- master.seq))
        var parts = fieldCount + 3
        if !sameFields {
            size += RedisMockListpack.integerSize(Int64(fieldCount))
            size += fields.reduce(0) { $0 + RedisMockListpack.elementSize($1) }
            parts += fieldCount + 1
        }
        size += stride(from: 1, to: pairs.count, by: 2).reduce(0) { $0 + RedisMockListpack.elementSize(pairs[$1]) }
        size += RedisMockListpack.integerSize(Int64(parts))
        nodes[index].bytes += size
        nodes[index].items.append(RedisMockStreamEntry(id: id, pairs: pairs))
        if !needsNode { nodes[index].live += 1 }
        length += 1
        entriesAdded &+= 1
        lastID = id
        if length == 1 { firstID = id }
    }

    /// Deletes the live entry with `id` (`XDEL`): marks it deleted, or drops its node when it was
    /// the node's last live entry. Returns whether there was one. The caller updates the counters.
    mutating func removeEntry(_ id: RedisMockStreamID) -> Bool {
        for nodeIndex in nodes.indices {
            guard let itemIndex = nodes[nodeIndex].items.firstIndex(where: { $0.id == id && !$0.deleted }) else { continue }
            if nodes[nodeIndex].live == 1 {
                nodes.remove(at: nodeIndex)
            } else {
                nodes[nodeIndex].markDeleted(itemIndex)
            }
            length -= 1
            return true
        }
        return false
    }

    /// `XDEL`: deletes the entries with these IDs; returns how many there were.
    public mutating func delete(_ ids: [RedisMockStreamID]) -> Int {
        var deleted = 0
        var firstDeleted = false
        for id in ids where removeEntry(id) {
            if id == firstID { firstDeleted = true }
            if id > maxDeletedEntryID { maxDeletedEntryID = id }
            deleted += 1
        }
        if deleted > 0 {
            if length == 0 {
                firstID = .zero
            } else if firstDeleted {
                firstID = firstValidID ?? .max
            }
        }
        return deleted
    }

    /// How `XADD`/`XTRIM` trim.
    public enum TrimStrategy: Sendable, Hashable {
        case maxLength(Int)
        case minID(RedisMockStreamID)
    }

    /// Trims from the oldest end as a server does: whole nodes while they can go; then, unless
    /// `approximate`, entries inside the next node. `limit` (0 for none) caps the entries removed.
    /// Returns how many entries went.
    public mutating func trim(_ strategy: TrimStrategy, approximate: Bool, limit: Int) -> Int {
        var deleted = 0
        while let node = nodes.first {
            if case .maxLength(let maximum) = strategy, length <= maximum { break }
            let entries = node.live
            if limit != 0 && deleted + entries > limit { break }
            let removeNode: Bool
            switch strategy {
            case .maxLength(let maximum): removeNode = length - entries >= maximum
            case .minID(let minimum): removeNode = (node.items.last?.id ?? .zero) < minimum
            }
            if removeNode {
                nodes.removeFirst()
                length -= entries
                deleted += entries
                continue
            }
            if approximate { break }
            for itemIndex in nodes[0].items.indices {
                let stop: Bool
                switch strategy {
                case .maxLength(let maximum): stop = length <= maximum
                case .minID(let minimum): stop = nodes[0].items[itemIndex].id >= minimum
                }
                if stop { break }
                if !nodes[0].items[itemIndex].deleted {
                    nodes[0].markDeleted(itemIndex)
                    length -= 1
                    deleted += 1
                }
            }
            break
        }
        if length == 0 {
            firstID = .zero
        } else if deleted > 0 {
            firstID = firstValidID ?? .max
        }
        return deleted
    }

    // MARK: - Structure

    /// The number of nodes of the server's radix tree over the node keys (`radix-tree-nodes` of
    /// `XINFO STREAM`): a compressed trie over the 16-byte keys, plus its head.
    public var radixTreeNodes: Int {
        let keys = nodes.map(\.masterID.radixKey)
        guard !keys.isEmpty else { return 1 }
        return Self.radixNodes(keys[...], depth: 0)
    }

    /// Nodes of the subtree holding `keys` (sorted, distinct, 16 bytes) from byte `depth` on.
    private static func radixNodes(_ keys: ArraySlice<[UInt8]>, depth: Int) -> Int {
        guard let first = keys.first, let last = keys.last else { return 0 }
        if keys.count == 1 { return depth == first.count ? 1 : 2 }
        // Bytes shared by the whole group: a compressed node, then a branching node.
        var shared = depth
        while first[shared] == last[shared] { shared += 1 }
        var count = shared > depth ? 2 : 1
        var start = keys.startIndex
        while start < keys.endIndex {
            var end = start + 1
            while end < keys.endIndex && keys[end][shared] == keys[start][shared] { end += 1 }
            count += radixNodes(keys[start..<end], depth: shared + 1)
            start = end
        }
        return count
    }
}

/// One node of a stream: a listpack of entries sharing a master entry (the first entry's
/// fields), with its entry counts and its size in bytes.
public struct RedisMockStreamNode: Sendable, Hashable {
    /// The first entry's ID: the node's key in the radix tree.
    public var masterID: RedisMockStreamID
    /// The first entry's field names.
    public var masterFields: [[UInt8]]
    /// Entries in ID order, tombstones included.
    public var items: [RedisMockStreamEntry] = []
    /// Live entries.
    public var live = 1
    /// The listpack's size in bytes, as a server computes it.
    public var bytes: Int

    init(masterID: RedisMockStreamID, masterFields: [[UInt8]]) {
        self.masterID = masterID
        self.masterFields = masterFields
        // Header and end byte; master entry: count 1, deleted 0, field count, fields, 0.
        bytes = 7 + RedisMockListpack.integerSize(1) + RedisMockListpack.integerSize(0)
            + RedisMockListpack.integerSize(Int64(masterFields.count))
            + masterFields.reduce(0) { $0 + RedisMockListpack.elementSize($1) } + RedisMockListpack.integerSize(0)
    }

    /// Tombstones.
    public var deletedCount: Int { items.count - live }

    mutating func markDeleted(_ index: Int) {
        let (count, deleted) = (Int64(live), Int64(deletedCount))
        items[index].deleted = true
        live -= 1
        bytes += RedisMockListpack.integerSize(count - 1) - RedisMockListpack.integerSize(count)
        bytes += RedisMockListpack.integerSize(deleted + 1) - RedisMockListpack.integerSize(deleted)
    }
}

/// Sizes of listpack elements, as a server encodes them.
enum RedisMockListpack {
    /// An integer element with its back-length.
    static func integerSize(_ value: Int64) -> Int {
        let encoded: Int
        switch value {
        case 0...127: encoded = 1
        case -4096...4095: encoded = 2
        case -32768...32767: encoded = 3
        case -8_388_608...8_388_607: encoded = 4
        case -2_147_483_648...2_147_483_647: encoded = 5
        default: encoded = 9
        }
        return encoded + backLengthSize(encoded)
    }

    /// A string element (stored as an integer when it reads as one) with its back-length.
    static func elementSize(_ bytes: [UInt8]) -> Int {
        if let value = integerValue(bytes) { return integerSize(value) }
        let encoded = bytes.count < 64 ? 1 + bytes.count : bytes.count < 4096 ? 2 + bytes.count : 5 + bytes.count
        return encoded + backLengthSize(encoded)
    }

    static func backLengthSize(_ length: Int) -> Int {
        switch length {
        case ...127: return 1
        case ..<16383: return 2
        case ..<2_097_151: return 3
        case ..<268_435_455: return 4
        default: return 5
        }
    }

    /// The listpack's integer reading of a string: strict decimal, fewer than 21 bytes.
    static func integerValue(_ bytes: [UInt8]) -> Int64? {
        guard !bytes.isEmpty, bytes.count < 21 else { return nil }
        if bytes == [UInt8(ascii: "0")] { return 0 }
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        guard index < bytes.count, bytes[index] >= UInt8(ascii: "1"), bytes[index] <= UInt8(ascii: "9") else { return nil }
        guard let value = RedisMockNumbers.decimal(bytes[index...]) else { return nil }
        if negative {
            guard value <= UInt64(Int64.max) + 1 else { return nil }
            return value == UInt64(Int64.max) + 1 ? .min : -Int64(value)
        }
        guard value <= UInt64(Int64.max) else { return nil }
        return Int64(value)
    }
}
