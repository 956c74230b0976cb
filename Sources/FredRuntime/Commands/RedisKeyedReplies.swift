/// What a blocking pop returns: the key it popped from and the value (`BLPOP`, `BRPOP`).
public struct RedisKeyedValue: Sendable, Hashable, RESPPairDecodable {
    public var key: RedisValue
    public var value: RedisValue

    public init(key: RedisValue, value: RedisValue) {
        self.key = key
        self.value = value
    }

    public init(first: RESPValue, second: RESPValue) throws {
        key = try RedisValue(fromRESP: first)
        value = try RedisValue(fromRESP: second)
    }
}

/// The key a member was popped from, with the member and its score (`BZPOPMIN`, `BZPOPMAX`).
public struct RedisKeyedScoredMember: Sendable, Hashable, RESPDecodable {
    public var key: RedisValue
    public var member: RedisValue
    public var score: Double

    public init(key: RedisValue, member: RedisValue, score: Double) {
        self.key = key
        self.member = member
        self.score = score
    }

    public init(fromRESP value: RESPValue) throws {
        guard let parts = value.elements, parts.count == 3 else { throw value.unexpected("array of key, member and score") }
        key = try RedisValue(fromRESP: parts[0])
        member = try RedisValue(fromRESP: parts[1])
        score = try Double(fromRESP: parts[2])
    }
}

/// The key values were popped from, with the values (`LMPOP`, `BLMPOP`).
public struct RedisKeyedValues: Sendable, Hashable, RESPPairDecodable {
    public var key: RedisValue
    public var values: [RedisValue]

    public init(key: RedisValue, values: [RedisValue]) {
        self.key = key
        self.values = values
    }

    public init(first: RESPValue, second: RESPValue) throws {
        key = try RedisValue(fromRESP: first)
        values = try [RedisValue](fromRESP: second)
    }
}

/// The key members were popped from, with the members and their scores (`ZMPOP`, `BZMPOP`).
public struct RedisKeyedScoredMembers: Sendable, Hashable, RESPPairDecodable {
    public var key: RedisValue
    public var members: [RedisScoredMember]

    public init(key: RedisValue, members: [RedisScoredMember]) {
        self.key = key
        self.members = members
    }

    public init(first: RESPValue, second: RESPValue) throws {
        key = try RedisValue(fromRESP: first)
        members = try [RedisScoredMember](fromRESP: second)
    }
}
