/// Why a connection could not be made, as a value a program can match
/// (``RedisError/connectionFailed(_:)``).
///
/// ```swift
/// do { try await client.connect() } catch RedisError.connectionFailed(let failure) {
///     switch failure.reason {
///     case .refused: …                       // nothing listens there
///     case .tls(.untrustedCertificate): …    // the CA is not trusted
///     default: …
///     }
/// }
/// ```
public struct RedisConnectionFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Hashable {
        /// Nothing accepts connections at the address (`ECONNREFUSED`, or no such unix socket).
        case refused
        /// The host name did not resolve (DNS).
        case hostNotFound
        /// The TCP (or unix socket) connection was not made within ``RedisConfig/connectTimeout``.
        case timedOut
        /// The network or host is unreachable, or the socket failed otherwise (`detail` says how).
        case unreachable
        /// The server closed the connection before the handshake (`HELLO`, `AUTH`, …) finished:
        /// often a plaintext client talking to a TLS port.
        case closedDuringHandshake
        /// TLS failed; the case says why.
        case tls(RedisTLSFailure)
        /// The unix socket path is longer than the system's limit; nothing was dialled.
        case socketPathTooLong
        /// No sentinel named a primary that could be reached and says it is one (`ROLE`); `detail`
        /// lists what each sentinel and candidate answered.
        case primaryNotFound
        /// Reconnecting was given up (``RedisReconnectPolicy``); `detail` holds the last attempt's error.
        case gaveUp
    }

    /// What went wrong.
    public var reason: Reason
    /// The server: `host:port`, or the unix socket path.
    public var server: String
    /// Details for people (the system's or the TLS library's message); never a secret.
    public var detail: String

    public init(reason: Reason, server: String, detail: String) {
        self.reason = reason
        self.server = server
        self.detail = detail
    }

    public var description: String {
        let what: String
        switch reason {
        case .refused: what = "connection refused"
        case .hostNotFound: what = "host not found"
        case .timedOut: what = "connecting timed out"
        case .unreachable: what = "unreachable"
        case .closedDuringHandshake: what = "the server closed the connection during the handshake"
        case .tls(let failure): what = "TLS: \(failure)"
        case .socketPathTooLong: what = "the unix socket path is too long"
        case .primaryNotFound: what = "no primary found through the sentinels"
        case .gaveUp: what = "gave up reconnecting"
        }
        return detail.isEmpty ? "\(server): \(what)" : "\(server): \(what) (\(detail))"
    }
}

/// Why a TLS connection failed.
public enum RedisTLSFailure: Sendable, Hashable, CustomStringConvertible {
    /// The server's certificate does not chain to a trusted root (no CA, wrong CA, self-signed).
    case untrustedCertificate
    /// The certificate is valid but not for the name (or IP address) that was expected.
    case hostnameMismatch
    /// The server's certificate has expired or is not valid yet.
    case certificateExpired
    /// The server wants a client certificate (`tls-auth-clients yes`) and none (or none it
    /// accepts) was given. TLS 1.3 reports this only at the first read, so it may come from the
    /// handshake's first command.
    case clientCertificateRequired
    /// The other side does not speak TLS: it answered the TLS handshake with something else, or
    /// not at all within ``RedisConfig/connectTimeout`` (a plaintext Redis port reads the TLS
    /// greeting as the start of a command and waits silently for its end).
    case notTLS
    /// The client's TLS settings could not be loaded (a CA, certificate or key file); nothing was dialled.
    case badConfiguration
    /// Another TLS failure (`detail` of the ``RedisConnectionFailure`` says which).
    case handshakeFailed

    public var description: String {
        switch self {
        case .untrustedCertificate: return "the server's certificate is not trusted"
        case .hostnameMismatch: return "the server's certificate is not for the expected name"
        case .certificateExpired: return "the server's certificate has expired or is not valid yet"
        case .clientCertificateRequired: return "the server requires a client certificate"
        case .notTLS: return "the server does not speak TLS on this port"
        case .badConfiguration: return "the TLS settings could not be loaded"
        case .handshakeFailed: return "the handshake failed"
        }
    }
}

extension RedisError {
    /// `error`, met while connecting to `server`, as the error a caller sees: a connection failure
    /// or a server's error reply (`WRONGPASS`) stays what it is; a handshake timeout becomes
    /// ``RedisConnectionFailure/Reason/timedOut``; anything else is the server unreachable.
    static func connectionFailed(_ error: any Error, to server: some CustomStringConvertible) -> RedisError {
        guard let redisError = error as? RedisError else {
            return .connectionFailed(RedisConnectionFailure(reason: .unreachable, server: "\(server)", detail: "\(error)"))
        }
        switch redisError {
        case .connectionFailed, .server:
            return redisError
        case .timeout(let what):
            return .connectionFailed(RedisConnectionFailure(reason: .timedOut, server: "\(server)", detail: what))
        default:
            return .connectionFailed(RedisConnectionFailure(reason: .unreachable, server: "\(server)", detail: "\(redisError)"))
        }
    }
}
