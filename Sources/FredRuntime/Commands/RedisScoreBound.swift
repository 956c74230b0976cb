import NIOCore

/// One end of a sorted-set score range (`ZRANGEBYSCORE`, `ZCOUNT`, `ZREMRANGEBYSCORE`, and
/// `ZRANGE … BYSCORE`): a score that is included (the default), one that is excluded (`(1.5` on
/// the wire), or an infinity.
///
/// ```swift
/// try await client.zcount("board", min: 10, max: .infinity)               // 10 ≤ score
/// try await client.zrangebyscore("board", min: .exclusive(10), max: 20)   // 10 < score ≤ 20
/// ```
public struct RedisScoreBound: Sendable, Hashable {
    public var score: Double
    /// Whether the range leaves ``score`` itself out.
    public var isExclusive: Bool

    public init(_ score: Double, exclusive: Bool = false) {
        self.score = score
        self.isExclusive = exclusive
    }

    /// A range end that includes `score`.
    public static func inclusive(_ score: Double) -> RedisScoreBound { RedisScoreBound(score) }

    /// A range end that leaves `score` out.
    public static func exclusive(_ score: Double) -> RedisScoreBound { RedisScoreBound(score, exclusive: true) }

    /// Below every score (`-inf`).
    public static let negativeInfinity = RedisScoreBound(-.infinity)

    /// Above every score (`+inf`).
    public static let positiveInfinity = RedisScoreBound(.infinity)

    /// `+inf`, so that `min: -.infinity, max: .infinity` reads as it does with `Double`.
    public static var infinity: RedisScoreBound { positiveInfinity }

    /// The bound at the negated score, as exclusive as this one.
    public static prefix func - (bound: RedisScoreBound) -> RedisScoreBound {
        RedisScoreBound(-bound.score, exclusive: bound.isExclusive)
    }
}

extension RedisScoreBound: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    public init(floatLiteral value: Double) { self.init(value) }
    public init(integerLiteral value: Int) { self.init(Double(value)) }
}

extension RedisScoreBound: RESPBulkStringEncodable {
    /// `1.5`, `(1.5`, `-inf` or `+inf`.
    public func encodeBulkString(into buffer: inout ByteBuffer) {
        description.encodeBulkString(into: &buffer)
    }
}

extension RedisScoreBound: CustomStringConvertible {
    public var description: String {
        let number = score.isInfinite ? (score > 0 ? "+inf" : "-inf") : RESPValue.formatDouble(score)
        return isExclusive ? "(" + number : number
    }
}
