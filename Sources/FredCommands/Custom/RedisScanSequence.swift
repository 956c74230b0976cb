import FredRuntime

/// Every key of a server, or of every primary of a cluster, as an `AsyncSequence`: `SCAN` pages
/// are fetched as the loop consumes them, so memory holds one page at a time.
///
/// ```swift
/// for try await key in client.scanKeys(match: "session:*") {
///     print(key.string)
/// }
/// ```
///
/// As with `SCAN` itself, a key present for the whole scan is returned at least once (rarely
/// twice), and keys added or removed meanwhile may or may not be.
public struct RedisScanSequence: AsyncSequence, Sendable {
    public typealias Element = RedisValue

    /// Where the keys live: one server, or every primary of a cluster (``RedisCommandExecutor/scanTargets()``,
    /// asked when the iteration starts).
    let executor: any RedisCommandExecutor
    let match: RedisValue?
    let count: Int?
    let type: RedisValue?

    public func makeAsyncIterator() -> Iterator {
        Iterator(sequence: self)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let sequence: RedisScanSequence
        /// The executors to visit, known once the iteration has started.
        var nodes: [any RedisCommandExecutor]?
        var node = 0
        var cursor = 0
        var started = false
        var page: [RedisValue] = []
        var position = 0

        init(sequence: RedisScanSequence) { self.sequence = sequence }

        public mutating func next() async throws -> RedisValue? {
            if nodes == nil { nodes = try await sequence.executor.scanTargets() }
            let nodes = nodes ?? []
            while position == page.count {
                // The node's scan is over when its cursor comes back to 0.
                if started && cursor == 0 {
                    node += 1
                    started = false
                }
                guard node < nodes.count else { return nil }
                let next = try await nodes[node].scan(cursor: cursor, match: sequence.match, count: sequence.count, type: sequence.type)
                started = true
                cursor = next.cursor
                page = next.elements
                position = 0
            }
            defer { position += 1 }
            return page[position]
        }
    }
}

extension RedisCommandExecutor {
    /// Every key matching `match` (and of `type`), fetched `count` at a time (a hint to the
    /// server): on a cluster client, every primary in turn, each with a cursor of its own.
    public func scanKeys(match: RedisValue? = nil, count: Int? = nil, type: RedisValue? = nil) -> RedisScanSequence {
        RedisScanSequence(executor: self, match: match, count: count, type: type)
    }
}
