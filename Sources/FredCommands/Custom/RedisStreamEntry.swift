import FredRuntime

/// One entry of a stream: its ID and its fields in the order they were added (`XRANGE`, `XREAD`).
///
/// Written by hand rather than declared as a record: an entry deleted after it was delivered to a
/// consumer comes back from its pending history with a null field list, which reads as no fields.
public struct RedisStreamEntry: Sendable, Hashable, RESPPairDecodable {
    public var id: String
    public var fields: [RedisFieldValue]

    public init(id: String, fields: [RedisFieldValue]) {
        self.id = id
        self.fields = fields
    }

    public init(first: RESPValue, second: RESPValue) throws {
        id = try String(fromRESP: first)
        fields = try [RedisFieldValue]?(fromRESP: second) ?? []
    }

    /// The value of the first field called `name`.
    public subscript(field name: String) -> RedisValue? {
        fields.first { $0.field.string == name }?.value
    }
}
