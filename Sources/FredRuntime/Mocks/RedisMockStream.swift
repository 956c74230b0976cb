/// A stream stored in the in-memory engine (`XADD`).
public struct RedisMockStream: Sendable, Hashable {
    public init() {}
}
