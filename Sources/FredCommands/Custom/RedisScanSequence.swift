import FredRuntime

/// A `SCAN`-family iteration as an `AsyncSequence`: pages are fetched as the loop consumes them,
/// so memory holds one page at a time. Iterate the elements, or ``pages`` for one array per reply.
///
/// ```swift
/// for try await key in client.scanKeys(match: "session:*") {
///     print(key.string)
/// }
/// for try await entry in client.scanHash("user:1", match: "pref:*") {
///     print(entry.field.string, entry.value.string)
/// }
/// ```
///
/// As with `SCAN` itself, an element present for the whole iteration is returned at least once
/// (rarely twice), and elements added or removed meanwhile may or may not be.
public struct RedisScanSequence<Scanned: RESPDecodable & Sendable>: AsyncSequence, Sendable {
    public typealias Element = Scanned

    /// Where the pages come from, made afresh for each iteration.
    let makeSource: @Sendable () -> any RedisScanPageSource<Scanned>

    public func makeAsyncIterator() -> Iterator {
        Iterator(pages: pages.makeAsyncIterator())
    }

    /// The pages as the server returns them (each may be empty: the iteration goes on until the
    /// cursor comes back to 0).
    public var pages: Pages { Pages(makeSource: makeSource) }

    public struct Iterator: AsyncIteratorProtocol {
        var pages: Pages.Iterator
        var page: [Scanned] = []
        var position = 0

        public mutating func next() async throws -> Scanned? {
            while position == page.count {
                guard let next = try await pages.next() else { return nil }
                page = next
                position = 0
            }
            defer { position += 1 }
            return page[position]
        }
    }

    /// A `SCAN`-family iteration one page at a time.
    public struct Pages: AsyncSequence, Sendable {
        let makeSource: @Sendable () -> any RedisScanPageSource<Scanned>

        public func makeAsyncIterator() -> Iterator { Iterator(source: makeSource()) }

        public struct Iterator: AsyncIteratorProtocol {
            var source: any RedisScanPageSource<Scanned>

            public mutating func next() async throws -> [Scanned]? {
                try await source.nextPage()
            }
        }
    }
}

/// Something that hands out the pages of a scan, one after the other, then nil.
protocol RedisScanPageSource<Scanned> {
    associatedtype Scanned
    mutating func nextPage() async throws -> [Scanned]?
}

/// Pages from cursor commands (`SCAN`, `HSCAN`, …) on one or more sources in turn (a server, or
/// each primary of a cluster), each followed until its cursor comes back to 0.
struct RedisCursorPages<Scanned: RESPDecodable & Sendable>: RedisScanPageSource {
    /// The command that asks a source for the page after `cursor`.
    typealias PageCommand = @Sendable (_ cursor: Int) -> RESPCommand

    let sources: @Sendable () async throws -> [(executor: any RedisCommandExecutor, page: PageCommand)]
    var visiting: [(executor: any RedisCommandExecutor, page: PageCommand)]?
    var source = 0
    var cursor = 0
    var started = false

    init(_ sources: @escaping @Sendable () async throws -> [(executor: any RedisCommandExecutor, page: PageCommand)]) {
        self.sources = sources
    }

    mutating func nextPage() async throws -> [Scanned]? {
        if visiting == nil { visiting = try await sources() }
        let visiting = visiting ?? []
        // A source is done when its cursor comes back to 0.
        if started && cursor == 0 {
            source += 1
            started = false
        }
        guard source < visiting.count else { return nil }
        let reply = try await visiting[source].executor.execute(visiting[source].page(cursor))
        guard case .array(let parts) = reply, parts.count == 2 else {
            throw RedisError.unexpectedReply(expected: "array of cursor and elements", got: reply.kindDescription)
        }
        cursor = try Int(fromRESP: parts[0])
        started = true
        return try [Scanned](fromRESP: parts[1])
    }
}

/// The keys of a server with `SCAN`, or of a cluster slot by slot (``RedisClusterKeyScan``):
/// which one is decided when the iteration starts.
struct RedisKeyspacePages: RedisScanPageSource {
    let executor: any RedisCommandExecutor
    let match: (any RESPBulkStringEncodable)?
    let count: Int?
    let type: (any RESPBulkStringEncodable)?
    var cluster: RedisClusterKeyScan?
    var server: RedisCursorPages<RedisValue>?

    mutating func nextPage() async throws -> [RedisValue]? {
        if cluster == nil && server == nil {
            if let keyspace = try await executor.keyspaceCluster() {
                cluster = RedisClusterKeyScan(cluster: keyspace, match: match, type: type)
            } else {
                let (executor, match, count, type) = (executor, match, count, type)
                server = RedisCursorPages { [(executor, { @Sendable cursor in RedisCommands.scan(cursor: cursor, match: match, count: count, type: type) })] }
            }
        }
        if cluster != nil { return try await cluster?.nextPage() }
        return try await server?.nextPage()
    }
}

extension RedisCommandExecutor {
    /// Every key matching `match` (and of `type`), fetched `count` at a time (a hint to the
    /// server), with `SCAN`. On a cluster client (or a pool of them) the keys are read slot by slot
    /// instead, so that each key comes once even while slots move (see `RedisClusterKeyScan`).
    public func scanKeys(match: (any RESPBulkStringEncodable)? = nil, count: Int? = nil, type: (any RESPBulkStringEncodable)? = nil) -> RedisScanSequence<RedisValue> {
        RedisScanSequence { RedisKeyspacePages(executor: self, match: match, count: count, type: type) }
    }

    /// Every field of the hash at `key` whose name matches `match`, with its value (`HSCAN`).
    public func scanHash(_ key: some RESPBulkStringEncodable, match: (any RESPBulkStringEncodable)? = nil, count: Int? = nil) -> RedisScanSequence<RedisFieldValue> {
        RedisScanSequence { RedisCursorPages { [(self, { @Sendable cursor in RedisCommands.hscan(key, cursor: cursor, pattern: match, count: count) })] } }
    }

    /// Every member of the set at `key` that matches `match` (`SSCAN`).
    public func scanSet(_ key: some RESPBulkStringEncodable, match: (any RESPBulkStringEncodable)? = nil, count: Int? = nil) -> RedisScanSequence<RedisValue> {
        RedisScanSequence { RedisCursorPages { [(self, { @Sendable cursor in RedisCommands.sscan(key, cursor: cursor, match: match, count: count) })] } }
    }

    /// Every member of the sorted set at `key` that matches `match`, with its score (`ZSCAN`).
    public func scanSortedSet(_ key: some RESPBulkStringEncodable, match: (any RESPBulkStringEncodable)? = nil, count: Int? = nil) -> RedisScanSequence<RedisScoredMember> {
        RedisScanSequence { RedisCursorPages { [(self, { @Sendable cursor in RedisCommands.zscan(key, cursor: cursor, pattern: match, count: count) })] } }
    }
}
