import FredRuntime
import NIOCore

/// Handlers for the server commands the foundation covers: `INFO`, `DBSIZE`, `FLUSHDB`, `FLUSHALL`.
extension RedisMockHandler {
    /// `INFO [section ...]` with the `server`, `clients` and `keyspace` sections.
    public static let info = RedisMockHandler { context in
        let requested = Set(context.arguments.map { String(decoding: $0, as: UTF8.self).lowercased() })
        let everything = requested.isEmpty || !requested.isDisjoint(with: ["all", "everything", "default"])
        var text = ""
        func section(_ name: String, _ lines: [String]) {
            guard everything || requested.contains(name.lowercased()) else { return }
            if !text.isEmpty { text += "\r\n" }
            text += "# \(name)\r\n" + lines.map { $0 + "\r\n" }.joined()
        }
        section("Server", [
            "redis_version:\(emulatedVersion)", "redis_mode:standalone", "os:fred-mock",
            "process_id:0", "tcp_port:0", "uptime_in_seconds:0",
        ])
        var clients = context.storage.clients
        clients[context.session.id] = context.session
        section("Clients", ["connected_clients:\(clients.count)", "blocked_clients:\(context.storage.blockedClientIDs.count)"])
        var keyspace: [String] = []
        for database in context.storage.databases.indices {
            context.storage.purgeExpired(database: database, now: context.now)
            let entries = context.storage.databases[database].entries
            guard !entries.isEmpty else { continue }
            let expires = entries.values.filter { $0.expiresAt != nil }.count
            keyspace.append("db\(database):keys=\(entries.count),expires=\(expires),avg_ttl=0")
        }
        section("Keyspace", keyspace)
        return .verbatimString(format: "txt", ByteBuffer(string: text))
    }

    public static let dbsize = RedisMockHandler { context in
        try context.requireArguments(0...0)
        return .integer(context.liveKeys().count)
    }

    public static let flushdb = RedisMockHandler { context in
        try flushMode(context)
        context.storage.replaceDatabase(context.session.database, with: RedisMockDatabase())
        return .ok
    }

    public static let flushall = RedisMockHandler { context in
        try flushMode(context)
        for database in context.storage.databases.indices {
            context.storage.replaceDatabase(database, with: RedisMockDatabase())
        }
        return .ok
    }

    public static let swapdb = RedisMockHandler { context in
        try context.requireArguments(2...2)
        guard let first = RedisMockNumbers.integer(context.arguments[0]) else { throw RedisMockContext.error("ERR invalid first DB index") }
        guard let second = RedisMockNumbers.integer(context.arguments[1]) else { throw RedisMockContext.error("ERR invalid second DB index") }
        let databases = context.storage.databases.indices
        guard databases.contains(first), databases.contains(second) else { throw RedisMockContext.error("ERR DB index is out of range") }
        let swapped = context.storage.databases[first]
        context.storage.replaceDatabase(first, with: context.storage.databases[second])
        context.storage.replaceDatabase(second, with: swapped)
        return .ok
    }

    /// `ASYNC` and `SYNC` both free memory at once in the engine.
    private static func flushMode(_ context: RedisMockContext) throws {
        try context.requireArguments(0...1)
        if context.arguments.count == 1 && !context.isToken(0, "ASYNC") && !context.isToken(0, "SYNC") {
            throw RedisMockContext.syntaxError
        }
    }
}
