import FredRuntime

/// Typed transactions: `MULTI`, the commands and `EXEC`, written as one unit. No other task's
/// command can come between them, so a transaction is safe on the connection a client's tasks
/// share; on a cluster, its keys must share one slot.
extension RedisCommandExecutor {
    /// Runs the commands as one transaction and returns their replies, each converted to its
    /// command's type.
    ///
    /// ```swift
    /// let (stored, count) = try await client.transaction(.set("k", "v"), .incr("n"))
    /// ```
    ///
    /// Throws ``RedisError/transactionAborted(queueingErrors:)`` when the server refused a command
    /// while queueing it (none ran), ``RedisError/watchedKeysChanged(attempts:)`` when a key
    /// watched on the connection changed (none ran), and otherwise the first command's failure
    /// once `EXEC` has run them all (the others did run). Use
    /// ``transactionResults(_:)-(RedisCommand<each Response>...)`` to see each outcome.
    public func transaction<each Response>(
        _ commands: repeat RedisCommand<each Response>
    ) async throws -> (repeat each Response) {
        let results = try await transactionResults(repeat each commands)
        return (repeat try (each results).get())
    }

    /// Runs the commands as one transaction and returns each one's outcome: a command that
    /// failed when `EXEC` ran it (`WRONGTYPE`, …) fails its own slot only.
    public func transactionResults<each Response>(
        _ commands: repeat RedisCommand<each Response>
    ) async throws -> (repeat Result<each Response, RedisError>) {
        var encoded: [RESPCommand] = []
        var needed: [RESPCommand?] = []
        for command in repeat each commands {
            encoded.append(command.encoded)
            needed.append(command.prerequisite)
        }
        var slots = try await transactionSlots(encoded, needing: needed)
        return (repeat slots.next(for: each commands))
    }

    /// Runs any number of commands of one type as one transaction and returns their replies.
    public func transaction<Response>(_ commands: [RedisCommand<Response>]) async throws -> [Response] {
        try await transactionResults(commands).map { try $0.get() }
    }

    /// Runs any number of commands of one type as one transaction and returns each one's outcome.
    public func transactionResults<Response>(_ commands: [RedisCommand<Response>]) async throws -> [Result<Response, RedisError>] {
        var slots = try await transactionSlots(commands.map(\.encoded), needing: commands.map(\.prerequisite))
        return commands.map { slots.next(for: $0) }
    }

    /// Runs encoded commands of any kind as one transaction and returns each one's reply or
    /// failure, unconverted: for lists built at run time.
    public func transactionReplies(_ commands: [RESPCommand]) async throws -> [Result<RESPValue, RedisError>] {
        let replies = try await execute([RedisCommands.multi()] + commands + [RedisCommands.exec()])
        return try RedisTransactionReplies.slots(of: replies, commandCount: commands.count)
    }

    /// A transaction whose commands may need prerequisites on the server (the scripts their
    /// `EVALSHA`s name): these go in the same write, just before `MULTI`, so that `EXEC` does not
    /// fail for want of them.
    private func transactionSlots(_ commands: [RESPCommand], needing needed: [RESPCommand?]) async throws -> RedisBatchSlots {
        let prerequisites = RedisBatchSlots.prerequisites(of: needed)
        let replies = try await execute(prerequisites + [RedisCommands.multi()] + commands + [RedisCommands.exec()])
        let slots = try RedisTransactionReplies.slots(of: Array(replies.dropFirst(prerequisites.count)), commandCount: commands.count)
        return RedisBatchSlots(Array(replies.prefix(prerequisites.count)) + slots, prerequisites: prerequisites)
    }
}

extension RedisClient {
    /// An optimistic transaction: watches `keys` on a connection of its own, lets `body` read
    /// them and commit a transaction on that connection, and runs `body` again (up to
    /// `maxAttempts` times in all) while `EXEC` finds that a watched key changed.
    ///
    /// ```swift
    /// let paid = try await client.watch(["balance:{alice}"]) { connection in
    ///     let balance = try await connection.get("balance:{alice}")?.int ?? 0
    ///     guard balance >= 10 else { return false }  // nothing committed: the keys are unwatched
    ///     _ = try await connection.transaction(.decrby("balance:{alice}", decrement: 10), .incrby("paid:{alice}", increment: 10))
    ///     return true
    /// }
    /// ```
    ///
    /// `body` commits with ``RedisCommandExecutor/transaction(_:)-(RedisCommand<each Response>...)``
    /// (or its siblings) on the connection it is given; returning without committing gives up and
    /// forgets the watched keys (`UNWATCH`), as does throwing. After `maxAttempts` lost races it
    /// throws ``RedisError/watchedKeysChanged(attempts:)``.
    @discardableResult
    public func watch<Result: Sendable>(
        _ keys: [some RESPBulkStringEncodable & Sendable],
        maxAttempts: Int = 10,
        _ body: (RedisExclusiveConnection) async throws -> Result,
        isolation: isolated (any Actor)? = #isolation
    ) async throws -> Result {
        guard maxAttempts >= 1 else { throw RedisError.badArgument("maxAttempts must be at least 1, not \(maxAttempts)") }
        guard !keys.isEmpty else { throw RedisError.badArgument("watch needs at least one key") }
        return try await withConnection { connection in
            for _ in 1..<maxAttempts {
                try await connection.watch(keys)
                do {
                    return try await body(connection)
                } catch RedisError.watchedKeysChanged {
                    continue
                }
            }
            try await connection.watch(keys)
            do {
                return try await body(connection)
            } catch RedisError.watchedKeysChanged {
                throw RedisError.watchedKeysChanged(attempts: maxAttempts)
            }
        }
    }
}

extension RedisClusterClient {
    /// An optimistic transaction on the primary that serves `keys` (which must share one slot):
    /// as ``RedisClient/watch(_:maxAttempts:_:isolation:)``. When the slot has moved (`MOVED` to
    /// `WATCH`), the map is reloaded and the new owner is used.
    @discardableResult
    public func watch<Result: Sendable>(
        _ keys: [some RESPBulkStringEncodable & Sendable],
        maxAttempts: Int = 10,
        _ body: (RedisExclusiveConnection) async throws -> Result,
        isolation: isolated (any Actor)? = #isolation
    ) async throws -> Result {
        let slots = Set(keys.map { Self.slot(of: $0) })
        guard let slot = slots.first else { throw RedisError.badArgument("watch needs at least one key") }
        guard slots.count == 1 else { throw RedisError.crossSlot(command: "WATCH") }
        do {
            return try await primaryClient(forSlot: slot).watch(keys, maxAttempts: maxAttempts, body)
        } catch RedisError.server(let error) where error.kind == .moved {
            try await reloadTopology()
            return try await primaryClient(forSlot: slot).watch(keys, maxAttempts: maxAttempts, body)
        }
    }
}
