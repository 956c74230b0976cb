// Generated from commands.yaml by the Fred Generator — do not edit.
// Change the spec and rebuild (or run `swift package regenerate-commands`).

import FredRuntime

extension RedisCommandExecutor {
    /// Authenticate to the server.
    ///
    /// `AUTH` · since Redis 1.0.0 · group connection · complexity O(N) where N is the number of passwords defined for the user
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public func auth(username: RedisValue? = nil, _ password: some RESPBulkStringEncodable) async throws {
        _ = try await execute(RedisCommands.auth(username: username, password))
    }

    /// Instruct the server about tracking or not keys in the next request.
    ///
    /// `CLIENT CACHING` · since Redis 6.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public func clientCaching(mode: ClientCachingMode) async throws {
        _ = try await execute(RedisCommands.clientCaching(mode: mode))
    }

    /// Get the current connection name.
    ///
    /// `CLIENT GETNAME` · since Redis 2.6.9 · group connection · complexity O(1)
    ///
    /// - Returns: `String?`; RESP2: bulk string, or null when no name is set; RESP3: bulk string or null
    public func clientGetname() async throws -> String? {
        try await execute(RedisCommands.clientGetname()).decode(as: String?.self)
    }

    /// Get tracking notifications redirection client ID if any.
    ///
    /// `CLIENT GETREDIR` · since Redis 6.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer: the redirect client id, 0 or -1; RESP3: integer
    public func clientGetredir() async throws -> Int {
        try await execute(RedisCommands.clientGetredir()).decode(as: Int.self)
    }

    /// Show helpful text about the different subcommands.
    ///
    /// `CLIENT HELP` · since Redis 5.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `[String]`; RESP2: array of status strings; RESP3: array of status strings
    public func clientHelp() async throws -> [String] {
        try await execute(RedisCommands.clientHelp()).decode(as: [String].self)
    }

    /// Returns the client ID for the current connection.
    ///
    /// `CLIENT ID` · since Redis 5.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    public func clientId() async throws -> Int {
        try await execute(RedisCommands.clientId()).decode(as: Int.self)
    }

    /// Returns information about the current client connection.
    ///
    /// `CLIENT INFO` · since Redis 6.2.0 · group connection · complexity O(1)
    ///
    /// - Returns: `String`; RESP2: bulk string, one line; RESP3: verbatim string
    public func clientInfo() async throws -> String {
        try await execute(RedisCommands.clientInfo()).decode(as: String.self)
    }

    /// Kill the connection of a client.
    ///
    /// `CLIENT KILL` · since Redis 2.4.0 · group connection · complexity O(N) where N is the number of client connections
    ///
    /// - Returns: `Int`; RESP2: integer: clients killed; RESP3: integer
    public func clientKill(filters: [ClientKillFilter]) async throws -> Int {
        try await execute(RedisCommands.clientKill(filters: filters)).decode(as: Int.self)
    }

    /// Terminates the connection at an address (the legacy form of CLIENT KILL).
    ///
    /// `CLIENT KILL` · since Redis 2.4.0 · group connection · complexity O(N) where N is the number of client connections
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public func clientKillAddress(_ address: some RESPBulkStringEncodable) async throws {
        _ = try await execute(RedisCommands.clientKillAddress(address))
    }

    /// Get the list of client connections.
    ///
    /// `CLIENT LIST` · since Redis 2.4.0 · group connection · complexity O(N) where N is the number of client connections
    ///
    /// - Returns: `String`; RESP2: bulk string, a line per client; RESP3: verbatim string
    public func clientList(type: ClientListType? = nil, ids: [Int]? = nil) async throws -> String {
        try await execute(RedisCommands.clientList(type: type, ids: ids)).decode(as: String.self)
    }

    /// Set client eviction mode for the current connection.
    ///
    /// `CLIENT NO-EVICT` · since Redis 7.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public func clientNoEvict(mode: ClientNoEvictMode) async throws {
        _ = try await execute(RedisCommands.clientNoEvict(mode: mode))
    }

    /// Stop processing commands from clients for some time.
    ///
    /// `CLIENT PAUSE` · since Redis 2.9.50 · group connection · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public func clientPause(timeout: Int, mode: ClientPauseMode? = nil) async throws {
        _ = try await execute(RedisCommands.clientPause(timeout: timeout, mode: mode))
    }

    /// Instruct the server whether to reply to commands.
    ///
    /// `CLIENT REPLY` · since Redis 3.2.0 · group connection · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK (nothing at all for OFF and SKIP); RESP3: OK
    public func clientReply(mode: ClientReplyMode) async throws {
        _ = try await execute(RedisCommands.clientReply(mode: mode))
    }

    /// Set the current connection name.
    ///
    /// `CLIENT SETNAME` · since Redis 2.6.9 · group connection · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public func clientSetname(_ connectionName: some RESPBulkStringEncodable) async throws {
        _ = try await execute(RedisCommands.clientSetname(connectionName))
    }

    /// Enable or disable server assisted client side caching support.
    ///
    /// `CLIENT TRACKING` · since Redis 6.0.0 · group connection · complexity O(1). Some options may introduce additional complexity.
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public func clientTracking(status: ClientTrackingStatus, redirect: Int? = nil, prefixes: [RedisValue] = [], bcast: Bool = false, optin: Bool = false, optout: Bool = false, noloop: Bool = false) async throws {
        _ = try await execute(RedisCommands.clientTracking(status: status, redirect: redirect, prefixes: prefixes, bcast: bcast, optin: optin, optout: optout, noloop: noloop))
    }

    /// Return information about server assisted client side caching for the current connection.
    ///
    /// `CLIENT TRACKINGINFO` · since Redis 6.2.0 · group connection · complexity O(1)
    ///
    /// - Returns: `[String: RESPValue]`; RESP2: flat array of field/value pairs; RESP3: map
    public func clientTrackinginfo() async throws -> [String: RESPValue] {
        try await execute(RedisCommands.clientTrackinginfo()).decode(as: [String: RESPValue].self)
    }

    /// Unblock a client blocked in a blocking command from a different connection.
    ///
    /// `CLIENT UNBLOCK` · since Redis 5.0.0 · group connection · complexity O(log N) where N is the number of client connections
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if unblocked, else 0; RESP3: integer
    public func clientUnblock(clientId: Int, reason: ClientUnblockReason? = nil) async throws -> Bool {
        try await execute(RedisCommands.clientUnblock(clientId: clientId, reason: reason)).decode(as: Bool.self)
    }

    /// Resume processing of clients that were paused.
    ///
    /// `CLIENT UNPAUSE` · since Redis 6.2.0 · group connection · complexity O(N) Where N is the number of paused clients
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public func clientUnpause() async throws {
        _ = try await execute(RedisCommands.clientUnpause())
    }

    /// Echo the given string.
    ///
    /// `ECHO` · since Redis 1.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `RedisValue`; RESP2: bulk string; RESP3: bulk string
    public func echo(_ message: some RESPBulkStringEncodable) async throws -> RedisValue {
        try await execute(RedisCommands.echo(message)).decode(as: RedisValue.self)
    }

    /// Handshake with Redis.
    ///
    /// `HELLO` · since Redis 6.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `[String: RESPValue]`; RESP2: flat array of field/value pairs; RESP3: map
    public func hello(arguments: (protover: Int, auth: (username: RedisValue, password: RedisValue)?, setname: RedisValue?)? = nil) async throws -> [String: RESPValue] {
        try await execute(RedisCommands.hello(arguments: arguments)).decode(as: [String: RESPValue].self)
    }

    /// Ping the server.
    ///
    /// `PING` · since Redis 1.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `String`; RESP2: PONG, or the message as a bulk string; RESP3: PONG, or the message as a bulk string
    public func ping(message: RedisValue? = nil) async throws -> String {
        try await execute(RedisCommands.ping(message: message)).decode(as: String.self)
    }

    /// Close the connection.
    ///
    /// `QUIT` · since Redis 1.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public func quit() async throws {
        _ = try await execute(RedisCommands.quit())
    }

    /// Reset the connection.
    ///
    /// `RESET` · since Redis 6.2.0 · group connection · complexity O(1)
    ///
    /// - Returns: `String`; RESP2: RESET; RESP3: RESET
    public func reset() async throws -> String {
        try await execute(RedisCommands.reset()).decode(as: String.self)
    }

    /// Change the selected database for the current connection.
    ///
    /// `SELECT` · since Redis 1.0.0 · group connection · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public func select(_ index: Int) async throws {
        _ = try await execute(RedisCommands.select(index))
    }

    /// Copy a key.
    ///
    /// `COPY` · since Redis 6.2.0 · group generic · complexity O(N) worst case for collections, where N is the number of nested items. O(1) for string values.
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if copied, 0 if not; RESP3: integer
    public func copy(_ source: some RESPBulkStringEncodable, _ destination: some RESPBulkStringEncodable, destinationDb: Int? = nil, replace: Bool = false) async throws -> Bool {
        try await execute(RedisCommands.copy(source, destination, destinationDb: destinationDb, replace: replace)).decode(as: Bool.self)
    }

    /// Delete a key.
    ///
    /// `DEL` · since Redis 1.0.0 · group generic · complexity O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).
    ///
    /// - Returns: `Int`; RESP2: integer: keys removed; RESP3: integer
    public func del(_ keys: [some RESPBulkStringEncodable]) async throws -> Int {
        try await execute(RedisCommands.del(keys)).decode(as: Int.self)
    }

    /// Return a serialized version of the value stored at the specified key.
    ///
    /// `DUMP` · since Redis 2.6.0 · group generic · complexity O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).
    ///
    /// - Returns: `RedisValue?`; RESP2: bulk string, or null for a missing key; RESP3: bulk string or null
    public func dump(_ key: some RESPBulkStringEncodable) async throws -> RedisValue? {
        try await execute(RedisCommands.dump(key)).decode(as: RedisValue?.self)
    }

    /// Determine if a key exists.
    ///
    /// `EXISTS` · since Redis 1.0.0 · group generic · complexity O(N) where N is the number of keys to check.
    ///
    /// - Returns: `Int`; RESP2: integer: keys that exist; RESP3: integer
    public func exists(_ keys: [some RESPBulkStringEncodable]) async throws -> Int {
        try await execute(RedisCommands.exists(keys)).decode(as: Int.self)
    }

    /// Set a key's time to live in seconds.
    ///
    /// `EXPIRE` · since Redis 1.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if set, 0 if not; RESP3: integer
    public func expire(_ key: some RESPBulkStringEncodable, seconds: Int, condition: ExpireCondition? = nil) async throws -> Bool {
        try await execute(RedisCommands.expire(key, seconds: seconds, condition: condition)).decode(as: Bool.self)
    }

    /// Set the expiration for a key as a UNIX timestamp.
    ///
    /// `EXPIREAT` · since Redis 1.2.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if set, 0 if not; RESP3: integer
    public func expireat(_ key: some RESPBulkStringEncodable, unixTimeSeconds: Int, condition: ExpireCondition? = nil) async throws -> Bool {
        try await execute(RedisCommands.expireat(key, unixTimeSeconds: unixTimeSeconds, condition: condition)).decode(as: Bool.self)
    }

    /// Get the expiration Unix timestamp for a key.
    ///
    /// `EXPIRETIME` · since Redis 7.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer: Unix time in seconds, -1 without expiry, -2 for a missing key; RESP3: integer
    public func expiretime(_ key: some RESPBulkStringEncodable) async throws -> Int {
        try await execute(RedisCommands.expiretime(key)).decode(as: Int.self)
    }

    /// Find all keys matching the given pattern.
    ///
    /// `KEYS` · since Redis 1.0.0 · group generic · complexity O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.
    ///
    /// - Returns: `[RedisValue]`; RESP2: array of bulk strings; RESP3: array of bulk strings
    public func keys(_ pattern: some RESPBulkStringEncodable) async throws -> [RedisValue] {
        try await execute(RedisCommands.keys(pattern)).decode(as: [RedisValue].self)
    }

    /// Atomically transfer a key from a Redis instance to another one.
    ///
    /// `MIGRATE` · since Redis 2.6.0 · group generic · complexity This command actually executes a DUMP+DEL in the source instance, and a RESTORE in the target instance. See the pages of these commands for time complexity. Also an O(N) data transfer between the two instances is performed.
    ///
    /// - Returns: `String`; RESP2: OK, or NOKEY; RESP3: OK, or NOKEY
    public func migrate(_ host: some RESPBulkStringEncodable, port: Int, key: MigrateKey, destinationDb: Int, timeout: Int, copy: Bool = false, replace: Bool = false, authentication: MigrateAuthentication? = nil, keys: [RedisValue] = []) async throws -> String {
        try await execute(RedisCommands.migrate(host, port: port, key: key, destinationDb: destinationDb, timeout: timeout, copy: copy, replace: replace, authentication: authentication, keys: keys)).decode(as: String.self)
    }

    /// Move a key to another database.
    ///
    /// `MOVE` · since Redis 1.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if moved, 0 if not; RESP3: integer
    public func move(_ key: some RESPBulkStringEncodable, db: Int) async throws -> Bool {
        try await execute(RedisCommands.move(key, db: db)).decode(as: Bool.self)
    }

    /// Inspect the internal encoding of a Redis object.
    ///
    /// `OBJECT ENCODING` · since Redis 2.2.3 · group generic · complexity O(1)
    ///
    /// - Returns: `String?`; RESP2: bulk string, or null for a missing key; RESP3: bulk string or null
    public func objectEncoding(_ key: some RESPBulkStringEncodable) async throws -> String? {
        try await execute(RedisCommands.objectEncoding(key)).decode(as: String?.self)
    }

    /// Get the logarithmic access frequency counter of a Redis object.
    ///
    /// `OBJECT FREQ` · since Redis 4.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Int?`; RESP2: integer, or null for a missing key; RESP3: integer or null
    public func objectFreq(_ key: some RESPBulkStringEncodable) async throws -> Int? {
        try await execute(RedisCommands.objectFreq(key)).decode(as: Int?.self)
    }

    /// Show helpful text about the different subcommands.
    ///
    /// `OBJECT HELP` · since Redis 6.2.0 · group generic · complexity O(1)
    ///
    /// - Returns: `[String]`; RESP2: array of status strings; RESP3: array of status strings
    public func objectHelp() async throws -> [String] {
        try await execute(RedisCommands.objectHelp()).decode(as: [String].self)
    }

    /// Get the time since a Redis object was last accessed.
    ///
    /// `OBJECT IDLETIME` · since Redis 2.2.3 · group generic · complexity O(1)
    ///
    /// - Returns: `Int?`; RESP2: integer, or null for a missing key; RESP3: integer or null
    public func objectIdletime(_ key: some RESPBulkStringEncodable) async throws -> Int? {
        try await execute(RedisCommands.objectIdletime(key)).decode(as: Int?.self)
    }

    /// Get the number of references to the value of the key.
    ///
    /// `OBJECT REFCOUNT` · since Redis 2.2.3 · group generic · complexity O(1)
    ///
    /// - Returns: `Int?`; RESP2: integer, or null for a missing key; RESP3: integer or null
    public func objectRefcount(_ key: some RESPBulkStringEncodable) async throws -> Int? {
        try await execute(RedisCommands.objectRefcount(key)).decode(as: Int?.self)
    }

    /// Remove the expiration from a key.
    ///
    /// `PERSIST` · since Redis 2.2.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if the expiry was removed, else 0; RESP3: integer
    public func persist(_ key: some RESPBulkStringEncodable) async throws -> Bool {
        try await execute(RedisCommands.persist(key)).decode(as: Bool.self)
    }

    /// Set a key's time to live in milliseconds.
    ///
    /// `PEXPIRE` · since Redis 2.6.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if set, 0 if not; RESP3: integer
    public func pexpire(_ key: some RESPBulkStringEncodable, milliseconds: Int, condition: ExpireCondition? = nil) async throws -> Bool {
        try await execute(RedisCommands.pexpire(key, milliseconds: milliseconds, condition: condition)).decode(as: Bool.self)
    }

    /// Set the expiration for a key as a UNIX timestamp specified in milliseconds.
    ///
    /// `PEXPIREAT` · since Redis 2.6.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if set, 0 if not; RESP3: integer
    public func pexpireat(_ key: some RESPBulkStringEncodable, unixTimeMilliseconds: Int, condition: ExpireCondition? = nil) async throws -> Bool {
        try await execute(RedisCommands.pexpireat(key, unixTimeMilliseconds: unixTimeMilliseconds, condition: condition)).decode(as: Bool.self)
    }

    /// Get the expiration Unix timestamp for a key in milliseconds.
    ///
    /// `PEXPIRETIME` · since Redis 7.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer: Unix time in milliseconds, -1 without expiry, -2 for a missing key; RESP3: integer
    public func pexpiretime(_ key: some RESPBulkStringEncodable) async throws -> Int {
        try await execute(RedisCommands.pexpiretime(key)).decode(as: Int.self)
    }

    /// Get the time to live for a key in milliseconds.
    ///
    /// `PTTL` · since Redis 2.6.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer: milliseconds, -1 without expiry, -2 for a missing key; RESP3: integer
    public func pttl(_ key: some RESPBulkStringEncodable) async throws -> Int {
        try await execute(RedisCommands.pttl(key)).decode(as: Int.self)
    }

    /// Return a random key from the keyspace.
    ///
    /// `RANDOMKEY` · since Redis 1.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `RedisValue?`; RESP2: bulk string, or null in an empty database; RESP3: bulk string or null
    public func randomkey() async throws -> RedisValue? {
        try await execute(RedisCommands.randomkey()).decode(as: RedisValue?.self)
    }

    /// Rename a key.
    ///
    /// `RENAME` · since Redis 1.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public func rename(_ key: some RESPBulkStringEncodable, _ newkey: some RESPBulkStringEncodable) async throws {
        _ = try await execute(RedisCommands.rename(key, newkey))
    }

    /// Rename a key, only if the new key does not exist.
    ///
    /// `RENAMENX` · since Redis 1.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if renamed, 0 if the new key exists; RESP3: integer
    public func renamenx(_ key: some RESPBulkStringEncodable, _ newkey: some RESPBulkStringEncodable) async throws -> Bool {
        try await execute(RedisCommands.renamenx(key, newkey)).decode(as: Bool.self)
    }

    /// Create a key using the provided serialized value, previously obtained using DUMP.
    ///
    /// `RESTORE` · since Redis 2.6.0 · group generic · complexity O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public func restore(_ key: some RESPBulkStringEncodable, ttl: Int, _ serializedValue: some RESPBulkStringEncodable, replace: Bool = false, absttl: Bool = false, idletime: Int? = nil, frequency: Int? = nil) async throws {
        _ = try await execute(RedisCommands.restore(key, ttl: ttl, serializedValue, replace: replace, absttl: absttl, idletime: idletime, frequency: frequency))
    }

    /// Incrementally iterate the keys space.
    ///
    /// `SCAN` · since Redis 2.8.0 · group generic · complexity O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.
    ///
    /// - Returns: `RedisScanPage`; RESP2: array: cursor bulk string and array of keys; RESP3: array: cursor bulk string and array of keys
    public func scan(cursor: Int, match: RedisValue? = nil, count: Int? = nil, type: RedisValue? = nil) async throws -> RedisScanPage {
        try await execute(RedisCommands.scan(cursor: cursor, match: match, count: count, type: type)).decode(as: RedisScanPage.self)
    }

    /// Sort the elements in a list, set or sorted set.
    ///
    /// `SORT` · since Redis 1.0.0 · group generic · complexity O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).
    ///
    /// - Returns: `[RedisValue?]`; RESP2: array of bulk strings (null for missing GET lookups); RESP3: array
    public func sort(_ key: some RESPBulkStringEncodable, byPattern: RedisValue? = nil, limit: (offset: Int, count: Int)? = nil, getPattern: [RedisValue] = [], order: SortOrder? = nil, alpha: Bool = false) async throws -> [RedisValue?] {
        try await execute(RedisCommands.sort(key, byPattern: byPattern, limit: limit, getPattern: getPattern, order: order, alpha: alpha)).decode(as: [RedisValue?].self)
    }

    /// Sorts the elements in a list, a set or a sorted set and stores the result in a key.
    ///
    /// `SORT` · since Redis 1.0.0 · group generic · complexity O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).
    ///
    /// - Returns: `Int`; RESP2: integer: elements stored; RESP3: integer
    public func sortStore(_ key: some RESPBulkStringEncodable, byPattern: RedisValue? = nil, limit: (offset: Int, count: Int)? = nil, getPattern: [RedisValue] = [], order: SortOrder? = nil, alpha: Bool = false, destination: some RESPBulkStringEncodable) async throws -> Int {
        try await execute(RedisCommands.sortStore(key, byPattern: byPattern, limit: limit, getPattern: getPattern, order: order, alpha: alpha, destination: destination)).decode(as: Int.self)
    }

    /// Sort the elements in a list, set or sorted set. Read-only variant of SORT.
    ///
    /// `SORT_RO` · since Redis 7.0.0 · group generic · complexity O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).
    ///
    /// - Returns: `[RedisValue?]`; RESP2: array of bulk strings (null for missing GET lookups); RESP3: array
    public func sortRo(_ key: some RESPBulkStringEncodable, byPattern: RedisValue? = nil, limit: (offset: Int, count: Int)? = nil, getPattern: [RedisValue] = [], order: SortOrder? = nil, alpha: Bool = false) async throws -> [RedisValue?] {
        try await execute(RedisCommands.sortRo(key, byPattern: byPattern, limit: limit, getPattern: getPattern, order: order, alpha: alpha)).decode(as: [RedisValue?].self)
    }

    /// Alters the last access time of a key(s). Returns the number of existing keys specified.
    ///
    /// `TOUCH` · since Redis 3.2.1 · group generic · complexity O(N) where N is the number of keys that will be touched.
    ///
    /// - Returns: `Int`; RESP2: integer: keys touched; RESP3: integer
    public func touch(_ keys: [some RESPBulkStringEncodable]) async throws -> Int {
        try await execute(RedisCommands.touch(keys)).decode(as: Int.self)
    }

    /// Get the time to live for a key in seconds.
    ///
    /// `TTL` · since Redis 1.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer: seconds, -1 without expiry, -2 for a missing key; RESP3: integer
    public func ttl(_ key: some RESPBulkStringEncodable) async throws -> Int {
        try await execute(RedisCommands.ttl(key)).decode(as: Int.self)
    }

    /// Determine the type stored at key.
    ///
    /// `TYPE` · since Redis 1.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `String`; RESP2: status: string, list, set, zset, hash, stream or none; RESP3: status
    public func type(_ key: some RESPBulkStringEncodable) async throws -> String {
        try await execute(RedisCommands.type(key)).decode(as: String.self)
    }

    /// Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.
    ///
    /// `UNLINK` · since Redis 4.0.0 · group generic · complexity O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.
    ///
    /// - Returns: `Int`; RESP2: integer: keys unlinked; RESP3: integer
    public func unlink(_ keys: [some RESPBulkStringEncodable]) async throws -> Int {
        try await execute(RedisCommands.unlink(keys)).decode(as: Int.self)
    }

    /// Wait for the synchronous replication of all the write commands sent in the context of the current connection.
    ///
    /// `WAIT` · since Redis 3.0.0 · group generic · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer: replicas that acknowledged; RESP3: integer
    public func wait(numreplicas: Int, timeout: Int) async throws -> Int {
        try await execute(RedisCommands.wait(numreplicas: numreplicas, timeout: timeout)).decode(as: Int.self)
    }

    /// Append a value to a key.
    ///
    /// `APPEND` · since Redis 2.0.0 · group string · complexity O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.
    ///
    /// - Returns: `Int`; RESP2: integer: length after the append; RESP3: integer
    public func append(_ key: some RESPBulkStringEncodable, _ value: some RESPBulkStringEncodable) async throws -> Int {
        try await execute(RedisCommands.append(key, value)).decode(as: Int.self)
    }

    /// Decrement the integer value of a key by one.
    ///
    /// `DECR` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    public func decr(_ key: some RESPBulkStringEncodable) async throws -> Int {
        try await execute(RedisCommands.decr(key)).decode(as: Int.self)
    }

    /// Decrement the integer value of a key by the given number.
    ///
    /// `DECRBY` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    public func decrby(_ key: some RESPBulkStringEncodable, decrement: Int) async throws -> Int {
        try await execute(RedisCommands.decrby(key, decrement: decrement)).decode(as: Int.self)
    }

    /// Get the value of a key.
    ///
    /// `GET` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `RedisValue?`; RESP2: bulk string, or null for a missing key; RESP3: bulk string or null
    public func get(_ key: some RESPBulkStringEncodable) async throws -> RedisValue? {
        try await execute(RedisCommands.get(key)).decode(as: RedisValue?.self)
    }

    /// Get the value of a key and delete the key.
    ///
    /// `GETDEL` · since Redis 6.2.0 · group string · complexity O(1)
    ///
    /// - Returns: `RedisValue?`; RESP2: bulk string, or null; RESP3: bulk string or null
    public func getdel(_ key: some RESPBulkStringEncodable) async throws -> RedisValue? {
        try await execute(RedisCommands.getdel(key)).decode(as: RedisValue?.self)
    }

    /// Get the value of a key and optionally set its expiration.
    ///
    /// `GETEX` · since Redis 6.2.0 · group string · complexity O(1)
    ///
    /// - Returns: `RedisValue?`; RESP2: bulk string, or null; RESP3: bulk string or null
    public func getex(_ key: some RESPBulkStringEncodable, expiration: GetExExpiration? = nil) async throws -> RedisValue? {
        try await execute(RedisCommands.getex(key, expiration: expiration)).decode(as: RedisValue?.self)
    }

    /// Get a substring of the string stored at a key.
    ///
    /// `GETRANGE` · since Redis 2.4.0 · group string · complexity O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.
    ///
    /// - Returns: `RedisValue`; RESP2: bulk string; RESP3: bulk string
    public func getrange(_ key: some RESPBulkStringEncodable, start: Int, end: Int) async throws -> RedisValue {
        try await execute(RedisCommands.getrange(key, start: start, end: end)).decode(as: RedisValue.self)
    }

    /// Set the string value of a key and return its old value.
    ///
    /// `GETSET` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `RedisValue?`; RESP2: bulk string, or null; RESP3: bulk string or null
    public func getset(_ key: some RESPBulkStringEncodable, _ value: some RESPBulkStringEncodable) async throws -> RedisValue? {
        try await execute(RedisCommands.getset(key, value)).decode(as: RedisValue?.self)
    }

    /// Increment the integer value of a key by one.
    ///
    /// `INCR` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    public func incr(_ key: some RESPBulkStringEncodable) async throws -> Int {
        try await execute(RedisCommands.incr(key)).decode(as: Int.self)
    }

    /// Increment the integer value of a key by the given amount.
    ///
    /// `INCRBY` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    public func incrby(_ key: some RESPBulkStringEncodable, increment: Int) async throws -> Int {
        try await execute(RedisCommands.incrby(key, increment: increment)).decode(as: Int.self)
    }

    /// Increment the float value of a key by the given amount.
    ///
    /// `INCRBYFLOAT` · since Redis 2.6.0 · group string · complexity O(1)
    ///
    /// - Returns: `Double`; RESP2: bulk string with the new value; RESP3: bulk string with the new value
    public func incrbyfloat(_ key: some RESPBulkStringEncodable, increment: Double) async throws -> Double {
        try await execute(RedisCommands.incrbyfloat(key, increment: increment)).decode(as: Double.self)
    }

    /// Find longest common substring.
    ///
    /// `LCS` · since Redis 7.0.0 · group string · complexity O(N*M) where N and M are the lengths of s1 and s2, respectively
    ///
    /// - Returns: `RedisValue`; RESP2: bulk string: the longest common subsequence; RESP3: bulk string
    public func lcs(_ key1: some RESPBulkStringEncodable, _ key2: some RESPBulkStringEncodable) async throws -> RedisValue {
        try await execute(RedisCommands.lcs(key1, key2)).decode(as: RedisValue.self)
    }

    /// Returns the length of the longest common subsequence of two strings.
    ///
    /// `LCS` · since Redis 7.0.0 · group string · complexity O(N*M) where N and M are the lengths of s1 and s2, respectively
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    public func lcsLength(_ key1: some RESPBulkStringEncodable, _ key2: some RESPBulkStringEncodable) async throws -> Int {
        try await execute(RedisCommands.lcsLength(key1, key2)).decode(as: Int.self)
    }

    /// Returns the positions of the matches of the longest common subsequence of two strings.
    ///
    /// `LCS` · since Redis 7.0.0 · group string · complexity O(N*M) where N and M are the lengths of s1 and s2, respectively
    ///
    /// - Returns: `RESPValue`; RESP2: array of matches and len as field/value pairs; RESP3: map with matches and len
    public func lcsMatches(_ key1: some RESPBulkStringEncodable, _ key2: some RESPBulkStringEncodable, minMatchLen: Int? = nil, withMatchLen: Bool = false) async throws -> RESPValue {
        try await execute(RedisCommands.lcsMatches(key1, key2, minMatchLen: minMatchLen, withMatchLen: withMatchLen)).decode(as: RESPValue.self)
    }

    /// Get the values of all the given keys.
    ///
    /// `MGET` · since Redis 1.0.0 · group string · complexity O(N) where N is the number of keys to retrieve.
    ///
    /// - Returns: `[RedisValue?]`; RESP2: array of bulk strings or nulls; RESP3: array of bulk strings or nulls
    public func mget(_ keys: [some RESPBulkStringEncodable]) async throws -> [RedisValue?] {
        try await execute(RedisCommands.mget(keys)).decode(as: [RedisValue?].self)
    }

    /// Set multiple keys to multiple values.
    ///
    /// `MSET` · since Redis 1.0.1 · group string · complexity O(N) where N is the number of keys to set.
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public func mset(pairs: [(key: RedisValue, value: RedisValue)]) async throws {
        _ = try await execute(RedisCommands.mset(pairs: pairs))
    }

    /// Set multiple keys to multiple values, only if none of the keys exist.
    ///
    /// `MSETNX` · since Redis 1.0.1 · group string · complexity O(N) where N is the number of keys to set.
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if all were set, 0 if none; RESP3: integer
    public func msetnx(pairs: [(key: RedisValue, value: RedisValue)]) async throws -> Bool {
        try await execute(RedisCommands.msetnx(pairs: pairs)).decode(as: Bool.self)
    }

    /// Set the value and expiration in milliseconds of a key.
    ///
    /// `PSETEX` · since Redis 2.6.0 · group string · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public func psetex(_ key: some RESPBulkStringEncodable, milliseconds: Int, _ value: some RESPBulkStringEncodable) async throws {
        _ = try await execute(RedisCommands.psetex(key, milliseconds: milliseconds, value))
    }

    /// Set the string value of a key.
    ///
    /// `SET` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: OK, or null bulk string when NX/XX prevented the write; RESP3: OK or null
    public func set(_ key: some RESPBulkStringEncodable, _ value: some RESPBulkStringEncodable, expiration: Expiration? = nil, options: SetOptions? = nil) async throws -> Bool {
        try await execute(RedisCommands.set(key, value, expiration: expiration, options: options)).decode(as: Bool.self)
    }

    /// Sets the string value of a key and returns the value it replaced.
    ///
    /// `SET` · since Redis 6.2.0 · group string · complexity O(1)
    ///
    /// - Returns: `RedisValue?`; RESP2: the old value as a bulk string, or null; RESP3: bulk string or null
    public func setGet(_ key: some RESPBulkStringEncodable, _ value: some RESPBulkStringEncodable, expiration: Expiration? = nil, options: SetOptions? = nil) async throws -> RedisValue? {
        try await execute(RedisCommands.setGet(key, value, expiration: expiration, options: options)).decode(as: RedisValue?.self)
    }

    /// Set the value and expiration of a key.
    ///
    /// `SETEX` · since Redis 2.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public func setex(_ key: some RESPBulkStringEncodable, seconds: Int, _ value: some RESPBulkStringEncodable) async throws {
        _ = try await execute(RedisCommands.setex(key, seconds: seconds, value))
    }

    /// Set the value of a key, only if the key does not exist.
    ///
    /// `SETNX` · since Redis 1.0.0 · group string · complexity O(1)
    ///
    /// - Returns: `Bool`; RESP2: integer 1 if set, 0 if not; RESP3: integer
    public func setnx(_ key: some RESPBulkStringEncodable, _ value: some RESPBulkStringEncodable) async throws -> Bool {
        try await execute(RedisCommands.setnx(key, value)).decode(as: Bool.self)
    }

    /// Overwrite part of a string at key starting at the specified offset.
    ///
    /// `SETRANGE` · since Redis 2.2.0 · group string · complexity O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.
    ///
    /// - Returns: `Int`; RESP2: integer: length after the write; RESP3: integer
    public func setrange(_ key: some RESPBulkStringEncodable, offset: Int, _ value: some RESPBulkStringEncodable) async throws -> Int {
        try await execute(RedisCommands.setrange(key, offset: offset, value)).decode(as: Int.self)
    }

    /// Get the length of the value stored in a key.
    ///
    /// `STRLEN` · since Redis 2.2.0 · group string · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    public func strlen(_ key: some RESPBulkStringEncodable) async throws -> Int {
        try await execute(RedisCommands.strlen(key)).decode(as: Int.self)
    }

    /// Get a substring of the string stored at a key.
    ///
    /// `SUBSTR` · since Redis 1.0.0 · group string · complexity O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.
    ///
    /// - Returns: `RedisValue`; RESP2: bulk string; RESP3: bulk string
    public func substr(_ key: some RESPBulkStringEncodable, start: Int, end: Int) async throws -> RedisValue {
        try await execute(RedisCommands.substr(key, start: start, end: end)).decode(as: RedisValue.self)
    }

    /// Return the number of keys in the selected database.
    ///
    /// `DBSIZE` · since Redis 1.0.0 · group server · complexity O(1)
    ///
    /// - Returns: `Int`; RESP2: integer; RESP3: integer
    public func dbsize() async throws -> Int {
        try await execute(RedisCommands.dbsize()).decode(as: Int.self)
    }

    /// Remove all keys from all databases.
    ///
    /// `FLUSHALL` · since Redis 1.0.0 · group server · complexity O(N) where N is the total number of keys in all databases
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public func flushall(mode: FlushMode? = nil) async throws {
        _ = try await execute(RedisCommands.flushall(mode: mode))
    }

    /// Remove all keys from the current database.
    ///
    /// `FLUSHDB` · since Redis 1.0.0 · group server · complexity O(N) where N is the number of keys in the selected database
    ///
    /// - Returns: `Void`; RESP2: OK; RESP3: OK
    public func flushdb(mode: FlushMode? = nil) async throws {
        _ = try await execute(RedisCommands.flushdb(mode: mode))
    }

    /// Get information and statistics about the server.
    ///
    /// `INFO` · since Redis 1.0.0 · group server · complexity O(1)
    ///
    /// - Returns: `String`; RESP2: bulk string; RESP3: verbatim string
    public func info(sections: [RedisValue] = []) async throws -> String {
        try await execute(RedisCommands.info(sections: sections)).decode(as: String.self)
    }
}
