/// A sorted-set member with its score (`ZRANGE … WITHSCORES`, `ZPOPMIN`, `ZUNION … WITHSCORES`).
///
/// An array of them reads RESP2's flat `[member, score, member, score]` and RESP3's
/// `[[member, score], …]` alike.
public struct RedisScoredMember: Sendable, Hashable, RESPPairDecodable {
    public var member: RedisValue
    public var score: Double

    public init(member: RedisValue, score: Double) {
        self.member = member
        self.score = score
    }

    public init(first: RESPValue, second: RESPValue) throws {
        member = try RedisValue(fromRESP: first)
        score = try Double(fromRESP: second)
    }
}

/// A field of a hash or a stream entry with its value.
public struct RedisFieldValue: Sendable, Hashable, RESPPairDecodable {
    public var field: RedisValue
    public var value: RedisValue

    public init(field: RedisValue, value: RedisValue) {
        self.field = field
        self.value = value
    }

    public init(first: RESPValue, second: RESPValue) throws {
        field = try RedisValue(fromRESP: first)
        value = try RedisValue(fromRESP: second)
    }
}
