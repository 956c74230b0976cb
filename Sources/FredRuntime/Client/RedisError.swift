/// Every error Fred throws.
public enum RedisError: Error, Sendable, Hashable {
    /// The server answered with an error reply.
    case server(RedisServerError)
    /// Connecting failed: refused, host not found, timed out, TLS, … (``RedisConnectionFailure/reason``
    /// says which, as a value to match).
    case connectionFailed(RedisConnectionFailure)
    /// The connection closed before the command's reply arrived. `mayHaveRun` is true when the
    /// command had been written, so the server may have executed it.
    case connectionClosed(mayHaveRun: Bool)
    /// An operation did not finish in its configured time (``RedisConfig/connectTimeout``); the
    /// text says which.
    case timeout(String)
    /// `limit` commands already wait (for the connection while reconnecting,
    /// ``RedisConfig/maxCommandBufferLength``, or for their replies,
    /// ``RedisConfig/maxCommandsInFlight``); this one was not sent.
    case commandBufferFull(limit: Int)
    /// The client is not connected (never connected, or quit).
    case notConnected
    /// The server sent bytes that are not valid RESP; the connection was closed.
    case protocolViolation(String)
    /// A reply did not have the shape the command's Swift type needs.
    case unexpectedReply(expected: String, got: String)
    /// An argument or configuration value is invalid; the text says which and why.
    case badArgument(String)
    /// A `redis://` URL could not be read; the text says why (and never contains the password).
    case badURL(String)
    /// The in-memory mock engine has no handler for this command.
    case unsupportedByMock(command: String)
    /// The mock runs no Lua: `EVAL`, `EVALSHA` or `FCALL` named a script (`script <sha1>`) or
    /// function (`function <name>`) that has no Swift handler standing in for it. Register one
    /// with FredMock's `RedisMockServer.handleScript(_:with:)` or `handleFunction(_:with:)`.
    case mockNeedsHandler(script: String)
    /// A feature this version of Fred does not have yet.
    case unsupported(String)
    /// A cluster client refused a command whose keys hash to different slots (found before
    /// sending, as the server would answer `CROSSSLOT`).
    case crossSlot(command: String)
    /// A cluster kept redirecting a command (`MOVED`, `ASK`, `TRYAGAIN`, `CLUSTERDOWN`) past the
    /// client's limit; the last answer is `last`.
    case tooManyRedirects(command: String, last: String)
    /// `command` cannot run where it was sent (the connection every task of a client shares, or a
    /// batch); `reason` says why and what serves it.
    case needsDedicatedConnection(command: String, reason: String)
    /// The cluster client knows no node that serves what the command needs (a slot with no primary
    /// in its map, or no primary at all), even after waiting out a failover; the text says which.
    /// Distinct from a server's `CLUSTERDOWN` reply (``server(_:)``).
    case clusterUnavailable(String)
    /// No connection of the client's own came free in time: `limit` were in use
    /// (``RedisConfig/maxExclusiveConnections``) for the whole ``RedisConfig/exclusiveConnectionWaitTimeout``
    /// (blocking commands, ``RedisClient/withConnection(_:isolation:)``, `watch`).
    case poolTimeout(limit: Int, waited: Duration)
    /// The server refused commands of a transaction while queueing them (`EXECABORT`), so none of
    /// them ran. `queueingErrors` holds each refused command's error by its position in the
    /// transaction (0 for the first command after `MULTI`).
    case transactionAborted(queueingErrors: [Int: RedisServerError])
    /// `EXEC` found that a key watched with `WATCH` had changed, so the transaction did not run.
    /// `attempts` is how many times it was tried.
    case watchedKeysChanged(attempts: Int)
    /// A subscription's consumer fell `limit` messages behind and its
    /// ``RedisSubscriptionOptions/overflow`` policy is to end it.
    case subscriptionOverflow(limit: Int)
}

extension RedisError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .server(let error): return error.description
        case .connectionFailed(let failure): return "connection failed: \(failure)"
        case .connectionClosed(let mayHaveRun):
            return mayHaveRun
                ? "connection closed after the command was sent; it may have run"
                : "connection closed before the command was sent; it did not run"
        case .timeout(let what): return "timed out: \(what)"
        case .commandBufferFull(let limit):
            return "\(limit) commands already wait; this one was not sent"
        case .notConnected: return "the client is not connected"
        case .protocolViolation(let reason): return "protocol violation: \(reason)"
        case .unexpectedReply(let expected, let got): return "unexpected reply: expected \(expected), got \(got)"
        case .badArgument(let reason): return "bad argument: \(reason)"
        case .badURL(let reason): return "bad Redis URL: \(reason)"
        case .unsupportedByMock(let command): return "the mock layer does not support \(command)"
        case .mockNeedsHandler(let script):
            return "the mock runs no Lua: give \(script) a Swift handler (RedisMockServer.handleScript or handleFunction)"
        case .unsupported(let what): return "not supported: \(what)"
        case .crossSlot(let command): return "\(command): its keys hash to different cluster slots"
        case .tooManyRedirects(let command, let last): return "\(command): the cluster kept redirecting it (last: \(last))"
        case .needsDedicatedConnection(let command, let reason): return "\(command) cannot run on a shared connection: \(reason)"
        case .clusterUnavailable(let what): return "cluster unavailable: \(what)"
        case .poolTimeout(let limit, let waited):
            return "no connection of the client's own came free within \(waited) (all \(limit) in use; maxExclusiveConnections)"
        case .transactionAborted(let errors):
            let reasons = errors.sorted { $0.key < $1.key }.map { "command \($0.key): \($0.value.message)" }
            return "EXECABORT: the transaction did not run; the server refused \(reasons.joined(separator: "; "))"
        case .watchedKeysChanged(let attempts):
            return "a watched key changed before EXEC, so the transaction did not run (\(attempts) attempt\(attempts == 1 ? "" : "s"))"
        case .subscriptionOverflow(let limit):
            return "the subscription ended: its consumer fell \(limit) messages behind (overflow policy endSubscription)"
        }
    }
}

/// An error reply from the server: its code (the first word, `WRONGTYPE`, `MOVED`, …) and message.
public struct RedisServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The whole reply text, as the server sent it (`WRONGTYPE Operation against a key …`).
    public let message: String

    public init(message: String) { self.message = message }

    /// The first word of the reply.
    public var code: String {
        String(message.prefix { $0 != " " })
    }

    /// The error's kind, from its code.
    public var kind: Kind { Kind(code: code) }

    public var description: String { message }

    /// Error kinds a client reacts to differently.
    public enum Kind: Sendable, Hashable {
        case generic, wrongType, noAuth, wrongPass, noPerm, noProto, moved, ask, tryAgain, clusterDown,
             loading, busy, noScript, readOnly, execAbort, masterDown, crossSlot, oom, other

        init(code: String) {
            switch code {
            case "ERR": self = .generic
            case "WRONGTYPE": self = .wrongType
            case "NOAUTH": self = .noAuth
            case "WRONGPASS": self = .wrongPass
            case "NOPERM": self = .noPerm
            case "NOPROTO": self = .noProto
            case "MOVED": self = .moved
            case "ASK": self = .ask
            case "TRYAGAIN": self = .tryAgain
            case "CLUSTERDOWN": self = .clusterDown
            case "LOADING": self = .loading
            case "BUSY": self = .busy
            case "NOSCRIPT": self = .noScript
            case "READONLY": self = .readOnly
            case "EXECABORT": self = .execAbort
            case "MASTERDOWN": self = .masterDown
            case "CROSSSLOT": self = .crossSlot
            case "OOM": self = .oom
            default: self = .other
            }
        }
    }
}
