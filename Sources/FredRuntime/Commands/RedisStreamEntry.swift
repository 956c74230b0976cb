/// One entry of a stream: its ID and its fields in the order they were added (`XRANGE`, `XREAD`).
///
/// An entry deleted after it was delivered to a consumer comes back from its pending history with
/// no fields (the server sends null for them).
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

/// A point on the globe (`GEOPOS`).
public struct RedisGeoPosition: Sendable, Hashable, RESPPairDecodable {
    public var longitude: Double
    public var latitude: Double

    public init(longitude: Double, latitude: Double) {
        self.longitude = longitude
        self.latitude = latitude
    }

    public init(first: RESPValue, second: RESPValue) throws {
        longitude = try Double(fromRESP: first)
        latitude = try Double(fromRESP: second)
    }
}
