import FredRuntime
/// A consumer group of a stream (`XGROUP CREATE`): its last delivered ID, its read counter, its
/// pending entries list and its consumers.
public struct RedisMockStreamGroup: Sendable, Hashable {
    /// The server's marker of an unknown read counter (`entries-read` shows null).
    public static let invalidEntriesRead: Int64 = -1

    /// The last ID delivered to the group (`last-delivered-id`).
    public var lastID: RedisMockStreamID
    /// The logical read counter of ``lastID``, or ``invalidEntriesRead``.
    public var entriesRead: Int64
    /// Pending (delivered, not acknowledged) entries by ID.
    public var pending: [RedisMockStreamID: RedisMockStreamPending] = [:]
    /// Consumers by name.
    public var consumers: [[UInt8]: RedisMockStreamConsumer] = [:]

    /// A group with no consumers and nothing pending.
    public init(lastID: RedisMockStreamID, entriesRead: Int64) {
        self.lastID = lastID
        self.entriesRead = entriesRead
    }

    /// Pending IDs in order, all of them or one consumer's.
    public func pendingIDs(of consumer: [UInt8]? = nil) -> [RedisMockStreamID] {
        pending.filter { consumer == nil || $0.value.consumer == consumer }.keys.sorted()
    }

    /// Consumer names in the server's order (bytewise).
    public var consumerNames: [[UInt8]] {
        consumers.keys.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// How many entries `consumer` has pending.
    public func pendingCount(of consumer: [UInt8]) -> Int {
        pending.values.filter { $0.consumer == consumer }.count
    }

    /// The consumer named `name`, created (seen now) if missing; refreshes its seen time unless
    /// `refresh` is false.
    public mutating func touchConsumer(_ name: [UInt8], now: Int64, refresh: Bool = true) {
        if consumers[name] == nil {
            consumers[name] = RedisMockStreamConsumer(seenTime: now)
        } else if refresh {
            consumers[name]?.seenTime = now
        }
    }

    /// Deletes a consumer and its pending entries; returns how many it had, nil if none such.
    public mutating func deleteConsumer(_ name: [UInt8]) -> Int? {
        guard consumers.removeValue(forKey: name) != nil else { return nil }
        let owned = pendingIDs(of: name)
        for id in owned { pending[id] = nil }
        return owned.count
    }
}

/// A pending entry of a group: who has it, when it was last delivered, how often.
public struct RedisMockStreamPending: Sendable, Hashable {
    /// The consumer it was delivered to.
    public var consumer: [UInt8]
    /// Milliseconds of the mock clock.
    public var deliveryTime: Int64
    /// How many times it was delivered.
    public var deliveryCount: Int64

    /// A pending entry delivered to `consumer` at `deliveryTime`.
    public init(consumer: [UInt8], deliveryTime: Int64, deliveryCount: Int64 = 1) {
        self.consumer = consumer
        self.deliveryTime = deliveryTime
        self.deliveryCount = deliveryCount
    }
}

/// A consumer of a group.
public struct RedisMockStreamConsumer: Sendable, Hashable {
    /// When the consumer was last seen (created, read, claimed), in milliseconds of the mock clock.
    public var seenTime: Int64

    /// A consumer last seen at `seenTime`.
    public init(seenTime: Int64) {
        self.seenTime = seenTime
    }
}

extension RedisMockStream {
    /// Whether the IDs from `start` on include a tombstone, as far as the counters tell.
    func rangeHasTombstones(from start: RedisMockStreamID) -> Bool {
        if length == 0 || maxDeletedEntryID.isZero { return false }
        if firstID > maxDeletedEntryID { return false }
        return start <= maxDeletedEntryID
    }

    /// The logical read counter of `id` (its distance from the first entry ever added), when the
    /// counters can tell it; nil otherwise.
    public func estimatedEntriesRead(at id: RedisMockStreamID) -> Int64? {
        if entriesAdded == 0 { return 0 }
        if length == 0 && id <= lastID { return entriesAdded }
        if id == lastID { return entriesAdded }
        if id > lastID { return nil }
        if maxDeletedEntryID.isZero || maxDeletedEntryID < firstID {
            if id < firstID { return entriesAdded &- Int64(length) }
            if id == firstID { return entriesAdded &- Int64(length) &+ 1 }
        }
        return nil
    }

    /// A group's lag (entries not yet delivered to it), nil when it cannot be told.
    public func lag(of group: RedisMockStreamGroup) -> Int64? {
        if entriesAdded == 0 { return 0 }
        if group.entriesRead != RedisMockStreamGroup.invalidEntriesRead && !rangeHasTombstones(from: group.lastID) {
            return entriesAdded &- group.entriesRead
        }
        return estimatedEntriesRead(at: group.lastID).map { entriesAdded &- $0 }
    }

    /// Delivers the live entries after `after` (at most `count`, 0 for all) to `consumer` of the
    /// group `name`, moving the group's last ID and read counter as a server does and, unless
    /// `noAck`, adding them to the pending list. Returns them.
    public mutating func deliver(group name: [UInt8], consumer: [UInt8], after: RedisMockStreamID, count: Int, noAck: Bool, now: Int64) -> [RedisMockStreamEntry] {
        guard var group = groups[name] else { return [] }
        var delivered: [RedisMockStreamEntry] = []
        if let start = after.successor {
            delivered = entries(from: start, to: .max, limit: count == 0 ? nil : count)
        }
        for entry in delivered {
            if entry.id > group.lastID {
                if group.entriesRead != RedisMockStreamGroup.invalidEntriesRead && !rangeHasTombstones(from: entry.id) {
                    group.entriesRead &+= 1
                } else if entriesAdded != 0 {
                    group.entriesRead = estimatedEntriesRead(at: entry.id) ?? RedisMockStreamGroup.invalidEntriesRead
                }
                group.lastID = entry.id
            }
            if !noAck {
                group.pending[entry.id] = RedisMockStreamPending(consumer: consumer, deliveryTime: now)
            }
        }
        groups[name] = group
        return delivered
    }
}
