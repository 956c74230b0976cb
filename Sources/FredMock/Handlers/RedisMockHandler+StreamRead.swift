import FredRuntime
import NIOCore

/// `XREAD` and `XREADGROUP`: served at once when there is something to read, else blocked (with
/// `BLOCK`) or answered with a null array.
extension RedisMockHandler {
    /// `XREAD [COUNT n] [BLOCK ms] STREAMS key … id …`.
    public static let xread = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        return try streamRead(&context, group: false)
    }

    /// `XREADGROUP GROUP group consumer [COUNT n] [BLOCK ms] [NOACK] STREAMS key … id …`.
    public static let xreadgroup = RedisMockHandler { context in
        try context.requireArguments(atLeast: 6)
        return try streamRead(&context, group: true)
    }

    private static func streamRead(_ context: inout RedisMockContext, group readGroup: Bool) throws -> RESPValue {
        if let blocked = BlockedRead(context.arguments) { return try serveBlocked(&context, blocked) }
        let arguments = context.arguments
        var blockGiven = false
        var timeout: Int64?
        var count = 0
        var streamsIndex: Int?
        var noAck = false
        var groupName: [UInt8]?
        var consumerName: [UInt8] = []
        var index = 0
        while index < arguments.count {
            let more = arguments.count - index - 1
            let option = context.text(index).uppercased()
            if option == "BLOCK" && more > 0 {
                timeout = try context.blockingTimeout(milliseconds: index + 1)
                blockGiven = true
                index += 1
            } else if option == "COUNT" && more > 0 {
                count = max(try RedisMockStreamArguments.integer(arguments[index + 1]), 0)
                index += 1
            } else if option == "STREAMS" && more > 0 {
                guard (arguments.count - index - 1).isMultiple(of: 2) else {
                    throw RedisMockContext.error("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.")
                }
                streamsIndex = index + 1
                break
            } else if option == "GROUP" && more >= 2 {
                guard readGroup else {
                    throw RedisMockContext.error("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.")
                }
                groupName = arguments[index + 1]
                consumerName = arguments[index + 2]
                index += 2
            } else if option == "NOACK" {
                guard readGroup else {
                    throw RedisMockContext.error("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.")
                }
                noAck = true
            } else {
                throw RedisMockContext.syntaxError
            }
            index += 1
        }
        guard let streamsIndex else { throw RedisMockContext.syntaxError }
        if readGroup && groupName == nil { throw RedisMockContext.error("ERR Missing GROUP option for XREADGROUP") }

        // Resolve each key's ID (and check its type and group) in order, as the server does.
        let streamCount = (arguments.count - streamsIndex) / 2
        let keys = Array(arguments[streamsIndex..<(streamsIndex + streamCount)])
        var ids: [RedisMockStreamID] = []
        for (offset, key) in keys.enumerated() {
            let stream = try RedisMockStreamArguments.stream(context, key)
            if let groupName, stream?.groups[groupName] == nil {
                throw RedisMockContext.error("NOGROUP No such key '\(RedisMockStreamArguments.cString(key))' or consumer group '\(RedisMockStreamArguments.cString(groupName))' in XREADGROUP with GROUP option")
            }
            let word = arguments[streamsIndex + streamCount + offset]
            if word == [UInt8(ascii: "$")] {
                if readGroup {
                    throw RedisMockContext.error("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.")
                }
                ids.append(stream?.lastID ?? .zero)
            } else if word == [UInt8(ascii: ">")] {
                guard readGroup else {
                    throw RedisMockContext.error("ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.")
                }
                ids.append(.max)
            } else {
                ids.append(try RedisMockStreamArguments.strictID(word))
            }
        }

        // Serve what can be served now.
        var served: [(key: [UInt8], entries: [RESPValue])] = []
        for (offset, key) in keys.enumerated() {
            guard var stream = try RedisMockStreamArguments.stream(context, key) else { continue }
            var after = ids[offset]
            var history = false
            var serve = false
            if let groupName, let group = stream.groups[groupName] {
                if after != .max {
                    serve = true
                    history = true
                } else if let top = stream.lastValidID, top > group.lastID {
                    serve = true
                    after = group.lastID
                }
            } else if let top = stream.lastValidID, top > after {
                serve = true
            }
            guard serve else { continue }
            guard let groupName else {
                let found = after.successor.map { stream.entries(from: $0, to: .max, limit: count == 0 ? nil : count) } ?? []
                served.append((key, found.map(RedisMockStreamArguments.reply)))
                continue
            }
            stream.groups[groupName]?.touchConsumer(consumerName, now: context.now)
            if history {
                served.append((key, readHistory(&stream, group: groupName, consumer: consumerName, after: after, count: count, now: context.now)))
            } else {
                let found = stream.deliver(group: groupName, consumer: consumerName, after: after, count: count, noAck: noAck, now: context.now)
                served.append((key, found.map(RedisMockStreamArguments.reply)))
            }
            RedisMockStreamArguments.store(&context, key, stream)
        }
        if !served.isEmpty {
            if context.session.protocolVersion >= 3 {
                return .map(served.map { RESPMapEntry(key: .bulk($0.key), value: .array($0.entries)) })
            }
            return .array(served.map { .array([.bulk($0.key), .array($0.entries)]) })
        }
        guard blockGiven else { return .null }
        // Block. Once a write wakes it, the server serves a blocked client its own way (see
        // `serveBlocked`): the retry carries what that needs, with `$` resolved now.
        let lastIDs = try keys.map { try RedisMockStreamArguments.stream(context, $0)?.lastID }
        let blocked = BlockedRead(count: count == 0 ? 1000 : count, group: groupName, consumer: consumerName, noAck: noAck,
                                  keys: keys, ids: ids, lastIDs: lastIDs)
        throw RedisMockBlock(keys: keys, timeout: timeout, timeoutReply: .null, retryArguments: blocked.arguments)
    }

    /// What a blocked `XREAD`/`XREADGROUP` waits for, carried in its retry's arguments behind a
    /// marker no client sends.
    private struct BlockedRead {
        static let marker: [UInt8] = [0] + Array("blocked-stream-read".utf8)
        var count: Int
        var group: [UInt8]?
        var consumer: [UInt8]
        var noAck: Bool
        var keys: [[UInt8]]
        var ids: [RedisMockStreamID]
        /// Each stream's last ID when the client blocked (nil: no stream there): only an add
        /// (which moves it) makes the server look at a blocked client again.
        var lastIDs: [RedisMockStreamID?]

        init(count: Int, group: [UInt8]?, consumer: [UInt8], noAck: Bool, keys: [[UInt8]], ids: [RedisMockStreamID], lastIDs: [RedisMockStreamID?]) {
            (self.count, self.group, self.consumer, self.noAck) = (count, group, consumer, noAck)
            (self.keys, self.ids, self.lastIDs) = (keys, ids, lastIDs)
        }

        var arguments: [[UInt8]] {
            var words = [Self.marker, Array(String(count).utf8), group == nil ? [] : [1], group ?? [], consumer, noAck ? [1] : []]
            words += keys
            words += ids.map { Array("\($0.ms)-\($0.seq)".utf8) }
            words += lastIDs.map { $0.map { Array("\($0.ms)-\($0.seq)".utf8) } ?? [] }
            return words
        }

        init?(_ arguments: [[UInt8]]) {
            guard arguments.count >= 6, arguments[0] == Self.marker, let count = RedisMockNumbers.integer(arguments[1]) else { return nil }
            let words = Array(arguments.dropFirst(6))
            let third = words.count / 3
            let ids = words[third..<(2 * third)].compactMap { RedisMockStreamArguments.parseID($0, strict: true)?.0 }
            let lastIDs = words[(2 * third)...].map { $0.isEmpty ? nil : RedisMockStreamArguments.parseID($0, strict: true)?.0 }
            guard ids.count == third, lastIDs.count == third else { return nil }
            self.init(count: count, group: arguments[2].isEmpty ? nil : arguments[3], consumer: arguments[4], noAck: !arguments[5].isEmpty,
                      keys: Array(words[..<third]), ids: ids, lastIDs: lastIDs)
        }
    }

    /// Serves a blocked read after a write to one of its keys, as the server does: the first
    /// key that an add has reached since and whose stream's last ID is above the one waited
    /// for (for a group, its last delivered ID, the group having to exist still) is served
    /// alone; with nothing to serve the client waits on. A key that is gone or holds another
    /// type is passed over by `XREAD`, and ends an `XREADGROUP` with an error.
    private static func serveBlocked(_ context: inout RedisMockContext, _ blocked: BlockedRead) throws -> RESPValue {
        for (offset, key) in blocked.keys.enumerated() {
            let waitedFor = blocked.ids[offset]
            guard case .stream(var stream)? = context.entry(key)?.data else {
                if blocked.group != nil { throw RedisMockContext.error("UNBLOCKED the stream key no longer exists") }
                continue
            }
            var after = waitedFor
            if let groupName = blocked.group {
                guard let group = stream.groups[groupName] else {
                    throw RedisMockContext.error("NOGROUP the consumer group this client was blocked on no longer exists")
                }
                after = group.lastID
            }
            // Writes other than adds (a group's ID moved, an acknowledgement) wake no one.
            if let before = blocked.lastIDs[offset], before == stream.lastID { continue }
            guard stream.lastID > after else { continue }
            let found: [RedisMockStreamEntry]
            if let groupName = blocked.group {
                stream.groups[groupName]?.touchConsumer(blocked.consumer, now: context.now)
                found = stream.deliver(group: groupName, consumer: blocked.consumer, after: after, count: blocked.count, noAck: blocked.noAck, now: context.now)
                RedisMockStreamArguments.store(&context, key, stream)
            } else {
                found = after.successor.map { stream.entries(from: $0, to: .max, limit: blocked.count) } ?? []
            }
            let entries = RESPValue.array(found.map(RedisMockStreamArguments.reply))
            if context.session.protocolVersion >= 3 { return .map([RESPMapEntry(key: .bulk(key), value: entries)]) }
            return .array([.array([.bulk(key), entries])])
        }
        throw RedisMockBlock(keys: blocked.keys, timeout: nil, timeoutReply: .null, retryArguments: blocked.arguments)
    }

    /// A consumer's own pending entries after `after` (`XREADGROUP` with an ID): each delivered
    /// again (its count and time updated), or `[id, null]` when the entry is gone.
    private static func readHistory(_ stream: inout RedisMockStream, group: [UInt8], consumer: [UInt8], after: RedisMockStreamID,
                                    count: Int, now: Int64) -> [RESPValue] {
        guard let start = after.successor, let pendingIDs = stream.groups[group]?.pendingIDs(of: consumer) else { return [] }
        var replies: [RESPValue] = []
        for id in pendingIDs where id >= start {
            if count != 0 && replies.count >= count { break }
            if let entry = stream.entry(id) {
                replies.append(RedisMockStreamArguments.reply(entry))
                stream.groups[group]?.pending[id]?.deliveryTime = now
                stream.groups[group]?.pending[id]?.deliveryCount &+= 1
            } else {
                replies.append(.array([RedisMockStreamArguments.reply(id), .null]))
            }
        }
        return replies
    }
}
