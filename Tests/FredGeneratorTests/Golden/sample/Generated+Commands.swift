// Generated from sample.yaml by the Fred Generator — do not edit.
// Change the spec and rebuild (or run `swift package regenerate-commands`).

import FredRuntime

/// Builders of every command in sample.yaml: each returns the encoded command, ready to execute.
public enum RedisCommands {
    /// Terminates open connections.
    ///
    /// `CLIENT KILL` · since Redis 2.4.0 · group connection
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    public static func clientKill(filter: [ClientKillFilter]) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.clientKill)
        for element1 in filter {
            element1.encode(into: &command)
        }
        return command
    }

    /// Sets the string value of a key.
    ///
    /// `SET` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: OK or null bulk string; RESP3: OK or null
    public static func set(_ key: some RESPBulkStringEncodable, _ value: some RESPBulkStringEncodable, expiration: Expiration? = nil, options: SetOptions? = nil) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.set)
        command.appendKey(key)
        command.append(value)
        if let value1 = expiration {
            value1.encode(into: &command)
        }
        if let value2 = options {
            value2.encode(into: &command)
        }
        return command
    }

    /// Sets the string value of a key and returns the previous one.
    ///
    /// `SET` · since Redis 6.2.0 · group string
    ///
    /// - Returns: `RedisValue?`; RESP2: bulk string or null; RESP3: bulk string or null
    public static func setGet(_ key: some RESPBulkStringEncodable, _ value: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.setGet)
        command.appendKey(key)
        command.append(value)
        command.appendToken("GET")
        return command
    }

    /// Sorts the elements.
    ///
    /// `SORT` · since Redis 1.0.0 · group generic
    public static func sort(_ key: some RESPBulkStringEncodable, limit: SortLimit? = nil, getPattern: [any RESPBulkStringEncodable] = [], alpha: Bool = false) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.sort)
        command.appendKey(key)
        if let value1 = limit {
            command.appendToken("LIMIT")
            command.append(value1.offset)
            command.append(value1.count)
        }
        if !getPattern.isEmpty {
            for element2 in getPattern {
                command.appendToken("GET")
                command.append(element2)
            }
        }
        if alpha {
            command.appendToken("ALPHA")
        }
        return command
    }

    /// Atomically creates or modifies the string values of one or more keys.
    ///
    /// `MSET` · since Redis 1.0.1 · group string
    public static func mset(data: [(key: any RESPBulkStringEncodable, value: any RESPBulkStringEncodable)]) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.mset)
        for element1 in data {
            command.appendKey(element1.key)
            command.append(element1.value)
        }
        return command
    }

    /// Deletes one or more keys.
    ///
    /// `DEL` · since Redis 1.0.0 · group generic
    public static func del(_ keys: [some RESPBulkStringEncodable]) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.del)
        for element1 in keys {
            command.appendKey(element1)
        }
        return command
    }

    /// Changes the selected database.
    ///
    /// `SELECT` · since Redis 1.0.0 · group connection
    public static func select(_ index: Int) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.select)
        command.append(index)
        return command
    }

    /// Arguments whose Redis names clash, and one called command.
    ///
    /// `GEODEMO` · since Redis 7.0.0 · group geo
    public static func geodemo(_ key: some RESPBulkStringEncodable, _ command: some RESPBulkStringEncodable, store: (any RESPBulkStringEncodable)? = nil, storedist: (any RESPBulkStringEncodable)? = nil) -> RESPCommand {
        var request = RESPCommand(RedisCommandsInfo.geodemo)
        request.appendKey(key)
        request.append(command)
        if let value1 = store {
            request.appendToken("STORE")
            request.appendKey(value1)
        }
        if let value2 = storedist {
            request.appendToken("STOREDIST")
            request.appendKey(value2)
        }
        return request
    }

    /// An optional "zero or more" string that nothing positional follows is positional.
    ///
    /// `UNSUBSCRIBE` · since Redis 2.0.0 · group pubsub
    public static func unsubscribe(_ channel: [any RESPBulkStringEncodable] = []) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.unsubscribe)
        if !channel.isEmpty {
            for element1 in channel {
                command.append(element1)
            }
        }
        return command
    }

    /// A scalar with a Swift type of its own, and a shared struct.
    ///
    /// `ZCOUNT` · since Redis 2.0.0 · group sorted-set
    public static func zcount(_ key: some RESPBulkStringEncodable, min: RedisScoreBound, max: RedisScoreBound, page: Page? = nil, increment: Double? = nil) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.zcount)
        command.appendKey(key)
        command.append(min)
        command.append(max)
        if let value1 = page {
            command.appendToken("PAGE")
            value1.encode(into: &command)
        }
        if let value2 = increment {
            command.append(value2)
        }
        return command
    }

    /// Returns records.
    ///
    /// `SLOWDEMO` · since Redis 7.0.0 · group server
    public static func slowdemo() -> RESPCommand {
        let command = RESPCommand(RedisCommandsInfo.slowdemo)
        return command
    }

    /// Every command of the spec by name, for commands sent as words (`send(command:)`).
    public static let table = RedisCommandTable([
        RedisCommandsInfo.clientKill,
        RedisCommandsInfo.set,
        RedisCommandsInfo.setGet,
        RedisCommandsInfo.sort,
        RedisCommandsInfo.mset,
        RedisCommandsInfo.del,
        RedisCommandsInfo.select,
        RedisCommandsInfo.geodemo,
        RedisCommandsInfo.unsubscribe,
        RedisCommandsInfo.zcount,
        RedisCommandsInfo.slowdemo,
    ])
}

/// What the spec says about each command.
enum RedisCommandsInfo {
    static let clientKill = RedisCommandInfo(name: "CLIENT KILL", words: ["CLIENT", "KILL"], flags: [.admin, .noScript, .loading, .stale])
    static let set = RedisCommandInfo(name: "SET", words: ["SET"], flags: [.write, .denyOOM])
    static let setGet = RedisCommandInfo(name: "SET", words: ["SET"], flags: [.write, .denyOOM])
    static let sort = RedisCommandInfo(name: "SORT", words: ["SORT"], flags: [.write, .denyOOM])
    static let mset = RedisCommandInfo(name: "MSET", words: ["MSET"], requestPolicy: .multiShard, responsePolicy: .allSucceeded)
    static let del = RedisCommandInfo(name: "DEL", words: ["DEL"], requestPolicy: .multiShard, responsePolicy: .aggSum)
    static let select = RedisCommandInfo(name: "SELECT", words: ["SELECT"])
    static let geodemo = RedisCommandInfo(name: "GEODEMO", words: ["GEODEMO"])
    static let unsubscribe = RedisCommandInfo(name: "UNSUBSCRIBE", words: ["UNSUBSCRIBE"])
    static let zcount = RedisCommandInfo(name: "ZCOUNT", words: ["ZCOUNT"])
    static let slowdemo = RedisCommandInfo(name: "SLOWDEMO", words: ["SLOWDEMO"])
}
