/// What `commands.yaml` says about one command: everything the runtime needs to route and retry
/// it without ever spelling its name. A class, so that every command carries one reference
/// to its description (built once per command name) rather than a copy of it.
public final class RedisCommandInfo: Sendable {
    /// The full name in upper case, words separated by a space (`CLIENT KILL`).
    public let name: String
    /// The words of the name as sent on the wire.
    public let words: [StaticString]
    public let flags: RedisCommandFlags
    /// Cluster routing tips.
    public let requestPolicy: RedisRequestPolicy
    public let responsePolicy: RedisResponsePolicy
    /// The number of words with the name (`GET k`: 2), negative for a minimum (`DEL`: -2); nil
    /// when the spec does not say.
    public let arity: Int?
    /// Where the keys are among the arguments.
    public let keySpecs: [RedisKeySpec]
    /// How the command answers and what it changes on its connection.
    public let semantics: RedisCommandSemantics

    public init(
        name: String,
        words: [StaticString],
        flags: RedisCommandFlags = [],
        requestPolicy: RedisRequestPolicy = .default,
        responsePolicy: RedisResponsePolicy = .default,
        arity: Int? = nil,
        keySpecs: [RedisKeySpec] = [],
        semantics: RedisCommandSemantics = .ordinary
    ) {
        self.name = name
        self.words = words
        self.flags = flags
        self.requestPolicy = requestPolicy
        self.responsePolicy = responsePolicy
        self.arity = arity
        self.keySpecs = keySpecs
        self.semantics = semantics
    }

    /// Describes a command not declared in any spec (see `RedisCommandExecutor.send(command:)`).
    public static let custom = RedisCommandInfo(name: "(custom)", words: [])
}

/// Command flags, as `COMMAND INFO` reports them, plus Fred's own markers.
public struct RedisCommandFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let readonly = Self(rawValue: 1 << 0)
    public static let write = Self(rawValue: 1 << 1)
    public static let denyOOM = Self(rawValue: 1 << 2)
    public static let admin = Self(rawValue: 1 << 3)
    public static let pubsub = Self(rawValue: 1 << 4)
    public static let noScript = Self(rawValue: 1 << 5)
    public static let blocking = Self(rawValue: 1 << 6)
    public static let loading = Self(rawValue: 1 << 7)
    public static let stale = Self(rawValue: 1 << 8)
    public static let skipMonitor = Self(rawValue: 1 << 9)
    public static let skipSlowlog = Self(rawValue: 1 << 10)
    public static let fast = Self(rawValue: 1 << 11)
    public static let noAuth = Self(rawValue: 1 << 12)
    public static let mayReplicate = Self(rawValue: 1 << 13)
    public static let noMandatoryKeys = Self(rawValue: 1 << 14)
    public static let allowBusy = Self(rawValue: 1 << 15)
    public static let noMulti = Self(rawValue: 1 << 16)
    public static let noAsyncLoading = Self(rawValue: 1 << 17)
    /// Fred: a command of the replication protocol, not for applications.
    public static let `internal` = Self(rawValue: 1 << 24)
    /// Fred: a command that stops, blocks or reconfigures the server; tests treat it specially.
    public static let dangerous = Self(rawValue: 1 << 25)
    /// Fred: after this command the connection is closed by the server.
    public static let closesConnection = Self(rawValue: 1 << 26)
    /// Fred: a cluster client may split this command by slot, send the parts in parallel and
    /// combine their replies (`MGET`, `MSET`, `DEL`; not `MSETNX`, whose all-or-nothing would be lost).
    public static let splittable = Self(rawValue: 1 << 27)
    /// Fred: one of the commands a RESP2 connection may still send once it has subscribed
    /// (`SUBSCRIBE`, `UNSUBSCRIBE`, `PING`, `QUIT`, `RESET`, …).
    public static let subscriberMode = Self(rawValue: 1 << 28)
}

/// Where a cluster client sends a command (Redis's `request_policy` tip).
public enum RedisRequestPolicy: Sendable, Hashable {
    case `default`, allNodes, allShards, multiShard, special
}

/// How a cluster client combines the replies of a fanned-out command (Redis's `response_policy` tip).
public enum RedisResponsePolicy: Sendable, Hashable {
    case `default`, oneSucceeded, allSucceeded, aggLogicalAnd, aggLogicalOr, aggMin, aggMax, aggSum, special
}
