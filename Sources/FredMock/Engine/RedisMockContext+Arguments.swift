import FredRuntime
import NIOCore

/// Argument parsing and reply building shared by the mock handlers, with the error texts a Redis
/// 7.0 server uses.
extension RedisMockContext {
    /// Throws the arity error unless the command has `range` arguments (after its name words).
    public func requireArguments(_ range: ClosedRange<Int>) throws {
        guard range.contains(arguments.count) else { throw wrongArity }
    }

    /// Throws the arity error unless the command has at least `count` arguments.
    public func requireArguments(atLeast count: Int) throws {
        guard arguments.count >= count else { throw wrongArity }
    }

    /// The argument at `index` as text.
    public func text(_ index: Int) -> String {
        String(decoding: arguments[index], as: UTF8.self)
    }

    /// Whether the argument at `index` is the token `token` (case-insensitively).
    public func isToken(_ index: Int, _ token: String) -> Bool {
        index < arguments.count && text(index).uppercased() == token
    }

    /// The argument at `index` as a 64-bit integer, or `ERR value is not an integer or out of range`.
    public func integer(_ index: Int) throws -> Int {
        guard index < arguments.count else { throw Self.error("ERR syntax error") }
        guard let value = RedisMockNumbers.integer(arguments[index]) else { throw Self.notAnInteger }
        return value
    }

    /// The argument at `index` as a float, or `ERR value is not a valid float`.
    public func double(_ index: Int) throws -> Double {
        guard let value = RedisMockNumbers.double(arguments[index]) else { throw Self.notAFloat }
        return value
    }

    /// A blocking timeout in seconds (`BLPOP … 0.5`) as milliseconds, nil for 0 (wait for ever);
    /// `ERR timeout is not a float or out of range` or `ERR timeout is negative` otherwise.
    ///
    /// As on a server: the seconds are read as a `long double` and rounded up to whole
    /// milliseconds (so `-0.0001` waits for ever), and what does not fit 64 bits (`inf`) counts as
    /// negative.
    public func blockingTimeout(seconds index: Int) throws -> Int64? {
        guard index < arguments.count, let seconds = RedisMockNumbers.longDouble(arguments[index])
        else { throw Self.error("ERR timeout is not a float or out of range") }
        let rounded = (seconds * 1000).rounded(.up)
        // A C conversion of an out-of-range value gives the smallest 64-bit integer on x86.
        let milliseconds = rounded.isFinite && rounded < 0x1p63 && rounded >= -0x1p63 ? Int64(rounded) : Int64.min
        return try checkedTimeout(milliseconds)
    }

    /// A blocking timeout in milliseconds (`XREAD BLOCK 100`), nil for 0 (wait for ever).
    public func blockingTimeout(milliseconds index: Int) throws -> Int64? {
        guard index < arguments.count, let milliseconds = RedisMockNumbers.integer(arguments[index])
        else { throw Self.error("ERR timeout is not an integer or out of range") }
        return try checkedTimeout(Int64(milliseconds))
    }

    private func checkedTimeout(_ milliseconds: Int64) throws -> Int64? {
        guard milliseconds >= 0 else { throw Self.error("ERR timeout is negative") }
        guard milliseconds <= Int64.max - now else { throw Self.error("ERR timeout is out of range") }
        return milliseconds == 0 ? nil : milliseconds
    }

    /// The string stored at `key`, nil if there is none, or `WRONGTYPE` for another type.
    public func string(at key: [UInt8]) throws -> [UInt8]? {
        guard let entry = entry(key) else { return nil }
        // A server's bytes for a HyperLogLog depend on its history: not something to make up.
        if case .hyperLogLog = entry.data { throw unsupported("on a HyperLogLog value") }
        guard case .string(let bytes) = entry.data else { throw Self.wrongType }
        return bytes
    }

    /// A database index argument, or `ERR DB index is out of range`.
    public func databaseIndex(_ index: Int) throws -> Int {
        let database = try integer(index)
        guard storage.databases.indices.contains(database) else { throw Self.error("ERR DB index is out of range") }
        return database
    }

    public static let wrongType = RedisMockErrorReply("WRONGTYPE Operation against a key holding the wrong kind of value")
    public static let notAnInteger = RedisMockErrorReply("ERR value is not an integer or out of range")
    public static let notAFloat = RedisMockErrorReply("ERR value is not a valid float")
    public static let syntaxError = RedisMockErrorReply("ERR syntax error")

    /// `ERR invalid expire time in '<command>' command`.
    public var invalidExpireTime: RedisMockErrorReply {
        Self.error("ERR invalid expire time in '\(commandName.lowercased())' command")
    }

    /// A typed ``RedisError/unsupportedByMock(command:)`` for a form of this command the engine
    /// cannot answer honestly (`CLIENT PAUSE`, `WAIT 1 0`).
    public func unsupported(_ detail: String? = nil) -> RedisError {
        .unsupportedByMock(command: detail.map { "\(commandName) \($0)" } ?? commandName)
    }
}

extension RESPValue {
    /// `+OK`.
    public static let ok = RESPValue.simpleString(ByteBuffer(string: "OK"))

    /// A bulk string with `bytes`.
    public static func bulk(_ bytes: [UInt8]) -> RESPValue { .bulkString(ByteBuffer(bytes: bytes)) }

    /// A bulk string with `text`.
    public static func bulk(_ text: String) -> RESPValue { .bulkString(ByteBuffer(string: text)) }

    /// A bulk string, or null for nil.
    public static func bulkOrNull(_ bytes: [UInt8]?) -> RESPValue { bytes.map { .bulk($0) } ?? .null }

    /// A simple string with `text`.
    public static func simple(_ text: String) -> RESPValue { .simpleString(ByteBuffer(string: text)) }
}

/// Number parsing and formatting with the rules of a Redis server.
public enum RedisMockNumbers {
    /// Parses a strict decimal 64-bit integer: no sign `+`, no leading zeros, no spaces.
    public static func integer(_ bytes: [UInt8]) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 20 else { return nil }
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "0") {
            return bytes.count == 1 ? 0 : nil
        }
        guard let magnitude = decimal(bytes[index...]) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int.max) + 1 else { return nil }
            return magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt64(Int.max) else { return nil }
        return Int(magnitude)
    }

    /// The value of decimal digits, or nil for anything else (no sign, no space) or a value past
    /// 64 bits. The integer parsers of the handlers build on it, each with its own rules around.
    public static func decimal(_ digits: some Collection<UInt8>) -> UInt64? {
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (plus, overflow2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = plus
        }
        return value
    }

    /// Parses a float the way `INCRBYFLOAT` does: no spaces, no NaN.
    public static func double(_ bytes: [UInt8]) -> Double? {
        guard !bytes.isEmpty, bytes.count <= 5 * 1024,
              !bytes.contains(where: { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }),
              let value = Double(String(decoding: bytes, as: UTF8.self)), !value.isNaN
        else { return nil }
        return value
    }

    /// Formats a float as `INCRBYFLOAT` replies: plain decimal, no exponent, no trailing zeros.
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e17 { return String(Int64(value)) }
        let shortest = "\(value)"
        guard shortest.contains("e") else { return shortest }
        // Expand the exponent form (`1.5e+20`, `2.5e-07`) into plain digits.
        let parts = shortest.split(separator: "e")
        guard parts.count == 2, let exponent = Int(parts[1]) else { return shortest }
        var mantissa = String(parts[0])
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        let pieces = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(pieces[0])
        let fraction = pieces.count > 1 ? String(pieces[1]) : ""
        var digits = whole + fraction
        var point = whole.count + exponent
        if point <= 0 {
            digits = String(repeating: "0", count: 1 - point) + digits
            point = 1
        } else if point > digits.count {
            digits += String(repeating: "0", count: point - digits.count)
        }
        var result = String(digits.prefix(point))
        var tail = String(digits.dropFirst(point))
        while tail.hasSuffix("0") { tail.removeLast() }
        if !tail.isEmpty { result += "." + tail }
        return (negative ? "-" : "") + result
    }
}
