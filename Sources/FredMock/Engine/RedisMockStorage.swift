import FredRuntime
/// A value stored in the in-memory engine.
public enum RedisMockData: Sendable, Hashable {
    case string([UInt8])
    case list([[UInt8]])
    case hash([[UInt8]: [UInt8]])
    case set(Set<[UInt8]>)
    case sortedSet([[UInt8]: Double])
    case stream(RedisMockStream)
    /// A HyperLogLog (`PFADD`); a server stores it as a string, so `TYPE` says `string`.
    case hyperLogLog(RedisMockHyperLogLog)

    /// The name `TYPE` reports.
    public var typeName: String {
        switch self {
        case .string, .hyperLogLog: return "string"
        case .stream: return "stream"
        case .list: return "list"
        case .hash: return "hash"
        case .set: return "set"
        case .sortedSet: return "zset"
        }
    }
}

/// A key's value and expiry.
public struct RedisMockEntry: Sendable, Hashable {
    public var data: RedisMockData
    /// Absolute expiry in milliseconds of the mock clock, or nil for none.
    public var expiresAt: Int64?

    public init(data: RedisMockData, expiresAt: Int64? = nil) {
        self.data = data
        self.expiresAt = expiresAt
    }
}

/// One logical database (`SELECT n`).
public struct RedisMockDatabase: Sendable {
    public var entries: [[UInt8]: RedisMockEntry] = [:]
    public init() {}
}

/// Everything the in-memory server stores. Only ever touched under ``RedisMockServer``'s lock.
public final class RedisMockStorage {
    /// The 16 databases of a default Redis configuration.
    public var databases: [RedisMockDatabase] = Array(repeating: RedisMockDatabase(), count: 16)
    /// Connected mock sessions by id, for `CLIENT LIST`/`CLIENT KILL`-style handlers.
    public var clients: [Int: RedisMockSession] = [:]
    /// The `default` user's password, or nil when it needs none (`requirepass`).
    public var password: String?
    var nextClientID = 1
    /// Keys written since the engine last looked, by database: what wakes blocked clients and
    /// aborts transactions that `WATCH` them.
    public internal(set) var touched: Set<RedisMockKeyRef> = []
    /// The ids of clients parked by a blocking command.
    public internal(set) var blockedClientIDs: Set<Int> = []
    /// Pub/sub subscriptions by client id.
    public var subscriptions: [Int: RedisMockSubscriptions] = [:]
    /// Push frames for clients (`message`, `subscribe` confirmations), delivered by the engine
    /// after the command to ``RedisMockServer/pushes(to:)``.
    public var outbox: [(clientID: Int, push: RESPValue)] = []
    /// `CLIENT UNBLOCK` requests for the engine: client id → whether to answer with an error
    /// (else the timeout reply).
    public var unblockRequests: [Int: Bool] = [:]
    /// The scripts the server knows (`SCRIPT LOAD`, `EVAL`), by SHA-1 in lower case.
    public internal(set) var loadedScripts: Set<String> = []
    /// Swift handlers standing in for Lua scripts, by SHA-1 (``RedisMockServer/handleScript(_:with:)``).
    var scriptHandlers: [String: RedisMockHandler] = [:]
    /// Swift handlers standing in for library functions, by name (``RedisMockServer/handleFunction(_:with:)``).
    var functionHandlers: [String: RedisMockHandler] = [:]

    init(password: String?) {
        self.password = password
    }

    /// The live entry at `key`, removing it first if it has expired.
    public func entry(_ key: [UInt8], database: Int, now: Int64) -> RedisMockEntry? {
        guard let entry = databases[database].entries[key] else { return nil }
        if let expiry = entry.expiresAt, expiry <= now {
            databases[database].entries[key] = nil
            return nil
        }
        return entry
    }

    /// Stores `entry` at `key` of `database` (nil deletes), and notes the key as written.
    public func setEntry(_ entry: RedisMockEntry?, for key: [UInt8], database: Int) {
        databases[database].entries[key] = entry
        touched.insert(RedisMockKeyRef(database: database, key: key))
    }

    /// Replaces a whole database (`FLUSHDB`, `FLUSHALL`, `SWAPDB`), and notes it as written.
    public func replaceDatabase(_ database: Int, with contents: RedisMockDatabase) {
        // As on a server: the keys that existed before or exist after count as written.
        for key in databases[database].entries.keys { touched.insert(RedisMockKeyRef(database: database, key: key)) }
        for key in contents.entries.keys { touched.insert(RedisMockKeyRef(database: database, key: key)) }
        databases[database] = contents
    }

    /// Removes every expired key of `database`.
    public func purgeExpired(database: Int, now: Int64) {
        databases[database].entries = databases[database].entries.filter { entry in
            entry.value.expiresAt.map { $0 > now } ?? true
        }
    }
}

/// A client's pub/sub subscriptions.
public struct RedisMockSubscriptions: Sendable, Hashable {
    public var channels: Set<[UInt8]> = []
    public var patterns: Set<[UInt8]> = []
    /// Shard channels (`SSUBSCRIBE`), a namespace of their own.
    public var shardChannels: Set<[UInt8]> = []
    public init() {}
    /// What `SUBSCRIBE`'s confirmations count: channels and patterns together.
    public var count: Int { channels.count + patterns.count }
    /// Whether the client has no subscription at all (and so leaves subscriber mode).
    public var isEmpty: Bool { channels.isEmpty && patterns.isEmpty && shardChannels.isEmpty }
}

/// A key of one database.
public struct RedisMockKeyRef: Sendable, Hashable {
    public var database: Int
    public var key: [UInt8]
    public init(database: Int, key: [UInt8]) {
        self.database = database
        self.key = key
    }
}

/// Per-connection state of a mock client (what `SELECT`, `CLIENT SETNAME`, `HELLO` change).
public struct RedisMockSession: Sendable, Hashable {
    public let id: Int
    public var database: Int = 0
    public var name: String = ""
    public var protocolVersion: Int = 2
    public var username: String = "default"
    /// Whether the session may run commands that need authentication.
    public var authenticated = true
    /// Set by a handler (`QUIT`) to close the connection after the reply.
    public var closeAfterReply = false
    /// Where the session is in its handshake: recordings keep only what comes after it.
    var handshake = Handshake.untilTold

    /// How a session's handshake ends.
    enum Handshake: Sendable, Hashable {
        /// When the client says so (a client in this process, through its transport).
        case untilTold
        /// At the first command that does not set the session up (`HELLO`, `AUTH`, `SELECT`,
        /// `CLIENT SETNAME`…): a client over TCP cannot say when its handshake ends.
        case untilFirstOrdinaryCommand
        case done
    }

    public init(id: Int) { self.id = id }
}

/// What a handler sees: the arguments after the command's name words, the storage, the session and
/// the clock.
public struct RedisMockContext {
    /// The command name as declared in the spec (`CLIENT SETNAME`).
    public let commandName: String
    /// The arguments after the words of the command name.
    public let arguments: [[UInt8]]
    public let storage: RedisMockStorage
    public var session: RedisMockSession
    /// The mock clock, in milliseconds since the Unix epoch.
    public let now: Int64
    /// The engine's own handler for this command when a user's handler runs instead.
    var builtInHandler: RedisMockHandler?
    /// Whether the command runs inside `EXEC` (blocking commands then answer at once).
    public internal(set) var inTransaction = false
    /// Whether the handler runs again for a client parked by a blocking command, because one of
    /// its keys was written (a server then serves it only from keys of the awaited type, and
    /// keeps it parked when a key holds another type).
    public internal(set) var servesBlockedClient = false

    public init(commandName: String, arguments: [[UInt8]], storage: RedisMockStorage, session: RedisMockSession, now: Int64) {
        self.commandName = commandName
        self.arguments = arguments
        self.storage = storage
        self.session = session
        self.now = now
    }

    /// The live entry at `key` in the session's database.
    public func entry(_ key: [UInt8]) -> RedisMockEntry? {
        storage.entry(key, database: session.database, now: now)
    }

    /// Stores `entry` at `key` in the session's database (nil deletes).
    public func setEntry(_ entry: RedisMockEntry?, for key: [UInt8]) {
        storage.setEntry(entry, for: key, database: session.database)
    }

    /// Runs the engine's own handler for this command (from a handler installed with
    /// ``RedisMockServer/handle(_:with:)`` or ``RedisMockServer/handleAll(with:)``), or throws
    /// ``RedisError/unsupportedByMock(command:)`` when the engine has none.
    public mutating func builtIn() throws -> RESPValue {
        guard let handler = builtInHandler else { throw RedisError.unsupportedByMock(command: commandName) }
        return try handler.body(&self)
    }

    /// An error reply with the given text (`ERR syntax error`).
    public static func error(_ message: String) -> RedisMockErrorReply { RedisMockErrorReply(message) }

    /// The error Redis gives for a wrong number of arguments.
    public var wrongArity: RedisMockErrorReply {
        RedisMockErrorReply("ERR wrong number of arguments for '\(commandName.lowercased().split(separator: " ").joined(separator: "|"))' command")
    }
}
