import NIOCore

/// The commands the runtime itself sends while setting up a connection, cleaning one that is given
/// back, and closing it.
///
/// The runtime never spells a command: these builders come from the spec (FredCommands provides
/// `RedisSessionCommands.standard`, built from `commands.yaml`). A package with its own spec can
/// supply its own.
public struct RedisSessionCommands: Sendable {
    /// `HELLO protocolVersion [AUTH username password] [SETNAME clientName]`.
    public var hello: @Sendable (_ protocolVersion: Int, _ credentials: (username: String, password: String)?, _ clientName: String) -> RESPCommand
    /// `AUTH [username] password`.
    public var auth: @Sendable (_ username: String?, _ password: String) -> RESPCommand
    /// `CLIENT SETNAME name`.
    public var setName: @Sendable (_ name: String) -> RESPCommand
    /// `SELECT index`.
    public var select: @Sendable (_ database: Int) -> RESPCommand
    /// `QUIT` (or whatever politely ends a connection).
    public var quit: @Sendable () -> RESPCommand
    /// `PING`, the heartbeat of idle connections.
    public var ping: @Sendable () -> RESPCommand
    /// `DISCARD`: ends a transaction left open on a connection that is given back.
    public var discard: @Sendable () -> RESPCommand
    /// `UNWATCH`: forgets the keys a connection that is given back still watches.
    public var unwatch: @Sendable () -> RESPCommand
    /// `SUBSCRIBE`, `PSUBSCRIBE`, `SSUBSCRIBE` (`subscribe` true) or their `UNSUBSCRIBE` of
    /// `names`; nil when the spec has none (subscribing then throws).
    public var subscription: (@Sendable (_ kind: RedisSubscriptionKind, _ subscribe: Bool, _ names: [ByteBuffer]) -> RESPCommand)?
    /// `ROLE`: checked on every connect of a client that found its primary through Sentinel; nil
    /// when the spec has none (such a client then throws).
    public var role: (@Sendable () -> RESPCommand)?
    /// `SENTINEL GET-MASTER-ADDR-BY-NAME service`; nil when the spec has none.
    public var sentinelPrimaryAddress: (@Sendable (_ serviceName: String) -> RESPCommand)?

    public init(
        hello: @escaping @Sendable (Int, (username: String, password: String)?, String) -> RESPCommand,
        auth: @escaping @Sendable (String?, String) -> RESPCommand,
        setName: @escaping @Sendable (String) -> RESPCommand,
        select: @escaping @Sendable (Int) -> RESPCommand,
        quit: @escaping @Sendable () -> RESPCommand,
        ping: @escaping @Sendable () -> RESPCommand,
        discard: @escaping @Sendable () -> RESPCommand,
        unwatch: @escaping @Sendable () -> RESPCommand,
        subscription: (@Sendable (RedisSubscriptionKind, Bool, [ByteBuffer]) -> RESPCommand)? = nil,
        role: (@Sendable () -> RESPCommand)? = nil,
        sentinelPrimaryAddress: (@Sendable (String) -> RESPCommand)? = nil
    ) {
        self.subscription = subscription
        self.role = role
        self.sentinelPrimaryAddress = sentinelPrimaryAddress
        self.hello = hello
        self.auth = auth
        self.setName = setName
        self.select = select
        self.quit = quit
        self.ping = ping
        self.discard = discard
        self.unwatch = unwatch
    }
}
