import NIOCore

/// A string value stored in Redis: bytes that read as `String`, `[UInt8]`, `Int` or `Double`.
///
/// `GET` returns `RedisValue?`; the bytes are a slice of the connection's read buffer, so reading
/// them as the type you want is the only copy.
public struct RedisValue: Sendable, Hashable {
    /// The raw bytes.
    public var buffer: ByteBuffer

    public init(_ buffer: ByteBuffer) { self.buffer = buffer }
    public init(_ string: String) { self.buffer = ByteBuffer(string: string) }
    public init(_ bytes: [UInt8]) { self.buffer = ByteBuffer(bytes: bytes) }
    public init(_ integer: Int) { self.buffer = ByteBuffer(string: String(integer)) }

    /// The bytes as UTF-8 text (invalid sequences replaced).
    public var string: String { String(buffer: buffer) }
    /// The bytes.
    public var bytes: [UInt8] { Array(buffer.readableBytesView) }
    /// The value as a decimal integer, if it is one.
    public var int: Int? { Int(string) }
    /// The value as a floating-point number, if it is one (`inf` and `-inf` included).
    public var double: Double? {
        switch string {
        case "inf", "+inf": return .infinity
        case "-inf": return -.infinity
        case let text: return Double(text)
        }
    }
}

extension RedisValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self.init(value) }
}

extension RedisValue: CustomStringConvertible {
    public var description: String { string }
}

extension RedisValue: RESPBulkStringEncodable {
    public func encodeBulkString(into buffer: inout ByteBuffer) {
        self.buffer.encodeBulkString(into: &buffer)
    }
}

extension RESPBulkStringEncodable {
    /// The bytes this value sends, as a ``RedisValue`` (`"ann"`, `42` as `"42"`, `Data` as is).
    public var redisValue: RedisValue {
        if let value = self as? RedisValue { return value }
        var encoded = ByteBuffer()
        encodeBulkString(into: &encoded)
        // `$<length>\r\n<bytes>\r\n`
        guard let lineFeed = encoded.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else { return RedisValue(ByteBuffer()) }
        let start = lineFeed + 1
        let length = encoded.writerIndex - start - 2
        return RedisValue(encoded.getSlice(at: start, length: max(0, length)) ?? ByteBuffer())
    }
}

extension RedisValue: RESPDecodable {
    /// From any string-like reply, or an integer or double (as its text).
    public init(fromRESP value: RESPValue) throws {
        switch value {
        case .simpleString(let b), .bulkString(let b), .verbatimString(_, let b), .bigNumber(let b):
            self.init(b)
        case .integer(let i):
            self.init(i)
        case .double(let d):
            self.init(RESPValue.formatDouble(d))
        default:
            throw value.unexpected("string")
        }
    }
}
