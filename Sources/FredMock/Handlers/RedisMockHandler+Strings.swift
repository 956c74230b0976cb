import FredRuntime
import NIOCore

/// Handlers for the string group.
extension RedisMockHandler {
    /// The largest string a server accepts by default (`proto-max-bulk-len`).
    static let maximumStringLength = 512 * 1024 * 1024

    public static let get = RedisMockHandler { context in
        try context.requireArguments(1...1)
        try context.refuseHyperLogLogBytes(context.arguments[0])
        return .bulkOrNull(try context.string(at: context.arguments[0]))
    }

    /// `SET` with every option (and the `setGet` variant, which is `SET … GET`).
    public static let set = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        let options = try RedisMockExpiryOptions(context, from: 2, accepting: [.conditions, .get, .keepTTL])
        let expiresAt = try options.expiresAt(context)
        let key = context.arguments[0]
        let current = context.entry(key)
        var reply = RESPValue.ok
        if options.get {
            try context.refuseHyperLogLogBytes(key)
            reply = .bulkOrNull(try context.string(at: key))
        }
        if (options.onlyIfMissing && current != nil) || (options.onlyIfPresent && current == nil) {
            return options.get ? reply : .null
        }
        let keptExpiry = options.keepTTL ? current?.expiresAt : nil
        context.setEntry(RedisMockEntry(data: .string(context.arguments[1]), expiresAt: expiresAt ?? keptExpiry), for: key)
        return reply
    }

    public static let setnx = RedisMockHandler { context in
        try context.requireArguments(2...2)
        guard context.entry(context.arguments[0]) == nil else { return .integer(0) }
        context.setEntry(RedisMockEntry(data: .string(context.arguments[1])), for: context.arguments[0])
        return .integer(1)
    }

    public static let setex = RedisMockHandler { context in
        try setWithExpiry(&context, unit: 1000)
    }

    public static let psetex = RedisMockHandler { context in
        try setWithExpiry(&context, unit: 1)
    }

    private static func setWithExpiry(_ context: inout RedisMockContext, unit: Int64) throws -> RESPValue {
        try context.requireArguments(3...3)
        let amount = Int64(try context.integer(1))
        guard amount > 0, amount <= Int64.max / unit else { throw context.invalidExpireTime }
        let (expiresAt, overflow) = (amount * unit).addingReportingOverflow(context.now)
        guard !overflow else { throw context.invalidExpireTime }
        context.setEntry(RedisMockEntry(data: .string(context.arguments[2]), expiresAt: expiresAt), for: context.arguments[0])
        return .ok
    }

    public static let getset = RedisMockHandler { context in
        try context.requireArguments(2...2)
        try context.refuseHyperLogLogBytes(context.arguments[0])
        let old = try context.string(at: context.arguments[0])
        context.setEntry(RedisMockEntry(data: .string(context.arguments[1])), for: context.arguments[0])
        return .bulkOrNull(old)
    }

    public static let getdel = RedisMockHandler { context in
        try context.requireArguments(1...1)
        try context.refuseHyperLogLogBytes(context.arguments[0])
        guard let value = try context.string(at: context.arguments[0]) else { return .null }
        context.setEntry(nil, for: context.arguments[0])
        return .bulk(value)
    }

    public static let getex = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        let options = try RedisMockExpiryOptions(context, from: 1, accepting: [.persist])
        let key = context.arguments[0]
        try context.refuseHyperLogLogBytes(key)
        guard var entry = context.entry(key) else { return .null }
        guard case .string(let value) = entry.data else { throw RedisMockContext.wrongType }
        // The expiry's value is checked only once the key is known to hold a string.
        let expiresAt = try options.expiresAt(context)
        if let expiresAt {
            entry.expiresAt = expiresAt
            context.setEntry(entry, for: key)
        } else if options.persist {
            entry.expiresAt = nil
            context.setEntry(entry, for: key)
        }
        return .bulk(value)
    }

    public static let mget = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        for key in context.arguments { try context.refuseHyperLogLogBytes(key) }
        return .array(context.arguments.map { key in
            if case .string(let value)? = context.entry(key)?.data { return .bulk(value) }
            return .null
        })
    }

    public static let mset = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        guard context.arguments.count.isMultiple(of: 2) else { throw context.wrongArity }
        for pair in stride(from: 0, to: context.arguments.count, by: 2) {
            context.setEntry(RedisMockEntry(data: .string(context.arguments[pair + 1])), for: context.arguments[pair])
        }
        return .ok
    }

    public static let msetnx = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        guard context.arguments.count.isMultiple(of: 2) else { throw context.wrongArity }
        let keys = stride(from: 0, to: context.arguments.count, by: 2).map { context.arguments[$0] }
        guard keys.allSatisfy({ context.entry($0) == nil }) else { return .integer(0) }
        for pair in stride(from: 0, to: context.arguments.count, by: 2) {
            context.setEntry(RedisMockEntry(data: .string(context.arguments[pair + 1])), for: context.arguments[pair])
        }
        return .integer(1)
    }

    public static let append = RedisMockHandler { context in
        try context.requireArguments(2...2)
        let key = context.arguments[0]
        try context.refuseHyperLogLogBytes(key)
        var entry = context.entry(key) ?? RedisMockEntry(data: .string([]))
        guard case .string(var value) = entry.data else { throw RedisMockContext.wrongType }
        guard value.count + context.arguments[1].count <= maximumStringLength else {
            throw RedisMockContext.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)")
        }
        value += context.arguments[1]
        entry.data = .string(value)
        context.setEntry(entry, for: key)
        return .integer(value.count)
    }

    public static let strlen = RedisMockHandler { context in
        try context.requireArguments(1...1)
        try context.refuseHyperLogLogBytes(context.arguments[0])
        return .integer(try context.string(at: context.arguments[0])?.count ?? 0)
    }

    public static let incr = RedisMockHandler { context in
        try context.requireArguments(1...1)
        return try incrementInteger(&context, by: 1)
    }

    public static let decr = RedisMockHandler { context in
        try context.requireArguments(1...1)
        return try incrementInteger(&context, by: -1)
    }

    public static let incrby = RedisMockHandler { context in
        try context.requireArguments(2...2)
        return try incrementInteger(&context, by: try context.integer(1))
    }

    public static let decrby = RedisMockHandler { context in
        try context.requireArguments(2...2)
        let amount = try context.integer(1)
        guard amount != Int.min else { throw RedisMockContext.error("ERR decrement would overflow") }
        return try incrementInteger(&context, by: -amount)
    }

    private static func incrementInteger(_ context: inout RedisMockContext, by amount: Int) throws -> RESPValue {
        let key = context.arguments[0]
        var entry = context.entry(key) ?? RedisMockEntry(data: .string(Array("0".utf8)))
        if case .hyperLogLog = entry.data { throw RedisMockContext.notAnInteger }  // "HYLL…" is no number
        guard case .string(let bytes) = entry.data else { throw RedisMockContext.wrongType }
        guard let current = RedisMockNumbers.integer(bytes) else { throw RedisMockContext.notAnInteger }
        let (result, overflow) = current.addingReportingOverflow(amount)
        guard !overflow else { throw RedisMockContext.error("ERR increment or decrement would overflow") }
        entry.data = .string(Array(String(result).utf8))
        context.setEntry(entry, for: key)
        return .integer(result)
    }

    public static let incrbyfloat = RedisMockHandler { context in
        try context.requireArguments(2...2)
        let key = context.arguments[0]
        var entry = context.entry(key) ?? RedisMockEntry(data: .string(Array("0".utf8)))
        if case .hyperLogLog = entry.data { throw RedisMockContext.notAFloat }  // "HYLL…" is no number
        guard case .string(let bytes) = entry.data else { throw RedisMockContext.wrongType }
        guard let current = RedisMockNumbers.longDouble(bytes),
              let increment = RedisMockNumbers.longDouble(context.arguments[1])
        else { throw RedisMockContext.notAFloat }
        let result = current + increment
        guard result.isFinite else { throw RedisMockContext.error("ERR increment would produce NaN or Infinity") }
        let text = Array(RedisMockNumbers.format(longDouble: result).utf8)
        entry.data = .string(text)
        context.setEntry(entry, for: key)
        return .bulk(text)
    }

    public static let getrange = RedisMockHandler { context in
        try context.requireArguments(3...3)
        var start = try context.integer(1)
        var end = try context.integer(2)
        try context.refuseHyperLogLogBytes(context.arguments[0])
        guard let value = try context.string(at: context.arguments[0]), !value.isEmpty else { return .bulk([]) }
        if start < 0, end < 0, start > end { return .bulk([]) }
        if start < 0 { start = max(value.count + start, 0) }
        if end < 0 { end = max(value.count + end, 0) }
        end = min(end, value.count - 1)
        guard start <= end else { return .bulk([]) }
        return .bulk(Array(value[start...end]))
    }

    /// `SUBSTR` is the old name of `GETRANGE`.
    public static let substr = getrange

    public static let setrange = RedisMockHandler { context in
        try context.requireArguments(3...3)
        let offset = try context.integer(1)
        guard offset >= 0 else { throw RedisMockContext.error("ERR offset is out of range") }
        let key = context.arguments[0]
        try context.refuseHyperLogLogBytes(key)
        let patch = context.arguments[2]
        var entry = context.entry(key) ?? RedisMockEntry(data: .string([]))
        guard case .string(var value) = entry.data else { throw RedisMockContext.wrongType }
        if patch.isEmpty { return .integer(value.count) }
        guard offset + patch.count <= maximumStringLength else {
            throw RedisMockContext.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)")
        }
        if value.count < offset + patch.count {
            value += [UInt8](repeating: 0, count: offset + patch.count - value.count)
        }
        value.replaceSubrange(offset..<(offset + patch.count), with: patch)
        entry.data = .string(value)
        context.setEntry(entry, for: key)
        return .integer(value.count)
    }

    /// `LCS` with `LEN`, `IDX`, `MINMATCHLEN` and `WITHMATCHLEN` (and the variants built on it).
    public static let lcs = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        // The keys' types are checked before the options, as a server does.
        func value(_ key: [UInt8]) throws -> [UInt8] {
            try context.refuseHyperLogLogBytes(key)
            guard let entry = context.entry(key) else { return [] }
            guard case .string(let bytes) = entry.data else {
                throw RedisMockContext.error("ERR The specified keys must contain string values")
            }
            return bytes
        }
        let a = try value(context.arguments[0])
        let b = try value(context.arguments[1])
        var wantLength = false, wantIndexes = false, withMatchLength = false
        var minimumMatchLength = 0
        var index = 2
        while index < context.arguments.count {
            switch context.text(index).uppercased() {
            case "LEN": wantLength = true
            case "IDX": wantIndexes = true
            case "WITHMATCHLEN": withMatchLength = true
            case "MINMATCHLEN" where index + 1 < context.arguments.count:
                minimumMatchLength = max(try context.integer(index + 1), 0)
                index += 1
            default: throw RedisMockContext.syntaxError
            }
            index += 1
        }
        if wantLength && wantIndexes {
            throw RedisMockContext.error("ERR If you want both the length and indexes, please just use IDX.")
        }
        let match = RedisMockLCS(a, b)
        if wantLength { return .integer(match.length) }
        guard wantIndexes else { return .bulk(match.sequence()) }
        let ranges = match.ranges(minimumLength: minimumMatchLength).map { range -> RESPValue in
            var fields: [RESPValue] = [
                .array([.integer(range.a.lowerBound), .integer(range.a.upperBound)]),
                .array([.integer(range.b.lowerBound), .integer(range.b.upperBound)]),
            ]
            if withMatchLength { fields.append(.integer(range.a.count)) }
            return .array(fields)
        }
        return .map([
            RESPMapEntry(key: .bulk("matches"), value: .array(ranges)),
            RESPMapEntry(key: .bulk("len"), value: .integer(match.length)),
        ])
    }
}

/// The longest common subsequence of two strings, with the matching ranges reported the way
/// `LCS … IDX` does (from the end of the strings towards their start).
struct RedisMockLCS {
    private let a: [UInt8]
    private let b: [UInt8]
    private var table: [Int]

    init(_ a: [UInt8], _ b: [UInt8]) {
        self.a = a
        self.b = b
        let width = b.count + 1
        table = [Int](repeating: 0, count: (a.count + 1) * width)
        if a.isEmpty || b.isEmpty { return }
        for i in 1...a.count {
            for j in 1...b.count {
                table[i * width + j] = a[i - 1] == b[j - 1]
                    ? table[(i - 1) * width + j - 1] + 1
                    : max(table[(i - 1) * width + j], table[i * width + j - 1])
            }
        }
    }

    private func at(_ i: Int, _ j: Int) -> Int { table[i * (b.count + 1) + j] }

    var length: Int { at(a.count, b.count) }

    func sequence() -> [UInt8] {
        var result: [UInt8] = []
        walk { i, j in result.append(a[i]) } emit: { _, _ in }
        return result.reversed()
    }

    func ranges(minimumLength: Int) -> [(a: ClosedRange<Int>, b: ClosedRange<Int>)] {
        var result: [(a: ClosedRange<Int>, b: ClosedRange<Int>)] = []
        walk { _, _ in } emit: { rangeA, rangeB in
            if minimumLength == 0 || rangeA.count >= minimumLength { result.append((rangeA, rangeB)) }
        }
        return result
    }

    /// Walks back from the ends, calling `match` per common byte and `emit` per contiguous run.
    private func walk(match: (Int, Int) -> Void, emit: (ClosedRange<Int>, ClosedRange<Int>) -> Void) {
        var i = a.count, j = b.count
        var run: (aStart: Int, aEnd: Int, bStart: Int, bEnd: Int)?
        while i > 0 && j > 0 {
            var emitRun = false
            if a[i - 1] == b[j - 1] {
                match(i - 1, j - 1)
                if let current = run {
                    if current.aStart == i && current.bStart == j {
                        run = (i - 1, current.aEnd, j - 1, current.bEnd)
                    } else {
                        emitRun = true
                    }
                } else {
                    run = (i - 1, i - 1, j - 1, j - 1)
                }
                if let current = run, current.aStart == 0 || current.bStart == 0 { emitRun = true }
                i -= 1
                j -= 1
            } else {
                if at(i - 1, j) > at(i, j - 1) { i -= 1 } else { j -= 1 }
                if run != nil { emitRun = true }
            }
            if emitRun, let current = run {
                emit(current.aStart...current.aEnd, current.bStart...current.bEnd)
                run = nil
            }
        }
    }
}
