import NIOCore

/// One RESP2 or RESP3 frame as the server sent it.
///
/// String-like payloads are slices of the connection's read buffer (no copy); aggregates hold their
/// elements. RESP2 null bulk strings and null arrays both decode to ``null``.
public enum RESPValue: Sendable, Hashable {
    case simpleString(ByteBuffer)
    case bulkString(ByteBuffer)
    /// RESP3 verbatim string; the payload excludes the three-letter format and its colon.
    case verbatimString(format: String, ByteBuffer)
    case simpleError(ByteBuffer)
    case bulkError(ByteBuffer)
    case integer(Int)
    case double(Double)
    case boolean(Bool)
    /// RESP3 big number, as its decimal digits.
    case bigNumber(ByteBuffer)
    case null
    case array([RESPValue])
    case set([RESPValue])
    /// RESP3 map, in the order the server sent its entries.
    case map([RESPMapEntry])
    /// RESP3 out-of-band push (pub/sub messages, client-side caching invalidations).
    case push([RESPValue])
}

/// One key/value entry of a RESP3 map.
public struct RESPMapEntry: Sendable, Hashable {
    public var key: RESPValue
    public var value: RESPValue

    public init(key: RESPValue, value: RESPValue) {
        self.key = key
        self.value = value
    }
}

extension RESPValue {
    /// The string payload of a simple, bulk or verbatim string, or of an error.
    public var stringPayload: ByteBuffer? {
        switch self {
        case .simpleString(let b), .bulkString(let b), .verbatimString(_, let b), .simpleError(let b), .bulkError(let b), .bigNumber(let b):
            return b
        default:
            return nil
        }
    }

    /// True for ``simpleError`` and ``bulkError``.
    public var isError: Bool {
        switch self {
        case .simpleError, .bulkError: return true
        default: return false
        }
    }

    /// A short name of the frame's kind, for error messages.
    public var kindDescription: String {
        switch self {
        case .simpleString: return "simple string"
        case .bulkString: return "bulk string"
        case .verbatimString: return "verbatim string"
        case .simpleError: return "simple error"
        case .bulkError: return "bulk error"
        case .integer: return "integer"
        case .double: return "double"
        case .boolean: return "boolean"
        case .bigNumber: return "big number"
        case .null: return "null"
        case .array: return "array"
        case .set: return "set"
        case .map: return "map"
        case .push: return "push"
        }
    }
}

extension RESPValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .simpleString(let b): return "+" + String(buffer: b)
        case .bulkString(let b): return "\"" + String(buffer: b) + "\""
        case .verbatimString(let format, let b): return "\(format):" + String(buffer: b)
        case .simpleError(let b), .bulkError(let b): return "(error) " + String(buffer: b)
        case .integer(let i): return "(integer) \(i)"
        case .double(let d): return "(double) \(d)"
        case .boolean(let b): return "(boolean) \(b)"
        case .bigNumber(let b): return "(big number) " + String(buffer: b)
        case .null: return "(nil)"
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .set(let a): return "set[" + a.map(\.description).joined(separator: ", ") + "]"
        case .push(let a): return "push[" + a.map(\.description).joined(separator: ", ") + "]"
        case .map(let entries): return "{" + entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

extension RESPValue {
    /// Converts a RESP3-shaped value to what a RESP2 server sends for it: maps become flat arrays,
    /// sets arrays, doubles bulk strings, booleans integers. Used by the mock engine.
    public func downgradedToRESP2() -> RESPValue {
        switch self {
        case .map(let entries):
            var flat: [RESPValue] = []
            flat.reserveCapacity(entries.count * 2)
            for entry in entries {
                flat.append(entry.key.downgradedToRESP2())
                flat.append(entry.value.downgradedToRESP2())
            }
            return .array(flat)
        case .set(let elements), .array(let elements), .push(let elements):
            return .array(elements.map { $0.downgradedToRESP2() })
        case .double(let d):
            return .bulkString(ByteBuffer(string: RESPValue.formatReplyDouble(d)))
        case .boolean(let b):
            return .integer(b ? 1 : 0)
        case .verbatimString(_, let b):
            return .bulkString(b)
        case .bigNumber(let b):
            return .bulkString(b)
        case .bulkError(let b):
            return .simpleError(b)
        default:
            return self
        }
    }

    /// Formats a double the way Redis does in replies (`inf`, `-inf`, shortest round-trip digits).
    public static func formatDouble(_ d: Double) -> String {
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        if d.isNaN { return "nan" }
        if d == d.rounded(), abs(d) < 1e17 { return String(Int64(d)) }
        return "\(d)"
    }
}
