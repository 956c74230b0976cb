#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

/// Where one connection goes: a TCP host and port, or a unix domain socket.
enum RedisConnectionTarget: Sendable, Hashable, CustomStringConvertible {
    case tcp(host: String, port: Int)
    case unixSocket(path: String)

    /// The most bytes a unix socket path may have (`sun_path` less its terminating zero):
    /// 107 on Linux, 103 on the BSDs and macOS.
    static let maxUnixSocketPathBytes: Int = {
        MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1
    }()

    /// Checks what can be checked before dialling.
    func validate() throws {
        guard case .unixSocket(let path) = self else { return }
        if path.utf8.count > Self.maxUnixSocketPathBytes {
            throw RedisError.connectionFailed(RedisConnectionFailure(
                reason: .socketPathTooLong, server: description,
                detail: "\(path.utf8.count) bytes; this system allows \(Self.maxUnixSocketPathBytes)"))
        }
    }

    var description: String {
        switch self {
        case .tcp(let host, let port): return "\(host.contains(":") ? "[\(host)]" : host):\(port)"
        case .unixSocket(let path): return path
        }
    }
}

extension RedisConnectionFailure {
    /// Classifies what SwiftNIO threw while connecting (DNS, refused, timed out, unreachable).
    init(connecting error: any Error, to server: String, timeout: Duration) {
        switch error {
        case ChannelError.connectTimeout:
            self.init(reason: .timedOut, server: server, detail: "no connection within \(timeout)")
        case let error as NIOConnectionError:
            if error.connectionErrors.isEmpty, let dns = error.dnsAError ?? error.dnsAAAAError {
                self.init(reason: .hostNotFound, server: server, detail: "\(dns)")
            } else if let first = error.connectionErrors.first {
                self.init(reason: Self.reason(for: first.error), server: server, detail: Self.detail(for: first.error))
            } else {
                self.init(reason: .hostNotFound, server: server, detail: "the name resolved to no address")
            }
        case is SocketAddressError:
            self.init(reason: .hostNotFound, server: server, detail: "\(error)")
        default:
            self.init(reason: Self.reason(for: error), server: server, detail: Self.detail(for: error))
        }
    }

    private static func reason(for error: any Error) -> Reason {
        if case ChannelError.connectTimeout = error { return .timedOut }
        guard let error = error as? IOError else { return .unreachable }
        switch error.errnoCode {
        case ECONNREFUSED, ENOENT: return .refused
        case ETIMEDOUT: return .timedOut
        default: return .unreachable
        }
    }

    private static func detail(for error: any Error) -> String {
        guard let error = error as? IOError else { return "\(error)" }
        return String(cString: strerror(error.errnoCode))
    }
}
