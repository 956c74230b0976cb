/// One page of a `SCAN`-family iteration: the cursor for the next call (0 when the iteration is
/// complete) and the elements of this page.
public struct RedisScanPage: Sendable, Hashable, RESPDecodable {
    public var cursor: Int
    public var elements: [RedisValue]

    public init(cursor: Int, elements: [RedisValue]) {
        self.cursor = cursor
        self.elements = elements
    }

    /// True when the server has nothing more to return.
    public var isComplete: Bool { cursor == 0 }

    public init(fromRESP value: RESPValue) throws {
        guard case .array(let parts) = value, parts.count == 2 else { throw value.unexpected("array of cursor and elements") }
        cursor = try Int(fromRESP: parts[0])
        elements = try [RedisValue](fromRESP: parts[1])
    }
}
