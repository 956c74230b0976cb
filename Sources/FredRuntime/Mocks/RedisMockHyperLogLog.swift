/// A HyperLogLog stored in the in-memory engine (`PFADD`).
public struct RedisMockHyperLogLog: Sendable, Hashable {
    public init() {}
}
