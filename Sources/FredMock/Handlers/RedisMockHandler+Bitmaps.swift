import FredRuntime
import NIOCore

/// Handlers for the bitmap group: bits of string values (`BITFIELD` is in
/// `RedisMockHandler+Bitfield.swift`).
extension RedisMockHandler {
    public static let getbit = RedisMockHandler { context in
        try context.requireArguments(2...2)
        let offset = try RedisMockBits.offset(context, 1)
        guard let value = try context.string(at: context.arguments[0]) else { return .integer(0) }
        return .integer(RedisMockBits.bit(value, at: offset))
    }

    public static let setbit = RedisMockHandler { context in
        try context.requireArguments(3...3)
        let offset = try RedisMockBits.offset(context, 1)
        let bitError = RedisMockContext.error("ERR bit is not an integer or out of range")
        guard let on = RedisMockNumbers.integer(context.arguments[2]) else { throw bitError }
        guard on & ~1 == 0 else { throw bitError }
        let key = context.arguments[0]
        let entry = context.entry(key)
        var value: [UInt8] = []
        if let entry {
            if case .hyperLogLog = entry.data { throw context.unsupported("on a HyperLogLog value") }
            guard case .string(let bytes) = entry.data else { throw RedisMockContext.wrongType }
            value = bytes
        }
        let grew = RedisMockBits.grow(&value, toHoldBit: offset)
        let old = RedisMockBits.bit(value, at: offset)
        guard entry == nil || grew || old != on else { return .integer(old) }
        RedisMockBits.setBit(&value, at: offset, to: on)
        context.setEntry(RedisMockEntry(data: .string(value), expiresAt: entry?.expiresAt), for: key)
        return .integer(old)
    }

    /// `BITCOUNT key [start end [BYTE|BIT]]`. Like a 7.0 server, it looks the key up before it
    /// reads the range, so a missing key counts 0 whatever the other arguments are.
    public static let bitcount = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        guard let value = try context.string(at: context.arguments[0]) else { return .integer(0) }
        let range: ClosedRange<Int>
        switch context.arguments.count {
        case 1:
            guard !value.isEmpty else { return .integer(0) }
            range = 0...(value.count * 8 - 1)
        case 3, 4:
            var start = try context.integer(1)
            var end = try context.integer(2)
            // Checked before the unit is read, as the server does.
            if start < 0 && end < 0 && start > end { return .integer(0) }
            var inBits = false
            if context.arguments.count == 4 {
                switch context.text(3).uppercased() {
                case "BIT": inBits = true
                case "BYTE": inBits = false
                default: throw RedisMockContext.syntaxError
                }
            }
            (start, end) = clamped(start, end, total: inBits ? value.count * 8 : value.count)
            guard start <= end else { return .integer(0) }
            range = inBits ? start...end : (start * 8)...(end * 8 + 7)
        default:
            throw RedisMockContext.syntaxError
        }
        return .integer(RedisMockBits.count(value, bits: range))
    }

    /// BITCOUNT's and BITPOS's range rule: negative counts from the end, then clamped to the value.
    private static func clamped(_ start: Int, _ end: Int, total: Int) -> (Int, Int) {
        let start = start < 0 ? max(total + start, 0) : start
        let end = end < 0 ? max(total + end, 0) : end
        return (start, min(end, total - 1))
    }

    /// `BITPOS key bit [start [end [BYTE|BIT]]]`. A missing key is all zeros (found at 0, no 1).
    public static let bitpos = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        let bit = try context.integer(1)
        guard bit == 0 || bit == 1 else { throw RedisMockContext.error("ERR The bit argument must be 1 or 0.") }
        guard let value = try context.string(at: context.arguments[0]) else { return .integer(bit == 1 ? -1 : 0) }
        var start = 0, end = value.count - 1
        var inBits = false, endGiven = false
        switch context.arguments.count {
        case 2:
            break
        case 3, 4, 5:
            start = try context.integer(2)
            if context.arguments.count == 5 {
                switch context.text(4).uppercased() {
                case "BIT": inBits = true
                case "BYTE": inBits = false
                default: throw RedisMockContext.syntaxError
                }
            }
            if context.arguments.count >= 4 {
                end = try context.integer(3)
                endGiven = true
            } else {
                end = inBits ? value.count * 8 + 7 : value.count - 1
            }
            (start, end) = clamped(start, end, total: inBits ? value.count * 8 : value.count)
        default:
            throw RedisMockContext.syntaxError
        }
        guard start <= end else { return .integer(-1) }
        let range = inBits ? start...end : (start * 8)...(end * 8 + 7)
        if let position = RedisMockBits.first(bit, in: value, bits: range) { return .integer(position) }
        // No match: a 1 is never found; a 0 is found just past the string (zero padding) unless
        // the caller gave an end.
        if bit == 1 || endGiven { return .integer(-1) }
        return .integer((range.upperBound / 8 + 1) * 8)
    }

    /// `BITOP AND|OR|XOR|NOT destkey key [key …]`: missing sources read as empty strings,
    /// shorter ones are padded with zeros; an empty result deletes the destination.
    public static let bitop = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        let operation = context.text(0).uppercased()
        guard ["AND", "OR", "XOR", "NOT"].contains(operation) else { throw RedisMockContext.syntaxError }
        if operation == "NOT" && context.arguments.count != 3 {
            throw RedisMockContext.error("ERR BITOP NOT must be called with a single source key.")
        }
        let sources = try context.arguments.dropFirst(2).map { try context.string(at: $0) ?? [] }
        let length = sources.map(\.count).max() ?? 0
        var result = [UInt8](repeating: 0, count: length)
        for index in 0..<length {
            func byte(_ source: [UInt8]) -> UInt8 { index < source.count ? source[index] : 0 }
            var output = byte(sources[0])
            for source in sources.dropFirst() {
                switch operation {
                case "AND": output &= byte(source)
                case "OR": output |= byte(source)
                default: output ^= byte(source)
                }
            }
            result[index] = operation == "NOT" ? ~output : output
        }
        let destination = context.arguments[1]
        if length > 0 {
            context.setEntry(RedisMockEntry(data: .string(result)), for: destination)
        } else if context.entry(destination) != nil {
            context.setEntry(nil, for: destination)
        }
        return .integer(length)
    }
}

/// Bit access on string values, numbered the way Redis does: bit 0 is the most significant bit
/// of the first byte.
enum RedisMockBits {
    /// A bit offset argument (`SETBIT`, `BITFIELD`), at most 2^32 - 1 (512 MB of bits):
    /// `ERR bit offset is not an integer or out of range` otherwise. With `hashWidth`, `#n`
    /// means `n` times that width (`BITFIELD … GET u8 #2`).
    static func offset(_ context: RedisMockContext, _ index: Int, hashWidth: Int? = nil) throws -> Int {
        var bytes = context.arguments[index]
        let usesHash = hashWidth != nil && bytes.first == UInt8(ascii: "#")
        if usesHash { bytes.removeFirst() }
        let error = RedisMockContext.error("ERR bit offset is not an integer or out of range")
        guard var offset = RedisMockNumbers.integer(bytes) else { throw error }
        // The server multiplies in 64 bits without an overflow check.
        if usesHash, let hashWidth { offset = offset &* hashWidth }
        guard offset >= 0, offset >> 3 < RedisMockHandler.maximumStringLength else { throw error }
        return offset
    }

    /// The bit at `offset` (0 past the end).
    static func bit(_ value: [UInt8], at offset: Int) -> Int {
        let byte = offset >> 3
        guard byte < value.count else { return 0 }
        return Int(value[byte] >> (7 - UInt8(offset & 7))) & 1
    }

    /// Sets the bit at `offset`, which must be inside `value`.
    static func setBit(_ value: inout [UInt8], at offset: Int, to on: Int) {
        let mask = UInt8(1) << (7 - UInt8(offset & 7))
        if on == 1 { value[offset >> 3] |= mask } else { value[offset >> 3] &= ~mask }
    }

    /// Pads `value` with zero bytes so that it holds bit `offset`; true when it grew.
    @discardableResult
    static func grow(_ value: inout [UInt8], toHoldBit offset: Int) -> Bool {
        let needed = (offset >> 3) + 1
        guard value.count < needed else { return false }
        value += [UInt8](repeating: 0, count: needed - value.count)
        return true
    }

    /// The number of set bits among the bit positions `bits` (inside `value`).
    static func count(_ value: [UInt8], bits: ClosedRange<Int>) -> Int {
        var total = 0
        var position = bits.lowerBound
        while position <= bits.upperBound {
            if position & 7 == 0 && position + 7 <= bits.upperBound {
                total += value[position >> 3].nonzeroBitCount
                position += 8
            } else {
                total += bit(value, at: position)
                position += 1
            }
        }
        return total
    }

    /// The first position among `bits` holding `wanted` (0 or 1), nil if none.
    static func first(_ wanted: Int, in value: [UInt8], bits: ClosedRange<Int>) -> Int? {
        let skip: UInt8 = wanted == 1 ? 0x00 : 0xFF
        var position = bits.lowerBound
        while position <= bits.upperBound {
            if position & 7 == 0 && position + 7 <= bits.upperBound && value[position >> 3] == skip {
                position += 8
                continue
            }
            if bit(value, at: position) == wanted { return position }
            position += 1
        }
        return nil
    }
}
