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
    /// One source of pages (a server, or one primary of a cluster): the command that asks for the
    /// page after `cursor`.
    typealias PageCommand = @Sendable (_ cursor: Int) -> RESPCommand

    /// The sources to visit one after the other, asked for when the iteration starts.
    let sources: @Sendable () async throws -> [(executor: any RedisCommandExecutor, page: PageCommand)]

    public func makeAsyncIterator() -> Iterator {
        Iterator(pages: pages.makeAsyncIterator())
    }

    /// The pages as the server returns them (each may be empty: the iteration goes on until the
    /// cursor comes back to 0).
    public var pages: Pages { Pages(sources: sources) }

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
        let sources: @Sendable () async throws -> [(executor: any RedisCommandExecutor, page: PageCommand)]

        public func makeAsyncIterator() -> Iterator { Iterator(sources: sources) }

        public struct Iterator: AsyncIteratorProtocol {
            let sources: @Sendable () async throws -> [(executor: any RedisCommandExecutor, page: PageCommand)]
            var visiting: [(executor: any RedisCommandExecutor, page: PageCommand)]?
            var source = 0
            var cursor = 0
            var started = false

            public mutating func next() async throws -> [Scanned]? {
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
    }
}

extension RedisCommandExecutor {
    /// Every key matching `match` (and of `type`), fetched `count` at a time (a hint to the
    /// server), with `SCAN`: on a cluster client, every primary in turn, each with a cursor of its own.
    public func scanKeys(match: RedisValue? = nil, count: Int? = nil, type: RedisValue? = nil) -> RedisScanSequence<RedisValue> {
        RedisScanSequence {
            try await self.scanTargets().map { target in
                (target, { @Sendable cursor in RedisCommands.scan(cursor: cursor, match: match, count: count, type: type) })
            }
        }
    }

    /// Every field of the hash at `key` whose name matches `match`, with its value (`HSCAN`).
    public func scanHash(_ key: RedisValue, match: RedisValue? = nil, count: Int? = nil) -> RedisScanSequence<RedisFieldValue> {
        RedisScanSequence { [(self, { @Sendable cursor in RedisCommands.hscan(key, cursor: cursor, pattern: match, count: count) })] }
    }

    /// Every member of the set at `key` that matches `match` (`SSCAN`).
    public func scanSet(_ key: RedisValue, match: RedisValue? = nil, count: Int? = nil) -> RedisScanSequence<RedisValue> {
        RedisScanSequence { [(self, { @Sendable cursor in RedisCommands.sscan(key, cursor: cursor, match: match, count: count) })] }
    }

    /// Every member of the sorted set at `key` that matches `match`, with its score (`ZSCAN`).
    public func scanSortedSet(_ key: RedisValue, match: RedisValue? = nil, count: Int? = nil) -> RedisScanSequence<RedisScoredMember> {
        RedisScanSequence { [(self, { @Sendable cursor in RedisCommands.zscan(key, cursor: cursor, pattern: match, count: count) })] }
    }
}
