import FredRuntime
import NIOCore

/// Handlers for the stream group: adding, ranges, length, deletion, trimming, `XSETID`.
extension RedisMockHandler {
    /// The options `XADD` and `XTRIM` share (`MAXLEN|MINID [=|~] threshold [LIMIT n]`), plus
    /// `XADD`'s `NOMKSTREAM` and ID.
    struct StreamAddTrimOptions {
        var strategy: RedisMockStream.TrimStrategy?
        var approximate = false
        var limit = 0
        var noMakeStream = false
        /// The ID given to `XADD` (nil for `*`) and whether its sequence was given (`ms-*` not).
        var id: RedisMockStreamID?
        var sequenceGiven = true
        /// Where the ID is among the arguments (`XADD` only).
        var idIndex = 0

        /// Parses from the argument after the key, as the server does; `add` for `XADD`.
        init(_ context: RedisMockContext, add: Bool) throws {
            let arguments = context.arguments
            var index = 1
            var limitGiven = false
            while index < arguments.count {
                let more = arguments.count - 1 - index
                let option = context.text(index).uppercased()
                if add && arguments[index] == [UInt8(ascii: "*")] {
                    break
                } else if (option == "MAXLEN" || option == "MINID") && more > 0 {
                    if strategy != nil {
                        throw RedisMockContext.error("ERR syntax error, MAXLEN and MINID options at the same time are not compatible")
                    }
                    approximate = false
                    let next = arguments[index + 1]
                    if more >= 2 && next == [UInt8(ascii: "~")] {
                        approximate = true
                        index += 1
                    } else if more >= 2 && next == [UInt8(ascii: "=")] {
                        index += 1
                    }
                    if option == "MAXLEN" {
                        let maximum = try RedisMockStreamArguments.integer(arguments[index + 1])
                        guard maximum >= 0 else { throw RedisMockContext.error("ERR The MAXLEN argument must be >= 0.") }
                        strategy = .maxLength(maximum)
                    } else {
                        strategy = .minID(try RedisMockStreamArguments.strictID(arguments[index + 1]))
                    }
                    index += 1
                } else if option == "LIMIT" && more > 0 {
                    limit = try RedisMockStreamArguments.integer(arguments[index + 1])
                    guard limit >= 0 else { throw RedisMockContext.error("ERR The LIMIT argument must be >= 0.") }
                    limitGiven = true
                    index += 1
                } else if add && option == "NOMKSTREAM" {
                    noMakeStream = true
                } else if add {
                    guard let (parsed, given) = RedisMockStreamArguments.parseID(arguments[index], strict: true, allowAutoSequence: true) else {
                        throw RedisMockStreamArguments.invalidID
                    }
                    id = parsed
                    sequenceGiven = given
                    break
                } else {
                    throw RedisMockContext.syntaxError
                }
                index += 1
            }
            idIndex = index
            if limit != 0 && strategy == nil {
                throw RedisMockContext.error("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy")
            }
            if !add && strategy == nil {
                throw RedisMockContext.error("ERR syntax error, XTRIM must be called with a trimming strategy")
            }
            if limitGiven {
                guard approximate else { throw RedisMockContext.error("ERR syntax error, LIMIT cannot be used without the special ~ option") }
            } else {
                // The server caps `~` trimming at 100 nodes' worth of entries.
                limit = approximate ? 100 * RedisMockStream.nodeMaxEntries : 0
            }
        }

        func trim(_ stream: inout RedisMockStream) -> Int {
            guard let strategy else { return 0 }
            return stream.trim(strategy, approximate: approximate, limit: limit)
        }
    }

    /// `XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value …`.
    public static let xadd = RedisMockHandler { context in
        try context.requireArguments(atLeast: 4)
        let options = try StreamAddTrimOptions(context, add: true)
        let fieldStart = options.idIndex + 1
        let pairCount = context.arguments.count - fieldStart
        guard pairCount >= 2, pairCount.isMultiple(of: 2) else { throw context.wrongArity }
        if let id = options.id, options.sequenceGiven, id.isZero {
            throw RedisMockContext.error("ERR The ID specified in XADD must be greater than 0-0")
        }
        let key = context.arguments[0]
        var stream: RedisMockStream
        if let existing = try RedisMockStreamArguments.stream(context, key) {
            stream = existing
        } else {
            if options.noMakeStream { return .null }
            stream = RedisMockStream()
        }
        if stream.lastID == .max {
            throw RedisMockContext.error("ERR The stream has exhausted the last possible ID, unable to add more items")
        }
        let tooSmall = RedisMockContext.error("ERR The ID specified in XADD is equal or smaller than the target stream top item")
        var newID: RedisMockStreamID
        if let given = options.id {
            newID = given
            if !options.sequenceGiven && stream.lastID.ms == given.ms {
                // The server fails here without setting errno, so it reports the other error.
                guard stream.lastID.seq != .max, let next = stream.lastID.successor else {
                    throw RedisMockContext.error("ERR Elements are too large to be stored")
                }
                newID = next
            }
        } else if UInt64(clamping: context.now) > stream.lastID.ms {
            newID = RedisMockStreamID(ms: UInt64(clamping: context.now), seq: 0)
        } else {
            newID = stream.lastID.successor ?? .zero
        }
        guard newID > stream.lastID else { throw tooSmall }
        let pairs = Array(context.arguments[fieldStart...])
        guard pairs.reduce(0, { $0 + $1.count }) <= 1 << 30 else {
            throw RedisMockContext.error("ERR Elements are too large to be stored")
        }
        stream.append(id: newID, pairs: pairs)
        _ = options.trim(&stream)
        RedisMockStreamArguments.store(&context, key, stream)
        return RedisMockStreamArguments.reply(newID)
    }

    /// `XRANGE key start end [COUNT n]`.
    public static let xrange = RedisMockHandler { context in
        try streamRange(&context, reverse: false)
    }

    /// `XREVRANGE key end start [COUNT n]`.
    public static let xrevrange = RedisMockHandler { context in
        try streamRange(&context, reverse: true)
    }

    /// `XRANGE key start end [COUNT n]` and `XREVRANGE key end start [COUNT n]`.
    private static func streamRange(_ context: inout RedisMockContext, reverse: Bool) throws -> RESPValue {
        try context.requireArguments(atLeast: 3)
        let start = try RedisMockStreamArguments.rangeStart(context.arguments[reverse ? 2 : 1])
        let end = try RedisMockStreamArguments.rangeEnd(context.arguments[reverse ? 1 : 2])
        var count = -1
        var index = 3
        while index < context.arguments.count {
            guard context.isToken(index, "COUNT"), index + 1 < context.arguments.count else { throw RedisMockContext.syntaxError }
            count = max(try RedisMockStreamArguments.integer(context.arguments[index + 1]), 0)
            index += 2
        }
        guard let stream = try RedisMockStreamArguments.stream(context, context.arguments[0]) else { return .array([]) }
        if count == 0 { return .null }
        let found = stream.entries(from: start, to: end, reverse: reverse, limit: count < 0 ? nil : count)
        return .array(found.map(RedisMockStreamArguments.reply))
    }

    /// `XLEN key`.
    public static let xlen = RedisMockHandler { context in
        try context.requireArguments(1...1)
        return .integer(try RedisMockStreamArguments.stream(context, context.arguments[0])?.length ?? 0)
    }

    /// `XDEL key id …`.
    public static let xdel = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        let key = context.arguments[0]
        guard var stream = try RedisMockStreamArguments.stream(context, key) else { return .integer(0) }
        let ids = try context.arguments.dropFirst().map(RedisMockStreamArguments.strictID)
        let deleted = stream.delete(ids)
        if deleted > 0 { RedisMockStreamArguments.store(&context, key, stream) }
        return .integer(deleted)
    }

    /// `XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]`.
    public static let xtrim = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        let options = try StreamAddTrimOptions(context, add: false)
        let key = context.arguments[0]
        guard var stream = try RedisMockStreamArguments.stream(context, key) else { return .integer(0) }
        let deleted = options.trim(&stream)
        if deleted > 0 { RedisMockStreamArguments.store(&context, key, stream) }
        return .integer(deleted)
    }

    /// `XSETID key last-id [ENTRIESADDED n] [MAXDELETEDID id]`.
    public static let xsetid = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        let id = try RedisMockStreamArguments.strictID(context.arguments[1])
        var entriesAdded: Int?
        var maxDeleted = RedisMockStreamID.zero
        var index = 2
        while index < context.arguments.count {
            let more = context.arguments.count - 1 - index
            if context.isToken(index, "ENTRIESADDED") && more > 0 {
                let value = try RedisMockStreamArguments.integer(context.arguments[index + 1])
                guard value >= 0 else { throw RedisMockContext.error("ERR entries_added must be positive") }
                entriesAdded = value
            } else if context.isToken(index, "MAXDELETEDID") && more > 0 {
                maxDeleted = try RedisMockStreamArguments.strictID(context.arguments[index + 1])
                guard id >= maxDeleted else {
                    throw RedisMockContext.error("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id")
                }
            } else {
                throw RedisMockContext.syntaxError
            }
            index += 2
        }
        let key = context.arguments[0]
        guard var stream = try RedisMockStreamArguments.stream(context, key) else { throw RedisMockContext.error("ERR no such key") }
        if stream.length > 0 {
            if let top = stream.lastValidID, id < top {
                throw RedisMockContext.error("ERR The ID specified in XSETID is smaller than the target stream top item")
            }
            if let entriesAdded, stream.length > entriesAdded {
                throw RedisMockContext.error("ERR The entries_added specified in XSETID is smaller than the target stream length")
            }
        }
        stream.lastID = id
        if let entriesAdded { stream.entriesAdded = Int64(entriesAdded) }
        if !maxDeleted.isZero { stream.maxDeletedEntryID = maxDeleted }
        RedisMockStreamArguments.store(&context, key, stream)
        return .ok
    }
}
