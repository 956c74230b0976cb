// Generated from commands.yaml by the Fred Generator — do not edit.
// Change the spec and rebuild (or run `swift package regenerate-commands`).

import FredRuntime

/// Builders of every command in commands.yaml: each returns the encoded command, ready to execute.
public enum RedisCommands {
    /// Authenticate to the server.
    ///
    /// `AUTH` · since Redis 1.0.0 · group connection · complexity O(N) where N is the number of passwords defined for the user
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public static func auth(username: RedisValue? = nil, _ password: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.auth)
        if let value1 = username {
            command.append(value1)
        }
        command.append(password)
        return command
    }

    /// Instruct the server about tracking or not keys in the next request.
    ///
    /// `CLIENT CACHING` · since Redis 6.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public static func clientCaching(mode: ClientCachingMode) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.clientCaching)
        mode.encode(into: &command)
        return command
    }

    /// Get the current connection name.
    ///
    /// `CLIENT GETNAME` · since Redis 2.6.9 · group connection · complexity O(1)
    ///
    /// - Returns: `String?`; RESP2: bulk string, or null when no name is set; RESP3: bulk string or null
    public static func clientGetname() -> RESPCommand {
        let command = RESPCommand(RedisCommandsInfo.clientGetname)
        return command
    }

    /// Get tracking notifications redirection client ID if any.
    ///
    /// `CLIENT GETREDIR` · since Redis 6.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer: the redirect client id, 0 or -1; RESP3: integer
    public static func clientGetredir() -> RESPCommand {
        let command = RESPCommand(RedisCommandsInfo.clientGetredir)
        return command
    }

    /// Show helpful text about the different subcommands.
    ///
    /// `CLIENT HELP` · since Redis 5.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `[String]`; RESP2: array of status strings; RESP3: array of status strings
    public static func clientHelp() -> RESPCommand {
        let command = RESPCommand(RedisCommandsInfo.clientHelp)
        return command
    }

    /// Returns the client ID for the current connection.
    ///
    /// `CLIENT ID` · since Redis 5.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    public static func clientId() -> RESPCommand {
        let command = RESPCommand(RedisCommandsInfo.clientId)
        return command
    }

    /// Returns information about the current client connection.
    ///
    /// `CLIENT INFO` · since Redis 6.2.0 · group connection · complexity O(1)
    ///
    /// - Returns: `String`; RESP2: bulk string, one line; RESP3: verbatim string
    public static func clientInfo() -> RESPCommand {
        let command = RESPCommand(RedisCommandsInfo.clientInfo)
        return command
    }

    /// Kill the connection of a client.
    ///
    /// `CLIENT KILL` · since Redis 2.4.0 · group connection · complexity O(N) where N is the number of client connections
    ///
    /// - Returns: `Int`; RESP2: integer: clients killed; RESP3: integer
    public static func clientKill(filters: [ClientKillFilter]) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.clientKill)
        for element1 in filters {
            element1.encode(into: &command)
        }
        return command
    }

    /// Terminates the connection at an address (the legacy form of CLIENT KILL).
    ///
    /// `CLIENT KILL` · since Redis 2.4.0 · group connection · complexity O(N) where N is the number of client connections
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public static func clientKillAddress(_ address: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.clientKillAddress)
        command.append(address)
        return command
    }

    /// Get the list of client connections.
    ///
    /// `CLIENT LIST` · since Redis 2.4.0 · group connection · complexity O(N) where N is the number of client connections
    ///
    /// - Returns: `String`; RESP2: bulk string, a line per client; RESP3: verbatim string
    public static func clientList(type: ClientListType? = nil, ids: [Int]? = nil) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.clientList)
        if let value1 = type {
            command.appendToken("TYPE")
            value1.encode(into: &command)
        }
        if let value2 = ids {
            command.appendToken("ID")
            for element3 in value2 {
                command.append(element3)
            }
        }
        return command
    }

    /// Set client eviction mode for the current connection.
    ///
    /// `CLIENT NO-EVICT` · since Redis 7.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public static func clientNoEvict(mode: ClientNoEvictMode) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.clientNoEvict)
        mode.encode(into: &command)
        return command
    }

    /// Stop processing commands from clients for some time.
    ///
    /// `CLIENT PAUSE` · since Redis 2.9.50 · group connection · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public static func clientPause(timeout: Int, mode: ClientPauseMode? = nil) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.clientPause)
        command.append(timeout)
        if let value1 = mode {
            value1.encode(into: &command)
        }
        return command
    }

    /// Instruct the server whether to reply to commands.
    ///
    /// `CLIENT REPLY` · since Redis 3.2.0 · group connection · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK (nothing at all for OFF and SKIP); RESP3: OK
    public static func clientReply(mode: ClientReplyMode) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.clientReply)
        mode.encode(into: &command)
        return command
    }

    /// Set the current connection name.
    ///
    /// `CLIENT SETNAME` · since Redis 2.6.9 · group connection · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public static func clientSetname(_ connectionName: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.clientSetname)
        command.append(connectionName)
        return command
    }

    /// Enable or disable server assisted client side caching support.
    ///
    /// `CLIENT TRACKING` · since Redis 6.0.0 · group connection · complexity O(1). Some options may introduce additional complexity.
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public static func clientTracking(status: ClientTrackingStatus, redirect: Int? = nil, prefixes: [RedisValue] = [], bcast: Bool = false, optin: Bool = false, optout: Bool = false, noloop: Bool = false) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.clientTracking)
        status.encode(into: &command)
        if let value1 = redirect {
            command.appendToken("REDIRECT")
            command.append(value1)
        }
        if !prefixes.isEmpty {
            for element2 in prefixes {
                command.appendToken("PREFIX")
                command.append(element2)
            }
        }
        if bcast {
            command.appendToken("BCAST")
        }
        if optin {
            command.appendToken("OPTIN")
        }
        if optout {
            command.appendToken("OPTOUT")
        }
        if noloop {
            command.appendToken("NOLOOP")
        }
        return command
    }

    /// Return information about server assisted client side caching for the current connection.
    ///
    /// `CLIENT TRACKINGINFO` · since Redis 6.2.0 · group connection · complexity O(1)
    ///
    /// - Returns: `[String: RESPValue]`; RESP2: flat array of field/value pairs; RESP3: map
    public static func clientTrackinginfo() -> RESPCommand {
        let command = RESPCommand(RedisCommandsInfo.clientTrackinginfo)
        return command
    }

    /// Unblock a client blocked in a blocking command from a different connection.
    ///
    /// `CLIENT UNBLOCK` · since Redis 5.0.0 · group connection · complexity O(log N) where N is the number of client connections
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if unblocked, else 0; RESP3: integer
    public static func clientUnblock(clientId: Int, reason: ClientUnblockReason? = nil) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.clientUnblock)
        command.append(clientId)
        if let value1 = reason {
            value1.encode(into: &command)
        }
        return command
    }

    /// Resume processing of clients that were paused.
    ///
    /// `CLIENT UNPAUSE` · since Redis 6.2.0 · group connection · complexity O(N) Where N is the number of paused clients
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public static func clientUnpause() -> RESPCommand {
        let command = RESPCommand(RedisCommandsInfo.clientUnpause)
        return command
    }

    /// Echo the given string.
    ///
    /// `ECHO` · since Redis 1.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `RedisValue`; RESP2: bulk string; RESP3: bulk string
    public static func echo(_ message: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.echo)
        command.append(message)
        return command
    }

    /// Handshake with Redis.
    ///
    /// `HELLO` · since Redis 6.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `[String: RESPValue]`; RESP2: flat array of field/value pairs; RESP3: map
    public static func hello(arguments: (protover: Int, auth: (username: RedisValue, password: RedisValue)?, setname: RedisValue?)? = nil) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.hello)
        if let value1 = arguments {
            command.append(value1.protover)
            if let value2 = value1.auth {
                command.appendToken("AUTH")
                command.append(value2.username)
                command.append(value2.password)
            }
            if let value3 = value1.setname {
                command.appendToken("SETNAME")
                command.append(value3)
            }
        }
        return command
    }

    /// Ping the server.
    ///
    /// `PING` · since Redis 1.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `String`; RESP2: PONG, or the message as a bulk string; RESP3: PONG, or the message as a bulk string
    public static func ping(message: RedisValue? = nil) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.ping)
        if let value1 = message {
            command.append(value1)
        }
        return command
    }

    /// Close the connection.
    ///
    /// `QUIT` · since Redis 1.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public static func quit() -> RESPCommand {
        let command = RESPCommand(RedisCommandsInfo.quit)
        return command
    }

    /// Reset the connection.
    ///
    /// `RESET` · since Redis 6.2.0 · group connection · complexity O(1)
    ///
    /// - Returns: `String`; RESP2: RESET; RESP3: RESET
    public static func reset() -> RESPCommand {
        let command = RESPCommand(RedisCommandsInfo.reset)
        return command
    }

    /// Change the selected database for the current connection.
    ///
    /// `SELECT` · since Redis 1.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public static func select(_ index: Int) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.select)
        command.append(index)
        return command
    }

    /// Copy a key.
    ///
    /// `COPY` · since Redis 6.2.0 · group generic · complexity O(N) worst case for collections, where N is the number of nested items. O(1) for string values.
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if copied, 0 if not; RESP3: integer
    public static func copy(_ source: some RESPBulkStringEncodable, _ destination: some RESPBulkStringEncodable, destinationDb: Int? = nil, replace: Bool = false) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.copy)
        command.append(source)
        command.append(destination)
        if let value1 = destinationDb {
            command.appendToken("DB")
            command.append(value1)
        }
        if replace {
            command.appendToken("REPLACE")
        }
        return command
    }

    /// Delete a key.
    ///
    /// `DEL` · since Redis 1.0.0 · group generic · complexity O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).
    ///
    /// - Returns: `Int`; RESP2: integer: keys removed; RESP3: integer
    public static func del(_ keys: [some RESPBulkStringEncodable]) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.del)
        for element1 in keys {
            command.append(element1)
        }
        return command
    }

    /// Return a serialized version of the value stored at the specified key.
    ///
    /// `DUMP` · since Redis 2.6.0 · group generic · complexity O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).
    ///
    /// - Returns: `RedisValue?`; RESP2: bulk string, or null for a missing key; RESP3: bulk string or null
    public static func dump(_ key: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.dump)
        command.append(key)
        return command
    }

    /// Determine if a key exists.
    ///
    /// `EXISTS` · since Redis 1.0.0 · group generic · complexity O(N) where N is the number of keys to check.
    ///
    /// - Returns: `Int`; RESP2: integer: keys that exist; RESP3: integer
    public static func exists(_ keys: [some RESPBulkStringEncodable]) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.exists)
        for element1 in keys {
            command.append(element1)
        }
        return command
    }

    /// Set a key's time to live in seconds.
    ///
    /// `EXPIRE` · since Redis 1.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if set, 0 if not; RESP3: integer
    public static func expire(_ key: some RESPBulkStringEncodable, seconds: Int, condition: ExpireCondition? = nil) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.expire)
        command.append(key)
        command.append(seconds)
        if let value1 = condition {
            value1.encode(into: &command)
        }
        return command
    }

    /// Set the expiration for a key as a UNIX timestamp.
    ///
    /// `EXPIREAT` · since Redis 1.2.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if set, 0 if not; RESP3: integer
    public static func expireat(_ key: some RESPBulkStringEncodable, unixTimeSeconds: Int, condition: ExpireCondition? = nil) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.expireat)
        command.append(key)
        command.append(unixTimeSeconds)
        if let value1 = condition {
            value1.encode(into: &command)
        }
        return command
    }

    /// Get the expiration Unix timestamp for a key.
    ///
    /// `EXPIRETIME` · since Redis 7.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer: Unix time in seconds, -1 without expiry, -2 for a missing key; RESP3: integer
    public static func expiretime(_ key: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.expiretime)
        command.append(key)
        return command
    }

    /// Find all keys matching the given pattern.
    ///
    /// `KEYS` · since Redis 1.0.0 · group generic · complexity O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.
    ///
    /// - Returns: `[RedisValue]`; RESP2: array of bulk strings; RESP3: array of bulk strings
    public static func keys(_ pattern: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.keys)
        command.append(pattern)
        return command
    }

    /// Atomically transfer a key from a Redis instance to another one.
    ///
    /// `MIGRATE` · since Redis 2.6.0 · group generic · complexity This command actually executes a DUMP+DEL in the source instance, and a RESTORE in the target instance. See the pages of these commands for time complexity. Also an O(N) data transfer between the two instances is performed.
    ///
    /// - Returns: `String`; RESP2: OK, or NOKEY; RESP3: OK, or NOKEY
    public static func migrate(_ host: some RESPBulkStringEncodable, port: Int, key: MigrateKey, destinationDb: Int, timeout: Int, copy: Bool = false, replace: Bool = false, authentication: MigrateAuthentication? = nil, keys: [RedisValue] = []) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.migrate)
        command.append(host)
        command.append(port)
        key.encode(into: &command)
        command.append(destinationDb)
        command.append(timeout)
        if copy {
            command.appendToken("COPY")
        }
        if replace {
            command.appendToken("REPLACE")
        }
        if let value1 = authentication {
            value1.encode(into: &command)
        }
        if !keys.isEmpty {
            command.appendToken("KEYS")
            for element2 in keys {
                command.append(element2)
            }
        }
        return command
    }

    /// Move a key to another database.
    ///
    /// `MOVE` · since Redis 1.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if moved, 0 if not; RESP3: integer
    public static func move(_ key: some RESPBulkStringEncodable, db: Int) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.move)
        command.append(key)
        command.append(db)
        return command
    }

    /// Inspect the internal encoding of a Redis object.
    ///
    /// `OBJECT ENCODING` · since Redis 2.2.3 · group generic · complexity O(1)
    ///
    /// - Returns: `String?`; RESP2: bulk string, or null for a missing key; RESP3: bulk string or null
    public static func objectEncoding(_ key: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.objectEncoding)
        command.append(key)
        return command
    }

    /// Get the logarithmic access frequency counter of a Redis object.
    ///
    /// `OBJECT FREQ` · since Redis 4.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Int?`; RESP2: integer, or null for a missing key; RESP3: integer or null
    public static func objectFreq(_ key: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.objectFreq)
        command.append(key)
        return command
    }

    /// Show helpful text about the different subcommands.
    ///
    /// `OBJECT HELP` · since Redis 6.2.0 · group generic · complexity O(1)
    ///
    /// - Returns: `[String]`; RESP2: array of status strings; RESP3: array of status strings
    public static func objectHelp() -> RESPCommand {
        let command = RESPCommand(RedisCommandsInfo.objectHelp)
        return command
    }

    /// Get the time since a Redis object was last accessed.
    ///
    /// `OBJECT IDLETIME` · since Redis 2.2.3 · group generic · complexity O(1)
    ///
    /// - Returns: `Int?`; RESP2: integer, or null for a missing key; RESP3: integer or null
    public static func objectIdletime(_ key: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.objectIdletime)
        command.append(key)
        return command
    }

    /// Get the number of references to the value of the key.
    ///
    /// `OBJECT REFCOUNT` · since Redis 2.2.3 · group generic · complexity O(1)
    ///
    /// - Returns: `Int?`; RESP2: integer, or null for a missing key; RESP3: integer or null
    public static func objectRefcount(_ key: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.objectRefcount)
        command.append(key)
        return command
    }

    /// Remove the expiration from a key.
    ///
    /// `PERSIST` · since Redis 2.2.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if the expiry was removed, else 0; RESP3: integer
    public static func persist(_ key: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.persist)
        command.append(key)
        return command
    }

    /// Set a key's time to live in milliseconds.
    ///
    /// `PEXPIRE` · since Redis 2.6.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if set, 0 if not; RESP3: integer
    public static func pexpire(_ key: some RESPBulkStringEncodable, milliseconds: Int, condition: ExpireCondition? = nil) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.pexpire)
        command.append(key)
        command.append(milliseconds)
        if let value1 = condition {
            value1.encode(into: &command)
        }
        return command
    }

    /// Set the expiration for a key as a UNIX timestamp specified in milliseconds.
    ///
    /// `PEXPIREAT` · since Redis 2.6.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if set, 0 if not; RESP3: integer
    public static func pexpireat(_ key: some RESPBulkStringEncodable, unixTimeMilliseconds: Int, condition: ExpireCondition? = nil) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.pexpireat)
        command.append(key)
        command.append(unixTimeMilliseconds)
        if let value1 = condition {
            value1.encode(into: &command)
        }
        return command
    }

    /// Get the expiration Unix timestamp for a key in milliseconds.
    ///
    /// `PEXPIRETIME` · since Redis 7.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer: Unix time in milliseconds, -1 without expiry, -2 for a missing key; RESP3: integer
    public static func pexpiretime(_ key: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.pexpiretime)
        command.append(key)
        return command
    }

    /// Get the time to live for a key in milliseconds.
    ///
    /// `PTTL` · since Redis 2.6.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer: milliseconds, -1 without expiry, -2 for a missing key; RESP3: integer
    public static func pttl(_ key: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.pttl)
        command.append(key)
        return command
    }

    /// Return a random key from the keyspace.
    ///
    /// `RANDOMKEY` · since Redis 1.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `RedisValue?`; RESP2: bulk string, or null in an empty database; RESP3: bulk string or null
    public static func randomkey() -> RESPCommand {
        let command = RESPCommand(RedisCommandsInfo.randomkey)
        return command
    }

    /// Rename a key.
    ///
    /// `RENAME` · since Redis 1.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public static func rename(_ key: some RESPBulkStringEncodable, _ newkey: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.rename)
        command.append(key)
        command.append(newkey)
        return command
    }

    /// Rename a key, only if the new key does not exist.
    ///
    /// `RENAMENX` · since Redis 1.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if renamed, 0 if the new key exists; RESP3: integer
    public static func renamenx(_ key: some RESPBulkStringEncodable, _ newkey: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.renamenx)
        command.append(key)
        command.append(newkey)
        return command
    }

    /// Create a key using the provided serialized value, previously obtained using DUMP.
    ///
    /// `RESTORE` · since Redis 2.6.0 · group generic · complexity O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public static func restore(_ key: some RESPBulkStringEncodable, ttl: Int, _ serializedValue: some RESPBulkStringEncodable, replace: Bool = false, absttl: Bool = false, idletime: Int? = nil, frequency: Int? = nil) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.restore)
        command.append(key)
        command.append(ttl)
        command.append(serializedValue)
        if replace {
            command.appendToken("REPLACE")
        }
        if absttl {
            command.appendToken("ABSTTL")
        }
        if let value1 = idletime {
            command.appendToken("IDLETIME")
            command.append(value1)
        }
        if let value2 = frequency {
            command.appendToken("FREQ")
            command.append(value2)
        }
        return command
    }

    /// Incrementally iterate the keys space.
    ///
    /// `SCAN` · since Redis 2.8.0 · group generic · complexity O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.
    ///
    /// - Returns: `RedisScanPage`; RESP2: array: cursor bulk string and array of keys; RESP3: array: cursor bulk string and array of keys
    public static func scan(cursor: Int, match: RedisValue? = nil, count: Int? = nil, type: RedisValue? = nil) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.scan)
        command.append(cursor)
        if let value1 = match {
            command.appendToken("MATCH")
            command.append(value1)
        }
        if let value2 = count {
            command.appendToken("COUNT")
            command.append(value2)
        }
        if let value3 = type {
            command.appendToken("TYPE")
            command.append(value3)
        }
        return command
    }

    /// Sort the elements in a list, set or sorted set.
    ///
    /// `SORT` · since Redis 1.0.0 · group generic · complexity O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).
    ///
    /// - Returns: `[RedisValue?]`; RESP2: array of bulk strings (null for missing GET lookups); RESP3: array
    public static func sort(_ key: some RESPBulkStringEncodable, byPattern: RedisValue? = nil, limit: (offset: Int, count: Int)? = nil, getPattern: [RedisValue] = [], order: SortOrder? = nil, alpha: Bool = false) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.sort)
        command.append(key)
        if let value1 = byPattern {
            command.appendToken("BY")
            command.append(value1)
        }
        if let value2 = limit {
            command.appendToken("LIMIT")
            command.append(value2.offset)
            command.append(value2.count)
        }
        if !getPattern.isEmpty {
            for element3 in getPattern {
                command.appendToken("GET")
                command.append(element3)
            }
        }
        if let value4 = order {
            value4.encode(into: &command)
        }
        if alpha {
            command.appendToken("ALPHA")
        }
        return command
    }

    /// Sorts the elements in a list, a set or a sorted set and stores the result in a key.
    ///
    /// `SORT` · since Redis 1.0.0 · group generic · complexity O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).
    ///
    /// - Returns: `Int`; RESP2: integer: elements stored; RESP3: integer
    public static func sortStore(_ key: some RESPBulkStringEncodable, byPattern: RedisValue? = nil, limit: (offset: Int, count: Int)? = nil, getPattern: [RedisValue] = [], order: SortOrder? = nil, alpha: Bool = false, destination: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.sortStore)
        command.append(key)
        if let value1 = byPattern {
            command.appendToken("BY")
            command.append(value1)
        }
        if let value2 = limit {
            command.appendToken("LIMIT")
            command.append(value2.offset)
            command.append(value2.count)
        }
        if !getPattern.isEmpty {
            for element3 in getPattern {
                command.appendToken("GET")
                command.append(element3)
            }
        }
        if let value4 = order {
            value4.encode(into: &command)
        }
        if alpha {
            command.appendToken("ALPHA")
        }
        command.appendToken("STORE")
        command.append(destination)
        return command
    }

    /// Sort the elements in a list, set or sorted set. Read-only variant of SORT.
    ///
    /// `SORT_RO` · since Redis 7.0.0 · group generic · complexity O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).
    ///
    /// - Returns: `[RedisValue?]`; RESP2: array of bulk strings (null for missing GET lookups); RESP3: array
    public static func sortRo(_ key: some RESPBulkStringEncodable, byPattern: RedisValue? = nil, limit: (offset: Int, count: Int)? = nil, getPattern: [RedisValue] = [], order: SortOrder? = nil, alpha: Bool = false) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.sortRo)
        command.append(key)
        if let value1 = byPattern {
            command.appendToken("BY")
            command.append(value1)
        }
        if let value2 = limit {
            command.appendToken("LIMIT")
            command.append(value2.offset)
            command.append(value2.count)
        }
        if !getPattern.isEmpty {
            for element3 in getPattern {
                command.appendToken("GET")
                command.append(element3)
            }
        }
        if let value4 = order {
            value4.encode(into: &command)
        }
        if alpha {
            command.appendToken("ALPHA")
        }
        return command
    }

    /// Alters the last access time of a key(s). Returns the number of existing keys specified.
    ///
    /// `TOUCH` · since Redis 3.2.1 · group generic · complexity O(N) where N is the number of keys that will be touched.
    ///
    /// - Returns: `Int`; RESP2: integer: keys touched; RESP3: integer
    public static func touch(_ keys: [some RESPBulkStringEncodable]) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.touch)
        for element1 in keys {
            command.append(element1)
        }
        return command
    }

    /// Get the time to live for a key in seconds.
    ///
    /// `TTL` · since Redis 1.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer: seconds, -1 without expiry, -2 for a missing key; RESP3: integer
    public static func ttl(_ key: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.ttl)
        command.append(key)
        return command
    }

    /// Determine the type stored at key.
    ///
    /// `TYPE` · since Redis 1.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `String`; RESP2: status: string, list, set, zset, hash, stream or none; RESP3: status
    public static func type(_ key: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.type)
        command.append(key)
        return command
    }

    /// Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.
    ///
    /// `UNLINK` · since Redis 4.0.0 · group generic · complexity O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.
    ///
    /// - Returns: `Int`; RESP2: integer: keys unlinked; RESP3: integer
    public static func unlink(_ keys: [some RESPBulkStringEncodable]) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.unlink)
        for element1 in keys {
            command.append(element1)
        }
        return command
    }

    /// Wait for the synchronous replication of all the write commands sent in the context of the current connection.
    ///
    /// `WAIT` · since Redis 3.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer: replicas that acknowledged; RESP3: integer
    public static func wait(numreplicas: Int, timeout: Int) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.wait)
        command.append(numreplicas)
        command.append(timeout)
        return command
    }

    /// Append a value to a key.
    ///
    /// `APPEND` · since Redis 2.0.0 · group string · complexity O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.
    ///
    /// - Returns: `Int`; RESP2: integer: length after the append; RESP3: integer
    public static func append(_ key: some RESPBulkStringEncodable, _ value: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.append)
        command.append(key)
        command.append(value)
        return command
    }

    /// Decrement the integer value of a key by one.
    ///
    /// `DECR` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    public static func decr(_ key: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.decr)
        command.append(key)
        return command
    }

    /// Decrement the integer value of a key by the given number.
    ///
    /// `DECRBY` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    public static func decrby(_ key: some RESPBulkStringEncodable, decrement: Int) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.decrby)
        command.append(key)
        command.append(decrement)
        return command
    }

    /// Get the value of a key.
    ///
    /// `GET` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `RedisValue?`; RESP2: bulk string, or null for a missing key; RESP3: bulk string or null
    public static func get(_ key: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.get)
        command.append(key)
        return command
    }

    /// Get the value of a key and delete the key.
    ///
    /// `GETDEL` · since Redis 6.2.0 · group string · complexity O(1)
    ///
    /// - Returns: `RedisValue?`; RESP2: bulk string, or null; RESP3: bulk string or null
    public static func getdel(_ key: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.getdel)
        command.append(key)
        return command
    }

    /// Get the value of a key and optionally set its expiration.
    ///
    /// `GETEX` · since Redis 6.2.0 · group string · complexity O(1)
    ///
    /// - Returns: `RedisValue?`; RESP2: bulk string, or null; RESP3: bulk string or null
    public static func getex(_ key: some RESPBulkStringEncodable, expiration: GetExExpiration? = nil) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.getex)
        command.append(key)
        if let value1 = expiration {
            value1.encode(into: &command)
        }
        return command
    }

    /// Get a substring of the string stored at a key.
    ///
    /// `GETRANGE` · since Redis 2.4.0 · group string · complexity O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.
    ///
    /// - Returns: `RedisValue`; RESP2: bulk string; RESP3: bulk string
    public static func getrange(_ key: some RESPBulkStringEncodable, start: Int, end: Int) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.getrange)
        command.append(key)
        command.append(start)
        command.append(end)
        return command
    }

    /// Set the string value of a key and return its old value.
    ///
    /// `GETSET` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `RedisValue?`; RESP2: bulk string, or null; RESP3: bulk string or null
    public static func getset(_ key: some RESPBulkStringEncodable, _ value: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.getset)
        command.append(key)
        command.append(value)
        return command
    }

    /// Increment the integer value of a key by one.
    ///
    /// `INCR` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    public static func incr(_ key: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.incr)
        command.append(key)
        return command
    }

    /// Increment the integer value of a key by the given amount.
    ///
    /// `INCRBY` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    public static func incrby(_ key: some RESPBulkStringEncodable, increment: Int) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.incrby)
        command.append(key)
        command.append(increment)
        return command
    }

    /// Increment the float value of a key by the given amount.
    ///
    /// `INCRBYFLOAT` · since Redis 2.6.0 · group string · complexity O(1)
    ///
    /// - Returns: `Double`; RESP2: bulk string with the new value; RESP3: bulk string with the new value
    public static func incrbyfloat(_ key: some RESPBulkStringEncodable, increment: Double) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.incrbyfloat)
        command.append(key)
        command.append(increment)
        return command
    }

    /// Find longest common substring.
    ///
    /// `LCS` · since Redis 7.0.0 · group string · complexity O(N*M) where N and M are the lengths of s1 and s2, respectively
    ///
    /// - Returns: `RedisValue`; RESP2: bulk string: the longest common subsequence; RESP3: bulk string
    public static func lcs(_ key1: some RESPBulkStringEncodable, _ key2: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.lcs)
        command.append(key1)
        command.append(key2)
        return command
    }

    /// Returns the length of the longest common subsequence of two strings.
    ///
    /// `LCS` · since Redis 7.0.0 · group string · complexity O(N*M) where N and M are the lengths of s1 and s2, respectively
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    public static func lcsLength(_ key1: some RESPBulkStringEncodable, _ key2: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.lcsLength)
        command.append(key1)
        command.append(key2)
        command.appendToken("LEN")
        return command
    }

    /// Returns the positions of the matches of the longest common subsequence of two strings.
    ///
    /// `LCS` · since Redis 7.0.0 · group string · complexity O(N*M) where N and M are the lengths of s1 and s2, respectively
    ///
    /// - Returns: `RESPValue`; RESP2: array of matches and len as field/value pairs; RESP3: map with matches and len
    public static func lcsMatches(_ key1: some RESPBulkStringEncodable, _ key2: some RESPBulkStringEncodable, minMatchLen: Int? = nil, withMatchLen: Bool = false) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.lcsMatches)
        command.append(key1)
        command.append(key2)
        command.appendToken("IDX")
        if let value1 = minMatchLen {
            command.appendToken("MINMATCHLEN")
            command.append(value1)
        }
        if withMatchLen {
            command.appendToken("WITHMATCHLEN")
        }
        return command
    }

    /// Get the values of all the given keys.
    ///
    /// `MGET` · since Redis 1.0.0 · group string · complexity O(N) where N is the number of keys to retrieve.
    ///
    /// - Returns: `[RedisValue?]`; RESP2: array of bulk strings or nulls; RESP3: array of bulk strings or nulls
    public static func mget(_ keys: [some RESPBulkStringEncodable]) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.mget)
        for element1 in keys {
            command.append(element1)
        }
        return command
    }

    /// Set multiple keys to multiple values.
    ///
    /// `MSET` · since Redis 1.0.1 · group string · complexity O(N) where N is the number of keys to set.
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public static func mset(pairs: [(key: RedisValue, value: RedisValue)]) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.mset)
        for element1 in pairs {
            command.append(element1.key)
            command.append(element1.value)
        }
        return command
    }

    /// Set multiple keys to multiple values, only if none of the keys exist.
    ///
    /// `MSETNX` · since Redis 1.0.1 · group string · complexity O(N) where N is the number of keys to set.
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if all were set, 0 if none; RESP3: integer
    public static func msetnx(pairs: [(key: RedisValue, value: RedisValue)]) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.msetnx)
        for element1 in pairs {
            command.append(element1.key)
            command.append(element1.value)
        }
        return command
    }

    /// Set the value and expiration in milliseconds of a key.
    ///
    /// `PSETEX` · since Redis 2.6.0 · group string · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public static func psetex(_ key: some RESPBulkStringEncodable, milliseconds: Int, _ value: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.psetex)
        command.append(key)
        command.append(milliseconds)
        command.append(value)
        return command
    }

    /// Set the string value of a key.
    ///
    /// `SET` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: OK, or null bulk string when NX/XX prevented the write; RESP3: OK or null
    public static func set(_ key: some RESPBulkStringEncodable, _ value: some RESPBulkStringEncodable, expiration: Expiration? = nil, options: SetOptions? = nil) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.set)
        command.append(key)
        command.append(value)
        if let value1 = expiration {
            value1.encode(into: &command)
        }
        if let value2 = options {
            value2.encode(into: &command)
        }
        return command
    }

    /// Sets the string value of a key and returns the value it replaced.
    ///
    /// `SET` · since Redis 6.2.0 · group string · complexity O(1)
    ///
    /// - Returns: `RedisValue?`; RESP2: the old value as a bulk string, or null; RESP3: bulk string or null
    public static func setGet(_ key: some RESPBulkStringEncodable, _ value: some RESPBulkStringEncodable, expiration: Expiration? = nil, options: SetOptions? = nil) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.setGet)
        command.append(key)
        command.append(value)
        if let value1 = expiration {
            value1.encode(into: &command)
        }
        if let value2 = options {
            value2.encode(into: &command)
        }
        command.appendToken("GET")
        return command
    }

    /// Set the value and expiration of a key.
    ///
    /// `SETEX` · since Redis 2.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public static func setex(_ key: some RESPBulkStringEncodable, seconds: Int, _ value: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.setex)
        command.append(key)
        command.append(seconds)
        command.append(value)
        return command
    }

    /// Set the value of a key, only if the key does not exist.
    ///
    /// `SETNX` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if set, 0 if not; RESP3: integer
    public static func setnx(_ key: some RESPBulkStringEncodable, _ value: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.setnx)
        command.append(key)
        command.append(value)
        return command
    }

    /// Overwrite part of a string at key starting at the specified offset.
    ///
    /// `SETRANGE` · since Redis 2.2.0 · group string · complexity O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.
    ///
    /// - Returns: `Int`; RESP2: integer: length after the write; RESP3: integer
    public static func setrange(_ key: some RESPBulkStringEncodable, offset: Int, _ value: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.setrange)
        command.append(key)
        command.append(offset)
        command.append(value)
        return command
    }

    /// Get the length of the value stored in a key.
    ///
    /// `STRLEN` · since Redis 2.2.0 · group string · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    public static func strlen(_ key: some RESPBulkStringEncodable) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.strlen)
        command.append(key)
        return command
    }

    /// Get a substring of the string stored at a key.
    ///
    /// `SUBSTR` · since Redis 1.0.0 · group string · complexity O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.
    ///
    /// - Returns: `RedisValue`; RESP2: bulk string; RESP3: bulk string
    public static func substr(_ key: some RESPBulkStringEncodable, start: Int, end: Int) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.substr)
        command.append(key)
        command.append(start)
        command.append(end)
        return command
    }

    /// Return the number of keys in the selected database.
    ///
    /// `DBSIZE` · since Redis 1.0.0 · group server · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    public static func dbsize() -> RESPCommand {
        let command = RESPCommand(RedisCommandsInfo.dbsize)
        return command
    }

    /// Remove all keys from all databases.
    ///
    /// `FLUSHALL` · since Redis 1.0.0 · group server · complexity O(N) where N is the total number of keys in all databases
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public static func flushall(mode: FlushMode? = nil) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.flushall)
        if let value1 = mode {
            value1.encode(into: &command)
        }
        return command
    }

    /// Remove all keys from the current database.
    ///
    /// `FLUSHDB` · since Redis 1.0.0 · group server · complexity O(N) where N is the number of keys in the selected database
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public static func flushdb(mode: FlushMode? = nil) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.flushdb)
        if let value1 = mode {
            value1.encode(into: &command)
        }
        return command
    }

    /// Get information and statistics about the server.
    ///
    /// `INFO` · since Redis 1.0.0 · group server · complexity O(1)
    ///
    /// - Returns: `String`; RESP2: bulk string; RESP3: verbatim string
    public static func info(sections: [RedisValue] = []) -> RESPCommand {
        var command = RESPCommand(RedisCommandsInfo.info)
        if !sections.isEmpty {
            for element1 in sections {
                command.append(element1)
            }
        }
        return command
    }

    /// Every command of the spec by name, for commands sent as words (`send(command:)`).
    public static let table = RedisCommandTable([
        RedisCommandsInfo.auth,
        RedisCommandsInfo.clientCaching,
        RedisCommandsInfo.clientGetname,
        RedisCommandsInfo.clientGetredir,
        RedisCommandsInfo.clientHelp,
        RedisCommandsInfo.clientId,
        RedisCommandsInfo.clientInfo,
        RedisCommandsInfo.clientKill,
        RedisCommandsInfo.clientKillAddress,
        RedisCommandsInfo.clientList,
        RedisCommandsInfo.clientNoEvict,
        RedisCommandsInfo.clientPause,
        RedisCommandsInfo.clientReply,
        RedisCommandsInfo.clientSetname,
        RedisCommandsInfo.clientTracking,
        RedisCommandsInfo.clientTrackinginfo,
        RedisCommandsInfo.clientUnblock,
        RedisCommandsInfo.clientUnpause,
        RedisCommandsInfo.echo,
        RedisCommandsInfo.hello,
        RedisCommandsInfo.ping,
        RedisCommandsInfo.quit,
        RedisCommandsInfo.reset,
        RedisCommandsInfo.select,
        RedisCommandsInfo.copy,
        RedisCommandsInfo.del,
        RedisCommandsInfo.dump,
        RedisCommandsInfo.exists,
        RedisCommandsInfo.expire,
        RedisCommandsInfo.expireat,
        RedisCommandsInfo.expiretime,
        RedisCommandsInfo.keys,
        RedisCommandsInfo.migrate,
        RedisCommandsInfo.move,
        RedisCommandsInfo.objectEncoding,
        RedisCommandsInfo.objectFreq,
        RedisCommandsInfo.objectHelp,
        RedisCommandsInfo.objectIdletime,
        RedisCommandsInfo.objectRefcount,
        RedisCommandsInfo.persist,
        RedisCommandsInfo.pexpire,
        RedisCommandsInfo.pexpireat,
        RedisCommandsInfo.pexpiretime,
        RedisCommandsInfo.pttl,
        RedisCommandsInfo.randomkey,
        RedisCommandsInfo.rename,
        RedisCommandsInfo.renamenx,
        RedisCommandsInfo.restore,
        RedisCommandsInfo.scan,
        RedisCommandsInfo.sort,
        RedisCommandsInfo.sortStore,
        RedisCommandsInfo.sortRo,
        RedisCommandsInfo.touch,
        RedisCommandsInfo.ttl,
        RedisCommandsInfo.type,
        RedisCommandsInfo.unlink,
        RedisCommandsInfo.wait,
        RedisCommandsInfo.append,
        RedisCommandsInfo.decr,
        RedisCommandsInfo.decrby,
        RedisCommandsInfo.get,
        RedisCommandsInfo.getdel,
        RedisCommandsInfo.getex,
        RedisCommandsInfo.getrange,
        RedisCommandsInfo.getset,
        RedisCommandsInfo.incr,
        RedisCommandsInfo.incrby,
        RedisCommandsInfo.incrbyfloat,
        RedisCommandsInfo.lcs,
        RedisCommandsInfo.lcsLength,
        RedisCommandsInfo.lcsMatches,
        RedisCommandsInfo.mget,
        RedisCommandsInfo.mset,
        RedisCommandsInfo.msetnx,
        RedisCommandsInfo.psetex,
        RedisCommandsInfo.set,
        RedisCommandsInfo.setGet,
        RedisCommandsInfo.setex,
        RedisCommandsInfo.setnx,
        RedisCommandsInfo.setrange,
        RedisCommandsInfo.strlen,
        RedisCommandsInfo.substr,
        RedisCommandsInfo.dbsize,
        RedisCommandsInfo.flushall,
        RedisCommandsInfo.flushdb,
        RedisCommandsInfo.info,
    ])
}

/// What the spec says about each command.
enum RedisCommandsInfo {
    static let auth = RedisCommandInfo(name: "AUTH", words: ["AUTH"], flags: [.noScript, .loading, .stale, .fast, .noAuth, .allowBusy], mock: .auth)
    static let clientCaching = RedisCommandInfo(name: "CLIENT CACHING", words: ["CLIENT", "CACHING"], flags: [.noScript, .loading, .stale], mock: .clientCaching)
    static let clientGetname = RedisCommandInfo(name: "CLIENT GETNAME", words: ["CLIENT", "GETNAME"], flags: [.noScript, .loading, .stale], mock: .clientGetname)
    static let clientGetredir = RedisCommandInfo(name: "CLIENT GETREDIR", words: ["CLIENT", "GETREDIR"], flags: [.noScript, .loading, .stale], mock: .clientGetredir)
    static let clientHelp = RedisCommandInfo(name: "CLIENT HELP", words: ["CLIENT", "HELP"], flags: [.loading, .stale], mock: .clientHelp)
    static let clientId = RedisCommandInfo(name: "CLIENT ID", words: ["CLIENT", "ID"], flags: [.noScript, .loading, .stale], mock: .clientId)
    static let clientInfo = RedisCommandInfo(name: "CLIENT INFO", words: ["CLIENT", "INFO"], flags: [.noScript, .loading, .stale], mock: .clientInfo)
    static let clientKill = RedisCommandInfo(name: "CLIENT KILL", words: ["CLIENT", "KILL"], flags: [.admin, .noScript, .loading, .stale, .dangerous], mock: .clientKill)
    static let clientKillAddress = RedisCommandInfo(name: "CLIENT KILL", words: ["CLIENT", "KILL"], flags: [.admin, .noScript, .loading, .stale, .dangerous], mock: .clientKill)
    static let clientList = RedisCommandInfo(name: "CLIENT LIST", words: ["CLIENT", "LIST"], flags: [.admin, .noScript, .loading, .stale], mock: .clientList)
    static let clientNoEvict = RedisCommandInfo(name: "CLIENT NO-EVICT", words: ["CLIENT", "NO-EVICT"], flags: [.admin, .noScript, .loading, .stale], mock: .clientNoEvict)
    static let clientPause = RedisCommandInfo(name: "CLIENT PAUSE", words: ["CLIENT", "PAUSE"], flags: [.admin, .noScript, .loading, .stale, .dangerous])
    static let clientReply = RedisCommandInfo(name: "CLIENT REPLY", words: ["CLIENT", "REPLY"], flags: [.noScript, .loading, .stale, .dangerous], mock: .clientReply)
    static let clientSetname = RedisCommandInfo(name: "CLIENT SETNAME", words: ["CLIENT", "SETNAME"], flags: [.noScript, .loading, .stale], mock: .clientSetname)
    static let clientTracking = RedisCommandInfo(name: "CLIENT TRACKING", words: ["CLIENT", "TRACKING"], flags: [.noScript, .loading, .stale], mock: .clientTracking)
    static let clientTrackinginfo = RedisCommandInfo(name: "CLIENT TRACKINGINFO", words: ["CLIENT", "TRACKINGINFO"], flags: [.noScript, .loading, .stale], mock: .clientTrackinginfo)
    static let clientUnblock = RedisCommandInfo(name: "CLIENT UNBLOCK", words: ["CLIENT", "UNBLOCK"], flags: [.admin, .noScript, .loading, .stale], mock: .clientUnblock)
    static let clientUnpause = RedisCommandInfo(name: "CLIENT UNPAUSE", words: ["CLIENT", "UNPAUSE"], flags: [.admin, .noScript, .loading, .stale], mock: .clientUnpause)
    static let echo = RedisCommandInfo(name: "ECHO", words: ["ECHO"], flags: [.loading, .stale, .fast], mock: .echo)
    static let hello = RedisCommandInfo(name: "HELLO", words: ["HELLO"], flags: [.noScript, .loading, .stale, .fast, .noAuth, .allowBusy], mock: .hello)
    static let ping = RedisCommandInfo(name: "PING", words: ["PING"], flags: [.fast], requestPolicy: .allShards, responsePolicy: .allSucceeded, mock: .ping)
    static let quit = RedisCommandInfo(name: "QUIT", words: ["QUIT"], flags: [.noScript, .loading, .stale, .fast, .noAuth, .allowBusy, .closesConnection], mock: .quit)
    static let reset = RedisCommandInfo(name: "RESET", words: ["RESET"], flags: [.noScript, .loading, .stale, .fast, .noAuth, .allowBusy], mock: .reset)
    static let select = RedisCommandInfo(name: "SELECT", words: ["SELECT"], flags: [.loading, .stale, .fast], mock: .select)
    static let copy = RedisCommandInfo(name: "COPY", words: ["COPY"], flags: [.write, .denyOOM], mock: .copy)
    static let del = RedisCommandInfo(name: "DEL", words: ["DEL"], flags: [.write], requestPolicy: .multiShard, responsePolicy: .aggSum, mock: .del)
    static let dump = RedisCommandInfo(name: "DUMP", words: ["DUMP"], flags: [.readonly])
    static let exists = RedisCommandInfo(name: "EXISTS", words: ["EXISTS"], flags: [.readonly, .fast], requestPolicy: .multiShard, responsePolicy: .aggSum, mock: .exists)
    static let expire = RedisCommandInfo(name: "EXPIRE", words: ["EXPIRE"], flags: [.write, .fast], mock: .expire)
    static let expireat = RedisCommandInfo(name: "EXPIREAT", words: ["EXPIREAT"], flags: [.write, .fast], mock: .expireat)
    static let expiretime = RedisCommandInfo(name: "EXPIRETIME", words: ["EXPIRETIME"], flags: [.readonly, .fast], mock: .expiretime)
    static let keys = RedisCommandInfo(name: "KEYS", words: ["KEYS"], flags: [.readonly], requestPolicy: .allShards, mock: .keys)
    static let migrate = RedisCommandInfo(name: "MIGRATE", words: ["MIGRATE"], flags: [.write, .dangerous])
    static let move = RedisCommandInfo(name: "MOVE", words: ["MOVE"], flags: [.write, .fast], mock: .move)
    static let objectEncoding = RedisCommandInfo(name: "OBJECT ENCODING", words: ["OBJECT", "ENCODING"], flags: [.readonly], mock: .objectEncoding)
    static let objectFreq = RedisCommandInfo(name: "OBJECT FREQ", words: ["OBJECT", "FREQ"], flags: [.readonly], mock: .objectFreq)
    static let objectHelp = RedisCommandInfo(name: "OBJECT HELP", words: ["OBJECT", "HELP"], flags: [.loading, .stale], mock: .objectHelp)
    static let objectIdletime = RedisCommandInfo(name: "OBJECT IDLETIME", words: ["OBJECT", "IDLETIME"], flags: [.readonly])
    static let objectRefcount = RedisCommandInfo(name: "OBJECT REFCOUNT", words: ["OBJECT", "REFCOUNT"], flags: [.readonly], mock: .objectRefcount)
    static let persist = RedisCommandInfo(name: "PERSIST", words: ["PERSIST"], flags: [.write, .fast], mock: .persist)
    static let pexpire = RedisCommandInfo(name: "PEXPIRE", words: ["PEXPIRE"], flags: [.write, .fast], mock: .pexpire)
    static let pexpireat = RedisCommandInfo(name: "PEXPIREAT", words: ["PEXPIREAT"], flags: [.write, .fast], mock: .pexpireat)
    static let pexpiretime = RedisCommandInfo(name: "PEXPIRETIME", words: ["PEXPIRETIME"], flags: [.readonly, .fast], mock: .pexpiretime)
    static let pttl = RedisCommandInfo(name: "PTTL", words: ["PTTL"], flags: [.readonly, .fast], mock: .pttl)
    static let randomkey = RedisCommandInfo(name: "RANDOMKEY", words: ["RANDOMKEY"], flags: [.readonly], requestPolicy: .allShards, mock: .randomkey)
    static let rename = RedisCommandInfo(name: "RENAME", words: ["RENAME"], flags: [.write], mock: .rename)
    static let renamenx = RedisCommandInfo(name: "RENAMENX", words: ["RENAMENX"], flags: [.write, .fast], mock: .renamenx)
    static let restore = RedisCommandInfo(name: "RESTORE", words: ["RESTORE"], flags: [.write, .denyOOM])
    static let scan = RedisCommandInfo(name: "SCAN", words: ["SCAN"], flags: [.readonly], requestPolicy: .special, mock: .scan)
    static let sort = RedisCommandInfo(name: "SORT", words: ["SORT"], flags: [.write, .denyOOM], mock: .sort)
    static let sortStore = RedisCommandInfo(name: "SORT", words: ["SORT"], flags: [.write, .denyOOM], mock: .sort)
    static let sortRo = RedisCommandInfo(name: "SORT_RO", words: ["SORT_RO"], flags: [.readonly], mock: .sortRo)
    static let touch = RedisCommandInfo(name: "TOUCH", words: ["TOUCH"], flags: [.readonly, .fast], requestPolicy: .multiShard, responsePolicy: .aggSum, mock: .touch)
    static let ttl = RedisCommandInfo(name: "TTL", words: ["TTL"], flags: [.readonly, .fast], mock: .ttl)
    static let type = RedisCommandInfo(name: "TYPE", words: ["TYPE"], flags: [.readonly, .fast], mock: .type)
    static let unlink = RedisCommandInfo(name: "UNLINK", words: ["UNLINK"], flags: [.write, .fast], requestPolicy: .multiShard, responsePolicy: .aggSum, mock: .unlink)
    static let wait = RedisCommandInfo(name: "WAIT", words: ["WAIT"], flags: [.noScript], requestPolicy: .allShards, responsePolicy: .aggMin, mock: .wait)
    static let append = RedisCommandInfo(name: "APPEND", words: ["APPEND"], flags: [.write, .denyOOM, .fast], mock: .append)
    static let decr = RedisCommandInfo(name: "DECR", words: ["DECR"], flags: [.write, .denyOOM, .fast], mock: .decr)
    static let decrby = RedisCommandInfo(name: "DECRBY", words: ["DECRBY"], flags: [.write, .denyOOM, .fast], mock: .decrby)
    static let get = RedisCommandInfo(name: "GET", words: ["GET"], flags: [.readonly, .fast], mock: .get)
    static let getdel = RedisCommandInfo(name: "GETDEL", words: ["GETDEL"], flags: [.write, .fast], mock: .getdel)
    static let getex = RedisCommandInfo(name: "GETEX", words: ["GETEX"], flags: [.write, .fast], mock: .getex)
    static let getrange = RedisCommandInfo(name: "GETRANGE", words: ["GETRANGE"], flags: [.readonly], mock: .getrange)
    static let getset = RedisCommandInfo(name: "GETSET", words: ["GETSET"], flags: [.write, .denyOOM, .fast], mock: .getset)
    static let incr = RedisCommandInfo(name: "INCR", words: ["INCR"], flags: [.write, .denyOOM, .fast], mock: .incr)
    static let incrby = RedisCommandInfo(name: "INCRBY", words: ["INCRBY"], flags: [.write, .denyOOM, .fast], mock: .incrby)
    static let incrbyfloat = RedisCommandInfo(name: "INCRBYFLOAT", words: ["INCRBYFLOAT"], flags: [.write, .denyOOM, .fast], mock: .incrbyfloat)
    static let lcs = RedisCommandInfo(name: "LCS", words: ["LCS"], flags: [.readonly], mock: .lcs)
    static let lcsLength = RedisCommandInfo(name: "LCS", words: ["LCS"], flags: [.readonly], mock: .lcs)
    static let lcsMatches = RedisCommandInfo(name: "LCS", words: ["LCS"], flags: [.readonly], mock: .lcs)
    static let mget = RedisCommandInfo(name: "MGET", words: ["MGET"], flags: [.readonly, .fast], requestPolicy: .multiShard, mock: .mget)
    static let mset = RedisCommandInfo(name: "MSET", words: ["MSET"], flags: [.write, .denyOOM], requestPolicy: .multiShard, responsePolicy: .allSucceeded, mock: .mset)
    static let msetnx = RedisCommandInfo(name: "MSETNX", words: ["MSETNX"], flags: [.write, .denyOOM], requestPolicy: .multiShard, responsePolicy: .aggMin, mock: .msetnx)
    static let psetex = RedisCommandInfo(name: "PSETEX", words: ["PSETEX"], flags: [.write, .denyOOM], mock: .psetex)
    static let set = RedisCommandInfo(name: "SET", words: ["SET"], flags: [.write, .denyOOM], mock: .set)
    static let setGet = RedisCommandInfo(name: "SET", words: ["SET"], flags: [.write, .denyOOM], mock: .set)
    static let setex = RedisCommandInfo(name: "SETEX", words: ["SETEX"], flags: [.write, .denyOOM], mock: .setex)
    static let setnx = RedisCommandInfo(name: "SETNX", words: ["SETNX"], flags: [.write, .denyOOM, .fast], mock: .setnx)
    static let setrange = RedisCommandInfo(name: "SETRANGE", words: ["SETRANGE"], flags: [.write, .denyOOM], mock: .setrange)
    static let strlen = RedisCommandInfo(name: "STRLEN", words: ["STRLEN"], flags: [.readonly, .fast], mock: .strlen)
    static let substr = RedisCommandInfo(name: "SUBSTR", words: ["SUBSTR"], flags: [.readonly], mock: .substr)
    static let dbsize = RedisCommandInfo(name: "DBSIZE", words: ["DBSIZE"], flags: [.readonly, .fast], requestPolicy: .allShards, responsePolicy: .aggSum, mock: .dbsize)
    static let flushall = RedisCommandInfo(name: "FLUSHALL", words: ["FLUSHALL"], flags: [.write], requestPolicy: .allShards, responsePolicy: .allSucceeded, mock: .flushall)
    static let flushdb = RedisCommandInfo(name: "FLUSHDB", words: ["FLUSHDB"], flags: [.write], requestPolicy: .allShards, responsePolicy: .allSucceeded, mock: .flushdb)
    static let info = RedisCommandInfo(name: "INFO", words: ["INFO"], flags: [.loading, .stale], requestPolicy: .allShards, responsePolicy: .special, mock: .info)
}
