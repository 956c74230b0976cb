import NIOCore

/// The fields of a structured reply, for the record types the Generator emits from the `records:`
/// of a spec. Three shapes:
/// - ``Shape/map``: a RESP3 map or RESP2 flat `[key, value, …]` array (`XINFO STREAM`);
/// - ``Shape/array``: positional elements (`SLOWLOG GET` entries);
/// - ``Shape/line``: one line of `key=value` words (`CLIENT LIST`, `CLIENT INFO`).
public struct RESPRecord: Sendable {
    public enum Shape: Sendable {
        case map, array, line
    }

    private var byKey: [String: RESPValue] = [:]
    private var positional: [RESPValue] = []
    private let reply: RESPValue

    public init(_ value: RESPValue, shape: Shape) throws {
        reply = value
        switch shape {
        case .map:
            switch value {
            case .map(let entries):
                for entry in entries { byKey[try String(fromRESP: entry.key)] = entry.value }
            case .array(let flat) where flat.count % 2 == 0:
                for index in stride(from: 0, to: flat.count, by: 2) {
                    byKey[try String(fromRESP: flat[index])] = flat[index + 1]
                }
            default:
                throw value.unexpected("map or array of key/value pairs")
            }
        case .array:
            guard let elements = value.elements else { throw value.unexpected("array") }
            positional = elements
        case .line:
            let text = try String(fromRESP: value)
            for word in text.split(whereSeparator: { $0 == " " || $0 == "\r" || $0 == "\n" }) {
                guard let equals = word.firstIndex(of: "=") else { continue }
                byKey[String(word[..<equals])] = .bulkString(.init(string: String(word[word.index(after: equals)...])))
            }
        }
    }

    /// The value under `key`; a missing key is an error.
    public func field<T: RESPDecodable>(_ key: String, as type: T.Type = T.self) throws -> T {
        guard let value = byKey[key] else { throw RedisError.unexpectedReply(expected: "a field '\(key)'", got: reply.kindDescription) }
        return try T(fromRESP: value)
    }

    /// The value under `key`, or nil when the key is missing or null.
    public func optionalField<T: RESPDecodable>(_ key: String, as type: T.Type = T.self) throws -> T? {
        guard let value = byKey[key] else { return nil }
        return try T?(fromRESP: value)
    }

    /// The element at `index`; a missing element is an error.
    public func element<T: RESPDecodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard index < positional.count else {
            throw RedisError.unexpectedReply(expected: "at least \(index + 1) elements", got: reply.kindDescription)
        }
        return try T(fromRESP: positional[index])
    }

    /// The elements from `index` to the end, read as one array (`CLUSTER SLOTS`' nodes).
    public func elements<T: RESPDecodable>(from index: Int, as type: T.Type = T.self) throws -> T {
        try T(fromRESP: .array(Array(positional.dropFirst(index))))
    }

    /// The element at `index`, or nil when the reply is shorter or the element is null.
    public func optionalElement<T: RESPDecodable>(_ index: Int, as type: T.Type = T.self) throws -> T? {
        guard index < positional.count else { return nil }
        return try T?(fromRESP: positional[index])
    }
}

/// A record read from one line of text; an array of them reads a reply of several lines
/// (`CLIENT LIST`).
public protocol RESPLineRecord: RESPDecodable {}

extension Array where Element: RESPDecodable {
    /// One element per non-empty line, when the elements are line records and the reply is text.
    static func lines(_ value: RESPValue) throws -> [Element]? {
        guard Element.self is any RESPLineRecord.Type, let text = value.stringPayload, !value.isError else { return nil }
        return try String(buffer: text).split(whereSeparator: \.isNewline).map { line in
            try Element(fromRESP: .bulkString(.init(string: String(line))))
        }
    }
}
