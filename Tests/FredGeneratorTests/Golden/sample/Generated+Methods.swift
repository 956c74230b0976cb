// Generated from sample.yaml by the Fred Generator — do not edit.
// Change the spec and rebuild (or run `swift package regenerate-commands`).

import FredRuntime

extension RedisCommandExecutor {
    /// Terminates open connections.
    ///
    /// `CLIENT KILL` · since Redis 2.4.0 · group connection
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    @discardableResult
    public func clientKill(filter: [ClientKillFilter]) async throws -> Int {
        try await execute(RedisCommands.clientKill(filter: filter)).decode(as: Int.self)
    }

    /// Sets the string value of a key.
    ///
    /// `SET` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: OK or null bulk string; RESP3: OK or null
    @discardableResult
    public func set(_ key: some RESPBulkStringEncodable, _ value: some RESPBulkStringEncodable, expiration: Expiration? = nil, options: SetOptions? = nil) async throws -> Bool {
        try await execute(RedisCommands.set(key, value, expiration: expiration, options: options)).decode(as: Bool.self)
    }

    /// Sets the string value of a key and returns the previous one.
    ///
    /// `SET` · since Redis 6.2.0 · group string
    ///
    /// - Returns: `RedisValue?`; RESP2: bulk string or null; RESP3: bulk string or null
    @discardableResult
    public func setGet(_ key: some RESPBulkStringEncodable, _ value: some RESPBulkStringEncodable) async throws -> RedisValue? {
        try await execute(RedisCommands.setGet(key, value)).decode(as: RedisValue?.self)
    }

    /// Sorts the elements.
    ///
    /// `SORT` · since Redis 1.0.0 · group generic
    @discardableResult
    public func sort(_ key: some RESPBulkStringEncodable, limit: SortLimit? = nil, getPattern: [any RESPBulkStringEncodable] = [], alpha: Bool = false) async throws -> [RedisValue?] {
        try await execute(RedisCommands.sort(key, limit: limit, getPattern: getPattern, alpha: alpha)).decode(as: [RedisValue?].self)
    }

    /// Atomically creates or modifies the string values of one or more keys.
    ///
    /// `MSET` · since Redis 1.0.1 · group string
    public func mset(data: [(key: any RESPBulkStringEncodable, value: any RESPBulkStringEncodable)]) async throws {
        _ = try await execute(RedisCommands.mset(data: data))
    }

    /// Deletes one or more keys.
    ///
    /// `DEL` · since Redis 1.0.0 · group generic
    @discardableResult
    public func del(_ keys: [some RESPBulkStringEncodable]) async throws -> Int {
        try await execute(RedisCommands.del(keys)).decode(as: Int.self)
    }

    /// Deletes one or more keys.
    ///
    /// `DEL` · since Redis 1.0.0 · group generic
    ///
    /// This form takes one `keys`; the other takes an array of them.
    @discardableResult
    public func del(_ keys: some RESPBulkStringEncodable) async throws -> Int {
        try await execute(RedisCommands.del([keys])).decode(as: Int.self)
    }

    /// Changes the selected database.
    ///
    /// `SELECT` · since Redis 1.0.0 · group connection
    public func select(_ index: Int) async throws {
        _ = try await execute(RedisCommands.select(index))
    }

    /// Arguments whose Redis names clash, and one called command.
    ///
    /// `GEODEMO` · since Redis 7.0.0 · group geo
    @discardableResult
    public func geodemo(_ key: some RESPBulkStringEncodable, _ command: some RESPBulkStringEncodable, store: (any RESPBulkStringEncodable)? = nil, storedist: (any RESPBulkStringEncodable)? = nil) async throws -> [SampleClient] {
        try await execute(RedisCommands.geodemo(key, command, store: store, storedist: storedist)).decode(as: [SampleClient].self)
    }

    /// An optional "zero or more" string that nothing positional follows is positional.
    ///
    /// `UNSUBSCRIBE` · since Redis 2.0.0 · group pubsub
    public func unsubscribe(_ channel: [any RESPBulkStringEncodable] = []) async throws {
        _ = try await execute(RedisCommands.unsubscribe(channel))
    }

    /// A scalar with a Swift type of its own, and a shared struct.
    ///
    /// `ZCOUNT` · since Redis 2.0.0 · group sorted-set
    @discardableResult
    public func zcount(_ key: some RESPBulkStringEncodable, min: RedisScoreBound, max: RedisScoreBound, page: Page? = nil, increment: Double? = nil) async throws -> Int {
        try await execute(RedisCommands.zcount(key, min: min, max: max, page: page, increment: increment)).decode(as: Int.self)
    }

    /// Returns records.
    ///
    /// `SLOWDEMO` · since Redis 7.0.0 · group server
    @discardableResult
    public func slowdemo() async throws -> [SampleLogEntry] {
        try await execute(RedisCommands.slowdemo()).decode(as: [SampleLogEntry].self)
    }
}
