import FredRuntime
import NIOCore

/// Handlers for the connection group: handshake, authentication, session state, `CLIENT`.
extension RedisMockHandler {
    /// The server version the engine answers as.
    public static let emulatedVersion = "7.0.15"

    public static let hello = RedisMockHandler { context in
        var index = 0
        var version: Int?
        if !context.arguments.isEmpty {
            guard let requested = RedisMockNumbers.integer(context.arguments[0]) else {
                throw RedisMockContext.error("ERR Protocol version is not an integer or out of range")
            }
            guard requested == 2 || requested == 3 else { throw RedisMockContext.error("NOPROTO unsupported protocol version") }
            version = requested
            index = 1
        }
        var credentials: (username: [UInt8], password: [UInt8])?
        var name: [UInt8]?
        while index < context.arguments.count {
            let left = context.arguments.count - index - 1
            if context.isToken(index, "AUTH") && left >= 2 {
                credentials = (context.arguments[index + 1], context.arguments[index + 2])
                index += 3
            } else if context.isToken(index, "SETNAME") && left >= 1 {
                name = context.arguments[index + 1]
                index += 2
            } else {
                throw RedisMockContext.error("ERR Syntax error in HELLO option '\(context.text(index))'")
            }
        }
        if let credentials {
            try context.authenticate(username: credentials.username, password: credentials.password)
        }
        guard context.session.authenticated else {
            throw RedisMockContext.error(
                "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"
            )
        }
        if let name { try context.setClientName(name) }
        if let version { context.session.protocolVersion = version }
        return .map([
            RESPMapEntry(key: .bulk("server"), value: .bulk("redis")),
            RESPMapEntry(key: .bulk("version"), value: .bulk(emulatedVersion)),
            RESPMapEntry(key: .bulk("proto"), value: .integer(context.session.protocolVersion)),
            RESPMapEntry(key: .bulk("id"), value: .integer(context.session.id)),
            RESPMapEntry(key: .bulk("mode"), value: .bulk("standalone")),
            RESPMapEntry(key: .bulk("role"), value: .bulk("master")),
            RESPMapEntry(key: .bulk("modules"), value: .array([])),
        ])
    }

    public static let auth = RedisMockHandler { context in
        try context.requireArguments(1...2)
        if context.arguments.count == 1 {
            guard context.storage.password != nil else {
                throw RedisMockContext.error(
                    "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?"
                )
            }
            try context.authenticate(username: Array("default".utf8), password: context.arguments[0])
        } else {
            try context.authenticate(username: context.arguments[0], password: context.arguments[1])
        }
        return .ok
    }

    public static let select = RedisMockHandler { context in
        try context.requireArguments(1...1)
        context.session.database = try context.databaseIndex(0)
        return .ok
    }

    public static let ping = RedisMockHandler { context in
        try context.requireArguments(0...1)
        if context.session.protocolVersion < 3 && context.storage.subscriptions[context.session.id] != nil {
            // A subscribed RESP2 connection gets its PONG in the shape of a message.
            return .array([.bulk("pong"), .bulk(context.arguments.first ?? [])])
        }
        return context.arguments.isEmpty ? .simple("PONG") : .bulk(context.arguments[0])
    }

    public static let echo = RedisMockHandler { context in
        try context.requireArguments(1...1)
        return .bulk(context.arguments[0])
    }

    public static let quit = RedisMockHandler.immediate { context in
        context.session.closeAfterReply = true
        return .ok
    }

    public static let reset = RedisMockHandler.resettingTransaction { context in
        try context.requireArguments(0...0)
        let id = context.session.id
        context.storage.subscriptions[id] = nil
        context.session = RedisMockSession(id: id)
        context.session.authenticated = context.storage.password == nil
        return .simple("RESET")
    }

    public static let clientSetname = RedisMockHandler { context in
        try context.requireArguments(1...1)
        try context.setClientName(context.arguments[0])
        return .ok
    }

    public static let clientGetname = RedisMockHandler { context in
        try context.requireArguments(0...0)
        return context.session.name.isEmpty ? .null : .bulk(context.session.name)
    }

    public static let clientId = RedisMockHandler { context in
        try context.requireArguments(0...0)
        return .integer(context.session.id)
    }

    public static let clientInfo = RedisMockHandler { context in
        try context.requireArguments(0...0)
        return .verbatimString(format: "txt", ByteBuffer(string: context.session.infoLine(command: "client|info")))
    }

    public static let clientList = RedisMockHandler { context in
        var ids: Set<Int>?
        var index = 0
        while index < context.arguments.count {
            if context.isToken(index, "TYPE") && index + 1 < context.arguments.count {
                let type = context.text(index + 1).lowercased()
                guard ["normal", "master", "replica", "slave", "pubsub"].contains(type) else {
                    throw RedisMockContext.error("ERR Unknown client type '\(context.text(index + 1))'")
                }
                // A mock session is a pubsub client while it subscribes to something, else a
                // normal one (the mock has no replicas).
                let matching = Set(context.storage.clients.keys.filter { context.clientType(of: $0) == type })
                ids = ids.map { $0.intersection(matching) } ?? matching
                index += 2
            } else if context.isToken(index, "ID") && index + 1 < context.arguments.count {
                var selected = Set<Int>()
                for position in (index + 1)..<context.arguments.count {
                    guard let id = RedisMockNumbers.integer(context.arguments[position]), id > 0 else {
                        throw RedisMockContext.error("ERR Invalid client ID")
                    }
                    selected.insert(id)
                }
                ids = ids.map { $0.intersection(selected) } ?? selected
                index = context.arguments.count
            } else {
                throw RedisMockContext.syntaxError
            }
        }
        var sessions = context.storage.clients
        sessions[context.session.id] = context.session
        let lines = sessions.values.sorted { $0.id < $1.id }
            .filter { ids?.contains($0.id) ?? true }
            .map { $0.infoLine(command: $0.id == context.session.id ? "client|list" : "NULL") }
        return .verbatimString(format: "txt", ByteBuffer(string: lines.joined()))
    }

    /// `CLIENT KILL addr` and `CLIENT KILL [ID id] [ADDR addr] [USER name] [TYPE type] [SKIPME yes|no]`
    /// (and the `clientKillAddress` variant).
    public static let clientKill = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        if context.arguments.count == 1 {
            let address = context.text(0)
            guard let target = context.storage.clients.values.first(where: { $0.address == address }) else {
                throw RedisMockContext.error("ERR No such client")
            }
            context.kill(target.id)
            return .ok
        }
        guard context.arguments.count.isMultiple(of: 2) else { throw RedisMockContext.syntaxError }
        var filters: [(RedisMockSession) -> Bool] = []
        var skipMe = true
        for index in stride(from: 0, to: context.arguments.count, by: 2) {
            let value = context.text(index + 1)
            switch context.text(index).uppercased() {
            case "ID":
                guard let id = RedisMockNumbers.integer(context.arguments[index + 1]), id > 0 else {
                    throw RedisMockContext.error("ERR client-id should be greater than 0")
                }
                filters.append { $0.id == id }
            case "ADDR": filters.append { $0.address == value }
            case "USER": filters.append { $0.username == value }
            case "TYPE":
                let type = value.lowercased()
                guard ["normal", "master", "replica", "slave", "pubsub"].contains(type) else {
                    throw RedisMockContext.error("ERR Unknown client type '\(value)'")
                }
                let matching = Set(context.storage.clients.keys.filter { context.clientType(of: $0) == type })
                filters.append { matching.contains($0.id) }
            case "SKIPME":
                switch value.lowercased() {
                case "yes": skipMe = true
                case "no": skipMe = false
                default: throw RedisMockContext.syntaxError
                }
            default:
                throw RedisMockContext.syntaxError
            }
        }
        let targets = context.storage.clients.values.filter { session in
            !(skipMe && session.id == context.session.id) && filters.allSatisfy { $0(session) }
        }
        for target in targets { context.kill(target.id) }
        return .integer(targets.count)
    }

    public static let clientNoEvict = RedisMockHandler { context in
        try context.requireArguments(1...1)
        // The engine never evicts, so either setting holds.
        guard context.isToken(0, "ON") || context.isToken(0, "OFF") else { throw RedisMockContext.syntaxError }
        return .ok
    }

    public static let clientUnpause = RedisMockHandler { context in
        try context.requireArguments(0...0)
        return .ok
    }

    public static let clientReply = RedisMockHandler { context in
        try context.requireArguments(1...1)
        if context.isToken(0, "ON") { return .ok }
        guard context.isToken(0, "OFF") || context.isToken(0, "SKIP") else { throw RedisMockContext.syntaxError }
        throw context.unsupported(context.text(0).uppercased())
    }

    public static let clientTracking = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        if context.isToken(0, "OFF") && context.arguments.count == 1 { return .ok }
        guard context.isToken(0, "ON") || context.isToken(0, "OFF") else { throw RedisMockContext.syntaxError }
        throw context.unsupported("ON")
    }

    public static let clientTrackinginfo = RedisMockHandler { context in
        try context.requireArguments(0...0)
        return .map([
            RESPMapEntry(key: .bulk("flags"), value: .set([.bulk("off")])),
            RESPMapEntry(key: .bulk("redirect"), value: .integer(-1)),
            RESPMapEntry(key: .bulk("prefixes"), value: .array([])),
        ])
    }

    public static let clientGetredir = RedisMockHandler { context in
        try context.requireArguments(0...0)
        return .integer(-1)
    }

    public static let clientCaching = RedisMockHandler { context in
        try context.requireArguments(1...1)
        throw RedisMockContext.error(
            "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled"
        )
    }

    /// No mock client ever blocks, so there is nothing to unblock.
    public static let clientUnblock = RedisMockHandler { context in
        try context.requireArguments(1...2)
        guard RedisMockNumbers.integer(context.arguments[0]) != nil else { throw RedisMockContext.notAnInteger }
        if context.arguments.count == 2 && !context.isToken(1, "TIMEOUT") && !context.isToken(1, "ERROR") {
            throw RedisMockContext.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR")
        }
        guard let id = RedisMockNumbers.integer(context.arguments[0]), context.storage.blockedClientIDs.contains(id) else {
            return .integer(0)
        }
        context.storage.unblockRequests[id] = context.arguments.count == 2 && context.isToken(1, "ERROR")
        return .integer(1)
    }

    public static let clientHelp = RedisMockHandler { context in
        try context.requireArguments(0...0)
        return .array([
            "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GETNAME", "ID", "INFO", "KILL <ip:port>", "KILL <option> <value> [<option> <value> [...]]",
            "LIST [TYPE (NORMAL|MASTER|REPLICA|PUBSUB)] [ID id [id ...]]", "NO-EVICT (ON|OFF)", "REPLY (ON|OFF|SKIP)",
            "SETNAME <name>", "TRACKINGINFO", "GETREDIR", "UNBLOCK <clientid> [TIMEOUT|ERROR]", "UNPAUSE", "HELP",
        ].map { .simple($0) })
    }
}

extension RedisMockContext {
    /// Checks credentials against the engine's single `default` user.
    mutating func authenticate(username: [UInt8], password: [UInt8]) throws {
        let isDefault = username == Array("default".utf8)
        let passwordMatches = storage.password.map { Array($0.utf8) == password } ?? true
        guard isDefault && passwordMatches else {
            throw Self.error("WRONGPASS invalid username-password pair or user is disabled.")
        }
        session.authenticated = true
        session.username = "default"
    }

    mutating func setClientName(_ name: [UInt8]) throws {
        guard name.allSatisfy({ $0 >= UInt8(ascii: "!") && $0 <= UInt8(ascii: "~") }) else {
            throw Self.error("ERR Client names cannot contain spaces, newlines or special characters.")
        }
        session.name = String(decoding: name, as: UTF8.self)
    }

    /// Closes another session: its next command fails as on a closed connection.
    func kill(_ id: Int) {
        storage.clients[id] = nil
    }
}

extension RedisMockSession {
    /// The address `CLIENT LIST` shows for a mock session.
    var address: String { "mock:\(id)" }

    func infoLine(command: String) -> String {
        "id=\(id) addr=\(address) laddr=mock:0 fd=-1 name=\(name) age=0 idle=0 flags=N db=\(database) sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=\(command) user=\(username) redir=-1 resp=\(protocolVersion)\n"
    }
}

extension RedisMockContext {
    /// What `CLIENT LIST TYPE` and `CLIENT KILL TYPE` call session `id`: `pubsub` while it
    /// subscribes to anything, else `normal`.
    func clientType(of id: Int) -> String {
        storage.subscriptions[id].map { $0.isEmpty ? "normal" : "pubsub" } ?? "normal"
    }
}
