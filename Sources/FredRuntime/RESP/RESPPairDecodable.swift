/// A reply element made of two values, which RESP2 often sends as two consecutive items of one
/// flat array (`[member, score, member, score]`) and RESP3 as a two-element array each
/// (`[[member, score], …]`). An array of such elements reads both shapes.
public protocol RESPPairDecodable: RESPDecodable {
    init(first: RESPValue, second: RESPValue) throws
}

extension RESPPairDecodable {
    /// From a two-element array.
    public init(fromRESP value: RESPValue) throws {
        guard case .array(let parts) = value, parts.count == 2 else { throw value.unexpected("array of two") }
        try self.init(first: parts[0], second: parts[1])
    }
}

extension RESPValue {
    var isAggregate: Bool {
        switch self {
        case .array, .set, .map, .push: return true
        default: return false
        }
    }

    /// The elements of an array, set or push frame.
    var elements: [RESPValue]? {
        switch self {
        case .array(let elements), .set(let elements), .push(let elements): return elements
        default: return nil
        }
    }
}

extension Array where Element: RESPDecodable {
    /// Reads pair elements from a flat array: `[a1, b1, a2, b2]` → two elements.
    static func flatPairs(_ items: [RESPValue], in value: RESPValue) throws -> [Element]? {
        guard let pairType = Element.self as? any RESPPairDecodable.Type,
              let first = items.first, !first.isAggregate
        else { return nil }
        guard items.count % 2 == 0 else { throw value.unexpected("array of pairs") }
        return try stride(from: 0, to: items.count, by: 2).map { index in
            guard let element = try pairType.init(first: items[index], second: items[index + 1]) as? Element else {
                throw value.unexpected("array of pairs")
            }
            return element
        }
    }
}
