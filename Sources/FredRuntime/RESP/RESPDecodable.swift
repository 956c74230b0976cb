import NIOCore

/// A Swift type a reply can be converted to. Conversions accept both the RESP2 and the RESP3 shape
/// of a reply, so a command returns the same Swift type under either protocol.
public protocol RESPDecodable {
    init(fromRESP value: RESPValue) throws
}

extension RESPValue {
    /// Converts the reply to `type`, or throws ``RedisError/unexpectedReply(expected:got:)``.
    public func decode<T: RESPDecodable>(as type: T.Type = T.self) throws -> T {
        try T(fromRESP: self)
    }

    func unexpected(_ expected: String) -> RedisError {
        RedisError.unexpectedReply(expected: expected, got: kindDescription)
    }
}

extension RESPValue: RESPDecodable {
    public init(fromRESP value: RESPValue) throws { self = value }
}

extension Int: RESPDecodable {
    public init(fromRESP value: RESPValue) throws {
        switch value {
        case .integer(let i):
            self = i
        case .boolean(let b):
            self = b ? 1 : 0
        case .simpleString(let b), .bulkString(let b), .bigNumber(let b):
            guard let i = Int(String(buffer: b)) else { throw value.unexpected("integer") }
            self = i
        default:
            throw value.unexpected("integer")
        }
    }
}

extension Double: RESPDecodable {
    public init(fromRESP value: RESPValue) throws {
        switch value {
        case .double(let d):
            self = d
        case .integer(let i):
            self = Double(i)
        case .simpleString(let b), .bulkString(let b):
            let text = String(buffer: b)
            switch text {
            case "inf", "+inf": self = .infinity
            case "-inf": self = -.infinity
            default:
                guard let d = Double(text) else { throw value.unexpected("double") }
                self = d
            }
        default:
            throw value.unexpected("double")
        }
    }
}

extension Bool: RESPDecodable {
    /// `true` for `OK` (and other status replies), `1` and RESP3 true; `false` for null, `0` and
    /// RESP3 false. This is how "OK or nil" replies (`SET … NX`) and 1/0 replies read.
    public init(fromRESP value: RESPValue) throws {
        switch value {
        case .boolean(let b): self = b
        case .integer(let i): self = i != 0
        case .null: self = false
        case .simpleString: self = true
        default: throw value.unexpected("boolean, integer, OK or null")
        }
    }
}

extension String: RESPDecodable {
    public init(fromRESP value: RESPValue) throws {
        switch value {
        case .simpleString(let b), .bulkString(let b), .verbatimString(_, let b), .bigNumber(let b):
            self = String(buffer: b)
        case .integer(let i):
            self = String(i)
        case .double(let d):
            self = RESPValue.formatDouble(d)
        default:
            throw value.unexpected("string")
        }
    }
}

extension ByteBuffer: RESPDecodable {
    public init(fromRESP value: RESPValue) throws {
        guard let payload = value.stringPayload, !value.isError else { throw value.unexpected("string") }
        self = payload
    }
}

extension Optional: RESPDecodable where Wrapped: RESPDecodable {
    /// `nil` for a null reply (RESP2 null bulk string or null array, RESP3 null).
    public init(fromRESP value: RESPValue) throws {
        if case .null = value {
            self = .none
        } else {
            self = .some(try Wrapped(fromRESP: value))
        }
    }
}

extension Array: RESPDecodable where Element: RESPDecodable {
    /// From an array, set or push frame; elements that are pairs (``RESPPairDecodable``) also
    /// from RESP2's flat form `[a1, b1, a2, b2, …]`, and line records (``RESPLineRecord``) from
    /// text, one per line.
    public init(fromRESP value: RESPValue) throws {
        if let lines = try Self.lines(value) {
            self = lines
            return
        }
        guard let elements = value.elements else { throw value.unexpected("array") }
        if let pairs = try Self.flatPairs(elements, in: value) {
            self = pairs
        } else {
            self = try elements.map { try Element(fromRESP: $0) }
        }
    }
}

extension Dictionary: RESPDecodable where Key: RESPDecodable, Value: RESPDecodable {
    /// From a RESP3 map, a RESP2 flat array of alternating keys and values, or a RESP2 array of
    /// `[key, value]` pairs (`XREAD`'s streams).
    public init(fromRESP value: RESPValue) throws {
        self.init()
        switch value {
        case .map(let entries):
            for entry in entries {
                self[try Key(fromRESP: entry.key)] = try Value(fromRESP: entry.value)
            }
        case .array(let pairs) where !pairs.isEmpty && pairs.allSatisfy({ $0.elements?.count == 2 }):
            for pair in pairs {
                guard let parts = pair.elements else { continue }
                self[try Key(fromRESP: parts[0])] = try Value(fromRESP: parts[1])
            }
        case .array(let flat):
            guard flat.count % 2 == 0 else { throw value.unexpected("map or array of key/value pairs") }
            var index = 0
            while index < flat.count {
                self[try Key(fromRESP: flat[index])] = try Value(fromRESP: flat[index + 1])
                index += 2
            }
        default:
            throw value.unexpected("map")
        }
    }
}
