import FredRuntime
import NIOCore

/// `BITFIELD` and `BITFIELD_RO`: integers of 1 to 64 bits (`i1`…`i64`, `u1`…`u63`) at any bit
/// offset of a string, with the overflow rules of a Redis 7.0 server.
extension RedisMockHandler {
    /// `BITFIELD key [GET type offset] [SET type offset value] [INCRBY type offset increment]
    /// [OVERFLOW WRAP|SAT|FAIL] …`.
    public static let bitfield = RedisMockHandler { context in
        try RedisMockBitfield.run(&context, readOnly: false)
    }

    /// `BITFIELD_RO key [GET type offset] …`.
    public static let bitfieldRo = RedisMockHandler { context in
        try RedisMockBitfield.run(&context, readOnly: true)
    }
}

/// The parsing and arithmetic of `BITFIELD`.
enum RedisMockBitfield {
    enum Overflow { case wrap, saturate, fail }

    enum Opcode { case get, set, incrby }

    struct Operation {
        var opcode: Opcode
        var signed: Bool
        var bits: Int
        var offset: Int
        var value: Int64
        var overflow: Overflow
    }

    static func run(_ context: inout RedisMockContext, readOnly: Bool) throws -> RESPValue {
        try context.requireArguments(atLeast: 1)
        let operations = try parse(context)
        let key = context.arguments[0]
        let writes = operations.filter { $0.opcode != .get }
        let entry = context.entry(key)
        var value: [UInt8] = []
        if writes.isEmpty {
            if let entry {
                if case .hyperLogLog = entry.data { throw context.unsupported("on a HyperLogLog value") }
                guard case .string(let bytes) = entry.data else { throw RedisMockContext.wrongType }
                value = bytes
            }
        } else {
            if readOnly { throw RedisMockContext.error("ERR BITFIELD_RO only supports the GET subcommand") }
            if let entry {
                if case .hyperLogLog = entry.data { throw context.unsupported("on a HyperLogLog value") }
                guard case .string(let bytes) = entry.data else { throw RedisMockContext.wrongType }
                value = bytes
            }
        }
        let original = value
        // A write first makes room up to the farthest bit any write reaches, even one that
        // `OVERFLOW FAIL` then refuses.
        if let highest = writes.map({ $0.offset + $0.bits - 1 }).max() {
            RedisMockBits.grow(&value, toHoldBit: highest)
        }
        var replies: [RESPValue] = []
        for operation in operations {
            let old = read(value, operation)
            switch operation.opcode {
            case .get:
                replies.append(.integer(Int(Int64(bitPattern: old))))
            case .set, .incrby:
                let increment = operation.opcode == .incrby ? operation.value : 0
                let start = operation.opcode == .incrby ? old : UInt64(bitPattern: operation.value)
                guard let result = apply(start, increment, operation) else {
                    replies.append(.null)
                    continue
                }
                write(&value, operation, result)
                let reply = operation.opcode == .incrby ? result : old
                replies.append(.integer(Int(Int64(bitPattern: reply))))
            }
        }
        if value != original || (entry == nil && !writes.isEmpty) {
            context.setEntry(RedisMockEntry(data: .string(value), expiresAt: entry?.expiresAt), for: key)
        }
        return .array(replies)
    }

    private static func parse(_ context: RedisMockContext) throws -> [Operation] {
        var operations: [Operation] = []
        var overflow = Overflow.wrap
        var index = 1
        while index < context.arguments.count {
            let remaining = context.arguments.count - index - 1
            let opcode: Opcode
            switch context.text(index).uppercased() {
            case "GET" where remaining >= 2: opcode = .get
            case "SET" where remaining >= 3: opcode = .set
            case "INCRBY" where remaining >= 3: opcode = .incrby
            case "OVERFLOW" where remaining >= 1:
                switch context.text(index + 1).uppercased() {
                case "WRAP": overflow = .wrap
                case "SAT": overflow = .saturate
                case "FAIL": overflow = .fail
                default: throw RedisMockContext.error("ERR Invalid OVERFLOW type specified")
                }
                index += 2
                continue
            default:
                throw RedisMockContext.syntaxError
            }
            let (signed, bits) = try type(context.arguments[index + 1])
            let offset = try RedisMockBits.offset(context, index + 2, hashWidth: bits)
            var value: Int64 = 0
            if opcode != .get {
                value = Int64(try context.integer(index + 3))
            }
            operations.append(Operation(opcode: opcode, signed: signed, bits: bits, offset: offset, value: value, overflow: overflow))
            index += opcode == .get ? 3 : 4
        }
        return operations
    }

    /// `i1`…`i64` or `u1`…`u63` (lower-case letter).
    private static func type(_ argument: [UInt8]) throws -> (signed: Bool, bits: Int) {
        let error = RedisMockContext.error("ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.")
        guard let letter = argument.first, letter == UInt8(ascii: "i") || letter == UInt8(ascii: "u") else { throw error }
        let signed = letter == UInt8(ascii: "i")
        guard let bits = RedisMockNumbers.integer(Array(argument.dropFirst())), bits >= 1, bits <= (signed ? 64 : 63) else {
            throw error
        }
        return (signed, bits)
    }

    /// The field's bits as stored (sign-extended for a signed type), zeros past the end.
    private static func read(_ value: [UInt8], _ operation: Operation) -> UInt64 {
        var result: UInt64 = 0
        for step in 0..<operation.bits {
            result = (result << 1) | UInt64(RedisMockBits.bit(value, at: operation.offset + step))
        }
        if operation.signed && operation.bits < 64 && result & (UInt64(1) << (operation.bits - 1)) != 0 {
            result |= UInt64.max << operation.bits
        }
        return result
    }

    private static func write(_ value: inout [UInt8], _ operation: Operation, _ field: UInt64) {
        for step in 0..<operation.bits {
            let bit = Int((field >> (operation.bits - 1 - step)) & 1)
            RedisMockBits.setBit(&value, at: operation.offset + step, to: bit)
        }
    }

    /// `start + increment` fitted to the field under its overflow rule, nil when `FAIL` refuses
    /// it. The arithmetic follows the server's `check(Un)signedBitfieldOverflow` exactly,
    /// wrapping where it wraps.
    private static func apply(_ start: UInt64, _ increment: Int64, _ operation: Operation) -> UInt64? {
        let bits = operation.bits
        var overflowed = false
        var limit: UInt64 = 0
        if operation.signed {
            let value = Int64(bitPattern: start)
            let maximum: Int64 = bits == 64 ? .max : (Int64(1) << (bits - 1)) - 1
            let minimum = -maximum - 1
            let maximumIncrement = Int64(bitPattern: UInt64(bitPattern: maximum) &- start)
            let minimumIncrement = minimum &- value
            if value > maximum || (bits != 64 && increment > maximumIncrement)
                || (value >= 0 && increment > 0 && increment > maximumIncrement) {
                overflowed = true
                limit = UInt64(bitPattern: maximum)
            } else if value < minimum || (bits != 64 && increment < minimumIncrement)
                || (value < 0 && increment < 0 && increment < minimumIncrement) {
                overflowed = true
                limit = UInt64(bitPattern: minimum)
            }
            if overflowed && operation.overflow == .wrap {
                var sum = start &+ UInt64(bitPattern: increment)
                if bits < 64 {
                    let mask = UInt64.max << bits
                    if sum & (UInt64(1) << (bits - 1)) != 0 { sum |= mask } else { sum &= ~mask }
                }
                limit = sum
            }
        } else {
            let maximum: UInt64 = (UInt64(1) << bits) - 1
            let maximumIncrement = Int64(bitPattern: maximum &- start)
            let minimumIncrement = Int64(bitPattern: 0 &- start)
            if start > maximum || (increment > 0 && increment > maximumIncrement) {
                overflowed = true
                limit = maximum
            } else if increment < 0 && increment < minimumIncrement {
                overflowed = true
                limit = 0
            }
            if overflowed && operation.overflow == .wrap {
                limit = (start &+ UInt64(bitPattern: increment)) & ~(UInt64.max << bits)
            }
        }
        guard overflowed else { return start &+ UInt64(bitPattern: increment) }
        return operation.overflow == .fail ? nil : limit
    }
}
