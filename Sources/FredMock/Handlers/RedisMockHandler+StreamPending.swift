import FredRuntime
import NIOCore

/// Handlers for pending entries: `XPENDING`, `XCLAIM`, `XAUTOCLAIM`.
extension RedisMockHandler {
    private static func noGroup(_ key: [UInt8], _ group: [UInt8]) -> RedisMockErrorReply {
        RedisMockContext.error("NOGROUP No such key '\(RedisMockStreamArguments.cString(key))' or consumer group '\(RedisMockStreamArguments.cString(group))'")
    }

    /// `XPENDING key group [[IDLE min-idle] start end count [consumer]]`.
    public static let xpending = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        let arguments = context.arguments
        guard arguments.count == 2 || (5...8).contains(arguments.count) else { throw RedisMockContext.syntaxError }
        var minIdle = 0
        var count = 0
        var start = RedisMockStreamID.zero
        var end = RedisMockStreamID.max
        var consumer: [UInt8]?
        if arguments.count >= 5 {
            var startIndex = 2
            if context.isToken(2, "IDLE") {
                minIdle = try RedisMockStreamArguments.integer(arguments[3])
                guard arguments.count >= 7 else { throw RedisMockContext.syntaxError }
                startIndex += 2
            }
            count = max(try RedisMockStreamArguments.integer(arguments[startIndex + 2]), 0)
            start = try RedisMockStreamArguments.rangeStart(arguments[startIndex])
            end = try RedisMockStreamArguments.rangeEnd(arguments[startIndex + 1])
            if startIndex + 3 < arguments.count { consumer = arguments[startIndex + 3] }
        }
        let (key, groupName) = (arguments[0], arguments[1])
        guard let stream = try RedisMockStreamArguments.stream(context, key), let group = stream.groups[groupName] else {
            throw noGroup(key, groupName)
        }
        if arguments.count == 2 {
            let ids = group.pendingIDs()
            guard let first = ids.first, let last = ids.last else { return .array([.integer(0), .null, .null, .null]) }
            let owners = group.consumerNames.compactMap { name -> RESPValue? in
                let owned = group.pendingCount(of: name)
                return owned == 0 ? nil : .array([.bulk(name), .bulk(String(owned))])
            }
            return .array([.integer(ids.count), RedisMockStreamArguments.reply(first), RedisMockStreamArguments.reply(last), .array(owners)])
        }
        if let consumer, group.consumers[consumer] == nil { return .array([]) }
        var replies: [RESPValue] = []
        for id in group.pendingIDs(of: consumer) where id >= start && count > 0 {
            guard id <= end else { break }
            guard let pending = group.pending[id] else { continue }
            let idle = context.now &- pending.deliveryTime
            if minIdle != 0 && idle < Int64(minIdle) { continue }
            count -= 1
            replies.append(.array([RedisMockStreamArguments.reply(id), .bulk(pending.consumer), .integer(Int(max(idle, 0))), .integer(Int(pending.deliveryCount))]))
        }
        return .array(replies)
    }

    /// `XCLAIM key group consumer min-idle id … [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE] [JUSTID] [LASTID id]`.
    public static let xclaim = RedisMockHandler { context in
        try context.requireArguments(atLeast: 5)
        let arguments = context.arguments
        let (key, groupName, consumer) = (arguments[0], arguments[1], arguments[2])
        guard var stream = try RedisMockStreamArguments.stream(context, key), var group = stream.groups[groupName] else {
            throw noGroup(key, groupName)
        }
        let minIdle = max(try RedisMockStreamArguments.integer(arguments[3], message: "Invalid min-idle-time argument for XCLAIM"), 0)
        var ids: [RedisMockStreamID] = []
        var index = 4
        while index < arguments.count, let (id, _) = RedisMockStreamArguments.parseID(arguments[index], strict: true) {
            ids.append(id)
            index += 1
        }
        let now = context.now
        var force = false, justID = false
        var retryCount = -1
        var deliveryTime: Int64 = -1
        var lastID = RedisMockStreamID.zero
        while index < arguments.count {
            let more = arguments.count - 1 - index
            switch context.text(index).uppercased() {
            case "FORCE": force = true
            case "JUSTID": justID = true
            case "IDLE" where more > 0:
                index += 1
                deliveryTime = now &- Int64(try RedisMockStreamArguments.integer(arguments[index], message: "Invalid IDLE option argument for XCLAIM"))
            case "TIME" where more > 0:
                index += 1
                deliveryTime = Int64(try RedisMockStreamArguments.integer(arguments[index], message: "Invalid TIME option argument for XCLAIM"))
            case "RETRYCOUNT" where more > 0:
                index += 1
                retryCount = try RedisMockStreamArguments.integer(arguments[index], message: "Invalid RETRYCOUNT option argument for XCLAIM")
            case "LASTID" where more > 0:
                index += 1
                lastID = try RedisMockStreamArguments.strictID(arguments[index])
            default:
                throw RedisMockContext.error("ERR Unrecognized XCLAIM option '\(RedisMockStreamArguments.cString(arguments[index]))'")
            }
            index += 1
        }
        if lastID > group.lastID { group.lastID = lastID }
        if deliveryTime == -1 || deliveryTime < 0 || deliveryTime > now { deliveryTime = now }
        var replies: [RESPValue] = []
        var consumerTouched = false
        for id in ids {
            var pending = group.pending[id]
            guard let entry = stream.entry(id) else {
                group.pending[id] = nil  // the entry is gone: so is its pending entry
                continue
            }
            var fresh = false
            if force && pending == nil {
                pending = RedisMockStreamPending(consumer: [], deliveryTime: now)
                fresh = true
            }
            guard var claimed = pending else { continue }
            if !fresh && minIdle != 0 && now &- claimed.deliveryTime < Int64(minIdle) { continue }
            if !consumerTouched {
                group.touchConsumer(consumer, now: now)
                consumerTouched = true
            }
            claimed.consumer = consumer
            claimed.deliveryTime = deliveryTime
            if retryCount >= 0 {
                claimed.deliveryCount = Int64(retryCount)
            } else if !justID {
                claimed.deliveryCount &+= 1
            }
            group.pending[id] = claimed
            replies.append(justID ? RedisMockStreamArguments.reply(id) : RedisMockStreamArguments.reply(entry))
        }
        if stream.groups[groupName] != group {
            stream.groups[groupName] = group
            RedisMockStreamArguments.store(&context, key, stream)
        }
        return .array(replies)
    }

    /// `XAUTOCLAIM key group consumer min-idle start [COUNT n] [JUSTID]`: replies the next
    /// start, the claimed entries (or IDs) and the IDs of pending entries found deleted.
    public static let xautoclaim = RedisMockHandler { context in
        try context.requireArguments(atLeast: 5)
        let arguments = context.arguments
        let (key, groupName, consumer) = (arguments[0], arguments[1], arguments[2])
        let minIdle = max(try RedisMockStreamArguments.integer(arguments[3], message: "Invalid min-idle-time argument for XAUTOCLAIM"), 0)
        let start = try RedisMockStreamArguments.rangeStart(arguments[4])
        var count = 100
        var justID = false
        var index = 5
        while index < arguments.count {
            if context.isToken(index, "COUNT") && index + 1 < arguments.count {
                let value = try RedisMockStreamArguments.integer(arguments[index + 1], message: "COUNT must be > 0")
                guard value >= 1, value <= Int.max / 16 else { throw RedisMockContext.error("ERR COUNT must be > 0") }
                count = value
                index += 1
            } else if context.isToken(index, "JUSTID") {
                justID = true
            } else {
                throw RedisMockContext.syntaxError
            }
            index += 1
        }
        guard var stream = try RedisMockStreamArguments.stream(context, key), var group = stream.groups[groupName] else {
            throw noGroup(key, groupName)
        }
        let now = context.now
        var attempts = count * 10
        var claimed: [RESPValue] = []
        var deleted: [RESPValue] = []
        var consumerTouched = false
        let candidates = group.pendingIDs().filter { $0 >= start }
        var position = 0
        while attempts > 0 && count > 0 && position < candidates.count {
            attempts -= 1
            let id = candidates[position]
            position += 1
            guard var pending = group.pending[id] else { continue }
            guard let entry = stream.entry(id) else {
                group.pending[id] = nil
                deleted.append(RedisMockStreamArguments.reply(id))
                count -= 1
                continue
            }
            if minIdle != 0 && now &- pending.deliveryTime < Int64(minIdle) { continue }
            if !consumerTouched {
                group.touchConsumer(consumer, now: now)
                consumerTouched = true
            }
            pending.consumer = consumer
            pending.deliveryTime = now
            if !justID { pending.deliveryCount &+= 1 }
            group.pending[id] = pending
            claimed.append(justID ? RedisMockStreamArguments.reply(id) : RedisMockStreamArguments.reply(entry))
            count -= 1
        }
        // The cursor: the pending entry after the last one looked at, or 0-0 at the end.
        let next = position < candidates.count ? RedisMockStreamArguments.reply(candidates[position]) : .bulk("0-0")
        if stream.groups[groupName] != group {
            stream.groups[groupName] = group
            RedisMockStreamArguments.store(&context, key, stream)
        }
        return .array([next, .array(claimed), .array(deleted)])
    }
}
