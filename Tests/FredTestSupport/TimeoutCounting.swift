import Fred

/// Runs `count` calls of `call` at once, each bounded by `timeout`, and returns how many failed
/// with ``RedisError/timeout(_:)`` (any other outcome does not count).
public func timeoutsAmong(
    _ count: Int,
    calls timeout: Duration,
    _ call: @escaping @Sendable (Int) async throws -> Void
) async -> Int {
    await withTaskGroup(of: Bool.self) { group in
        for index in 0..<count {
            group.addTask {
                do {
                    try await RedisClient.withCommandTimeout(timeout) { try await call(index) }
                    return false
                } catch RedisError.timeout {
                    return true
                } catch {
                    return false
                }
            }
        }
        return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
    }
}
