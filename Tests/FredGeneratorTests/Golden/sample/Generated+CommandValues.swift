// Generated from sample.yaml by the Fred Generator — do not edit.
// Change the spec and rebuild (or run `swift package regenerate-commands`).

import FredRuntime

extension RedisCommand where Response == Int {
    /// Terminates open connections.
    ///
    /// `CLIENT KILL` · since Redis 2.4.0 · group connection
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    public static func clientKill(filter: [ClientKillFilter]) -> RedisCommand {
        RedisCommand(RedisCommands.clientKill(filter: filter))
    }

    /// Deletes one or more keys.
    ///
    /// `DEL` · since Redis 1.0.0 · group generic
    public static func del(_ keys: [some RESPBulkStringEncodable]) -> RedisCommand {
        RedisCommand(RedisCommands.del(keys))
    }

    /// Deletes one or more keys.
    ///
    /// `DEL` · since Redis 1.0.0 · group generic
    ///
    /// This form takes one `keys`; the other takes an array of them.
    public static func del(_ keys: some RESPBulkStringEncodable) -> RedisCommand {
        RedisCommand(RedisCommands.del([keys]))
    }

    /// A scalar with a Swift type of its own, and a shared struct.
    ///
    /// `ZCOUNT` · since Redis 2.0.0 · group sorted-set
    public static func zcount(_ key: some RESPBulkStringEncodable, min: RedisScoreBound, max: RedisScoreBound, page: Page? = nil, increment: Double? = nil) -> RedisCommand {
        RedisCommand(RedisCommands.zcount(key, min: min, max: max, page: page, increment: increment))
    }
}

extension RedisCommand where Response == Bool {
    /// Sets the string value of a key.
    ///
    /// `SET` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: OK or null bulk string; RESP3: OK or null
    public static func set(_ key: some RESPBulkStringEncodable, _ value: some RESPBulkStringEncodable, expiration: Expiration? = nil, options: SetOptions? = nil) -> RedisCommand {
        RedisCommand(RedisCommands.set(key, value, expiration: expiration, options: options))
    }
}

extension RedisCommand where Response == RedisValue? {
    /// Sets the string value of a key and returns the previous one.
    ///
    /// `SET` · since Redis 6.2.0 · group string
    ///
    /// - Returns: `RedisValue?`; RESP2: bulk string or null; RESP3: bulk string or null
    public static func setGet(_ key: some RESPBulkStringEncodable, _ value: some RESPBulkStringEncodable) -> RedisCommand {
        RedisCommand(RedisCommands.setGet(key, value))
    }
}

extension RedisCommand where Response == [RedisValue?] {
    /// Sorts the elements.
    ///
    /// `SORT` · since Redis 1.0.0 · group generic
    public static func sort(_ key: some RESPBulkStringEncodable, limit: SortLimit? = nil, getPattern: [any RESPBulkStringEncodable] = [], alpha: Bool = false) -> RedisCommand {
        RedisCommand(RedisCommands.sort(key, limit: limit, getPattern: getPattern, alpha: alpha))
    }
}

extension RedisCommand where Response == RedisOK {
    /// Atomically creates or modifies the string values of one or more keys.
    ///
    /// `MSET` · since Redis 1.0.1 · group string
    public static func mset(data: [(key: any RESPBulkStringEncodable, value: any RESPBulkStringEncodable)]) -> RedisCommand {
        RedisCommand(RedisCommands.mset(data: data))
    }

    /// Changes the selected database.
    ///
    /// `SELECT` · since Redis 1.0.0 · group connection
    public static func select(_ index: Int) -> RedisCommand {
        RedisCommand(RedisCommands.select(index))
    }

    /// An optional "zero or more" string that nothing positional follows is positional.
    ///
    /// `UNSUBSCRIBE` · since Redis 2.0.0 · group pubsub
    public static func unsubscribe(_ channel: [any RESPBulkStringEncodable] = []) -> RedisCommand {
        RedisCommand(RedisCommands.unsubscribe(channel))
    }
}

extension RedisCommand where Response == [SampleClient] {
    /// Arguments whose Redis names clash, and one called command.
    ///
    /// `GEODEMO` · since Redis 7.0.0 · group geo
    public static func geodemo(_ key: some RESPBulkStringEncodable, _ command: some RESPBulkStringEncodable, store: (any RESPBulkStringEncodable)? = nil, storedist: (any RESPBulkStringEncodable)? = nil) -> RedisCommand {
        RedisCommand(RedisCommands.geodemo(key, command, store: store, storedist: storedist))
    }
}

extension RedisCommand where Response == [SampleLogEntry] {
    /// Returns records.
    ///
    /// `SLOWDEMO` · since Redis 7.0.0 · group server
    public static func slowdemo() -> RedisCommand {
        RedisCommand(RedisCommands.slowdemo())
    }
}
