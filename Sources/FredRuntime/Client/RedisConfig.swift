/// How a ``RedisClient`` reaches its server and sets up its connection.
public struct RedisConfig: Sendable {
    /// Where commands go.
    public enum Server: Sendable {
        /// A Redis server over TCP (with TLS when ``RedisConfig/tls`` is set).
        case tcp(host: String, port: Int)
        /// A Redis server on this machine, through a unix domain socket (`unixsocket` in
        /// redis.conf). The path may hold at most 107 bytes on Linux, 103 on macOS.
        case unixSocket(path: String)
        /// The primary of a service monitored by Redis Sentinel, found through the sentinels
        /// (with TLS to the primary when ``RedisConfig/tls`` is set).
        case sentinel(RedisSentinelConfig)
        /// Connections opened by `factory`: the in-memory mock engine (FredMock's `RedisConfig.mock(_:protocolVersion:)`)
        /// or a backend of your own.
        case custom(any RedisTransportFactory)
    }

    public var server: Server
    /// TLS for TCP connections; nil (the default) connects in plaintext. A `rediss://` URL sets
    /// it to ``RedisTLS/init(trustRoots:clientCertificate:verification:serverName:minimumVersion:honorsEnvironment:)``'s
    /// defaults: full verification against the system's roots.
    public var tls: RedisTLS?
    /// The database selected after connecting (`SELECT`), 0 by default.
    public var database: Int
    /// The ACL user; nil uses `default`.
    public var username: String?
    /// The password; never printed by ``description``.
    public var password: String?
    /// Called on every connect and reconnect for the user name and password to send, in place of
    /// ``username`` and ``password``: for rotated passwords and short-lived tokens. nil (the
    /// default) uses ``username`` and ``password``.
    public var credentialsProvider: RedisCredentialsProvider?
    /// The protocol to speak. `.resp3` (the default) sends `HELLO 3` and falls back to RESP2 when
    /// the server does not know it; `.resp2` never sends `HELLO`.
    public var protocolVersion: RESPProtocolVersion
    /// How long connecting may take (the TCP connection and the handshake together).
    public var connectTimeout: Duration
    /// How long a command may wait for its reply before it fails with ``RedisError/timeout(_:)``;
    /// nil (the default) waits as long as the connection lives. A timed-out command keeps its place
    /// on the connection: its late reply is read and dropped, never handed to another caller, and
    /// the command is not sent again. ``RedisClient/withCommandTimeout(_:_:)`` overrides it for
    /// the commands of one task.
    public var commandTimeout: Duration?
    /// How the client reconnects after losing its connection; nil never reconnects. By default it
    /// tries forever with exponential backoff and jitter (``RedisReconnectPolicy/default``).
    public var reconnectPolicy: RedisReconnectPolicy?
    /// Whether ``RedisClient/connect()`` fails at the first failed attempt (true, the default, as
    /// `fail_fast` in the Rust `fred`), or tries again following ``reconnectPolicy`` until a
    /// connection is set up, the policy gives up, the task is cancelled or the client is closed.
    /// Either way, wrong credentials and settings no retry can mend (a unix socket path too long,
    /// a TLS configuration that does not load) fail at once. Without a reconnect policy, connecting
    /// is tried once.
    public var failFast: Bool
    /// How many commands may wait while the client reconnects; more fail at once with
    /// ``RedisError/commandBufferFull(limit:)``.
    public var maxCommandBufferLength: Int
    /// How many connections of its own a client may open besides the shared one (default 64): one
    /// for each blocking command in progress (`BLPOP`, `XREAD BLOCK`, `WAIT`) and each
    /// ``RedisClient/withConnection(_:isolation:)`` in progress. Past the bound, the next one waits
    /// for one to come free, first come first served, for at most
    /// ``exclusiveConnectionWaitTimeout``. Idle ones are kept for reuse.
    public var maxExclusiveConnections: Int
    /// How long a task waits for a connection of the client's own when all
    /// ``maxExclusiveConnections`` are in use (default 5 s) before failing with
    /// ``RedisError/poolTimeout(limit:waited:)``. Zero fails at once.
    public var exclusiveConnectionWaitTimeout: Duration
    /// How long a connection of the client's own may stay idle before it is closed (default 5
    /// minutes); nil keeps idle ones until ``RedisClient/quit()``.
    public var exclusiveConnectionIdleTimeout: Duration?
    /// How many commands one connection may have sent without their replies (default 100,000).
    /// A server that stops reading (frozen, overloaded) makes them pile up; past the bound, new
    /// commands fail at once with ``RedisError/commandBufferFull(limit:)`` instead of growing
    /// memory without end.
    public var maxCommandsInFlight: Int
    /// How many times a command may be sent when connections are lost under it (default 3; 20
    /// suits bad networks). A command never written is always sent again after reconnecting; a
    /// written one only if the spec marks it read-only: writes are at most once. When the client
    /// gives up, ``RedisError/connectionClosed(mayHaveRun:)`` says whether it may have run.
    public var maxCommandAttempts: Int
    /// Whether a write that was sent but not answered when its connection died is sent again
    /// (up to ``maxCommandAttempts``), as the Rust `fred` does. Off by default: such a write may
    /// already have run, and running it twice (an `INCR`, an `RPUSH`) is worse than reporting
    /// ``RedisError/connectionClosed(mayHaveRun:)``. Read-only commands are always resent.
    public var retryWrittenWrites: Bool
    /// With commands waiting for replies, a connection that receives nothing for this long is
    /// taken for dead: it is closed (and the client reconnects). nil (the default) never does; set
    /// it above the longest time a command of yours may legitimately take, blocking ones included.
    public var deadPeerTimeout: Duration?
    /// On a connection idle for this long, the client sends `PING`; no answer within the same time
    /// closes the connection (and the client reconnects). nil (the default) sends none.
    public var heartbeatInterval: Duration?
    /// A password sent to a server that needs none is not an error (on by default): the client
    /// logs a warning and goes on.
    public var ignoreAuthError: Bool
    /// A `NOAUTH` reply (the session lost its authentication) is handled as a lost connection: the
    /// client reconnects, authenticates again and resends the command. Off by default.
    public var reconnectOnAuthError: Bool
    /// While the server answers `LOADING` (it is reading its dataset after a restart), commands
    /// are asked again every 50 ms for up to this long before the error reaches the caller.
    public var maxLoadingWait: Duration
    /// Which connection carries the client's subscriptions (``RedisClient/subscribe(to:options:isolation:_:)``):
    /// one of their own (``RedisPubSubConnection/dedicated``, the default) or the shared one
    /// (``RedisPubSubConnection/shared``, RESP3 only).
    public var pubSubConnection: RedisPubSubConnection
    /// Bounds on what the server may send.
    public var decodingLimits: RESPDecodingLimits

    public init(
        host: String = "127.0.0.1",
        port: Int = 6379,
        database: Int = 0,
        username: String? = nil,
        password: String? = nil,
        protocolVersion: RESPProtocolVersion = .resp3
    ) {
        self.server = .tcp(host: host, port: port)
        self.database = database
        self.username = username
        self.password = password
        self.protocolVersion = protocolVersion
        self.connectTimeout = .seconds(10)
        self.commandTimeout = nil
        self.reconnectPolicy = .default
        self.failFast = true
        self.maxCommandBufferLength = 10_000
        self.maxExclusiveConnections = 64
        self.exclusiveConnectionWaitTimeout = .seconds(5)
        self.exclusiveConnectionIdleTimeout = .seconds(300)
        self.maxCommandsInFlight = 100_000
        self.maxCommandAttempts = 3
        self.retryWrittenWrites = false
        self.deadPeerTimeout = nil
        self.heartbeatInterval = nil
        self.ignoreAuthError = true
        self.reconnectOnAuthError = false
        self.maxLoadingWait = .seconds(60)
        self.decodingLimits = RESPDecodingLimits()
        self.pubSubConnection = .dedicated
    }

    /// Reads a URL:
    /// - `redis://[[user]:password@]host[:port][/database][?protocol=2|3]`;
    /// - `rediss://…`, the same over TLS (full verification against the system's roots; set
    ///   ``tls`` for a private CA or a client certificate); `?verify=full|chain|none` chooses
    ///   ``RedisTLS/verification``;
    /// - `unix:///path/to/redis.sock[?db=2]` and `redis+unix://[user:password@]/path[?db=2]`, a
    ///   unix domain socket (no TLS: `rediss+unix` is refused);
    /// - `redis-sentinel://[user:password@]host1[:26379],host2[:26379][/database]?service=name[&sentinelUsername=…&sentinelPassword=…]`
    ///   (`rediss-sentinel://` for TLS to sentinels and data nodes): the primary of a service that
    ///   Redis Sentinel monitors. The user information is the data nodes'; the sentinels' own
    ///   credentials, if they need any, go in the query (percent-encoded).
    ///
    /// Hosts may be names, IPv4 or bracketed IPv6 addresses (`redis://[::1]:7000`). User name and
    /// password are percent-decoded. Errors say what is wrong without repeating the password.
    public init(url: String) throws {
        let components = try RedisURL.parse(url)
        self.init(host: components.host, port: components.port, database: components.database,
                  username: components.username, password: components.password,
                  protocolVersion: components.protocolVersion ?? .resp3)
        if let path = components.socketPath { server = .unixSocket(path: path) }
        if let sentinels = components.sentinels, let serviceName = components.serviceName {
            var sentinel = RedisSentinelConfig(
                sentinels: sentinels, serviceName: serviceName,
                username: components.sentinelUsername, password: components.sentinelPassword)
            if let verification = components.tlsVerification { sentinel.tls = RedisTLS(verification: verification) }
            server = .sentinel(sentinel)
        }
        if let verification = components.tlsVerification { tls = RedisTLS(verification: verification) }
    }

    /// The server as it appears in errors and logs: `host:port`, a socket path, or the custom
    /// backend's description.
    var serverDescription: String {
        switch server {
        case .tcp(let host, let port): return RedisConnectionTarget.tcp(host: host, port: port).description
        case .unixSocket(let path): return path
        case .sentinel(let sentinel): return sentinel.description
        case .custom(let factory): return factory.description
        }
    }

    func validate() throws {
        if database < 0 { throw RedisError.badArgument("database must be 0 or more, not \(database)") }
        try reconnectPolicy?.validate()
        if maxLoadingWait < .zero { throw RedisError.badArgument("maxLoadingWait must not be negative") }
        if maxCommandsInFlight < 1 { throw RedisError.badArgument("maxCommandsInFlight must be at least 1") }
        if maxCommandAttempts < 1 { throw RedisError.badArgument("maxCommandAttempts must be at least 1") }
        if maxCommandBufferLength < 0 { throw RedisError.badArgument("maxCommandBufferLength must not be negative") }
        if maxExclusiveConnections < 0 { throw RedisError.badArgument("maxExclusiveConnections must not be negative") }
        if exclusiveConnectionWaitTimeout < .zero { throw RedisError.badArgument("exclusiveConnectionWaitTimeout must not be negative") }
        if let idle = exclusiveConnectionIdleTimeout, idle <= .zero {
            throw RedisError.badArgument("exclusiveConnectionIdleTimeout must be positive (nil keeps idle connections)")
        }
        switch server {
        case .tcp(let host, let port):
            if host.isEmpty { throw RedisError.badArgument("the host is empty") }
            if !(1...65535).contains(port) { throw RedisError.badArgument("port \(port) is not between 1 and 65535") }
        case .unixSocket(let path):
            if path.isEmpty { throw RedisError.badArgument("the unix socket path is empty") }
            if tls != nil { throw RedisError.unsupported("TLS over a unix socket: Redis serves TLS on TCP ports only") }
            try RedisConnectionTarget.unixSocket(path: path).validate()
        case .sentinel(let sentinel):
            if sentinel.sentinels.isEmpty { throw RedisError.badArgument("a sentinel configuration needs at least one sentinel") }
            if sentinel.serviceName.isEmpty { throw RedisError.badArgument("the sentinel service name is empty") }
        case .custom:
            break
        }
    }
}

/// The RESP protocol version of a connection.
public enum RESPProtocolVersion: Int, Sendable, Hashable {
    case resp2 = 2
    case resp3 = 3
}

extension RedisConfig: CustomStringConvertible {
    /// The configuration with the password replaced by `***`.
    public var description: String {
        var text = "RedisConfig(\(serverDescription)\(tls.map { ", \($0)" } ?? ""), database: \(database), protocol: RESP\(protocolVersion.rawValue)"
        if let username { text += ", username: \(username)" }
        if password != nil { text += ", password: ***" }
        if credentialsProvider != nil { text += ", credentials from a provider" }
        return text + ")"
    }
}

extension RedisConfig: CustomReflectable {
    /// What `dump(config)`, `Mirror` and debuggers show: every setting, the password as `***`.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "server": server, "tls": tls as Any, "database": database, "username": username as Any,
            "password": password.map { _ in "***" } as Any, "credentialsProvider": credentialsProvider.map { _ in "provider" } as Any,
            "protocolVersion": protocolVersion,
            "connectTimeout": connectTimeout, "commandTimeout": commandTimeout as Any,
            "reconnectPolicy": reconnectPolicy as Any, "failFast": failFast, "maxCommandBufferLength": maxCommandBufferLength,
            "maxExclusiveConnections": maxExclusiveConnections, "exclusiveConnectionWaitTimeout": exclusiveConnectionWaitTimeout,
            "exclusiveConnectionIdleTimeout": exclusiveConnectionIdleTimeout as Any, "maxCommandsInFlight": maxCommandsInFlight,
            "maxCommandAttempts": maxCommandAttempts, "retryWrittenWrites": retryWrittenWrites,
            "deadPeerTimeout": deadPeerTimeout as Any, "heartbeatInterval": heartbeatInterval as Any,
            "ignoreAuthError": ignoreAuthError, "reconnectOnAuthError": reconnectOnAuthError,
            "maxLoadingWait": maxLoadingWait, "decodingLimits": decodingLimits,
        ], displayStyle: .struct)
    }
}

extension RedisConfig.Server {
    /// The unix socket path, for ``unixSocket(path:)``.
    public var socketPath: String? {
        if case .unixSocket(let path) = self { return path }
        return nil
    }
}
