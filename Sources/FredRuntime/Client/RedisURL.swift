/// The parts of a `redis://`, `rediss://` or unix socket URL.
struct RedisURL: Equatable {
    var host: String
    var port: Int
    var database: Int
    var username: String?
    var password: String?
    var protocolVersion: RESPProtocolVersion?
    /// Set for `unix://` and `redis+unix://`.
    var socketPath: String?
    /// Set for `rediss://`: how the server's certificate is checked.
    var tlsVerification: RedisTLS.Verification?
    /// Set for `redis-sentinel://`: the sentinels, the service, the sentinels' own credentials.
    var sentinels: [RedisSentinelConfig.Address]?
    var serviceName: String?
    var sentinelUsername: String?
    var sentinelPassword: String?

    static func parse(_ url: String) throws -> RedisURL {
        let parts = url.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw RedisError.badURL("missing scheme: expected redis://host:port")
        }
        let scheme = parts[0].lowercased()
        var result = RedisURL(host: "127.0.0.1", port: 6379, database: 0)
        let isUnix: Bool
        switch scheme {
        case "redis": isUnix = false
        case "rediss": isUnix = false; result.tlsVerification = .full
        case "unix", "redis+unix": isUnix = true
        case "redis-sentinel": isUnix = false; result.sentinels = []
        case "rediss-sentinel": isUnix = false; result.sentinels = []; result.tlsVerification = .full
        case "rediss+unix": throw RedisError.unsupported("rediss+unix: Redis serves TLS on TCP ports only, not on unix sockets")
        default: throw RedisError.badURL("unknown scheme '\(scheme)': expected redis://, rediss://, unix://, redis+unix:// or redis-sentinel://")
        }
        var rest = parts[1]
        // The user information ends at the last `@` (a host has none): taken first, so that a
        // password holding an unencoded `/`, `?` or `:` is never read as a path, a query or a port,
        // and never appears in an error about them.
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                let user = try percentDecoded(userInfo[..<colon], what: "user name")
                result.username = user.isEmpty ? nil : user
                result.password = try percentDecoded(userInfo[userInfo.index(after: colon)...], what: "password")
            } else {
                let user = try percentDecoded(userInfo, what: "user name")
                result.username = user.isEmpty ? nil : user
            }
        }
        var query: Substring = ""
        if let questionMark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: questionMark)...]
            rest = rest[..<questionMark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = isUnix ? rest[slash...] : rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        if isUnix {
            guard path.count > 1 else { throw RedisError.badURL("a unix socket URL needs an absolute path: unix:///path/to/redis.sock") }
            guard rest.isEmpty || rest == "localhost" else {
                throw RedisError.badURL("a unix socket URL names no host ('\(rest)'): unix:///path/to/redis.sock")
            }
            result.socketPath = try percentDecoded(path, what: "socket path")
            path = ""
        }
        if result.sentinels != nil {
            for host in rest.split(separator: ",", omittingEmptySubsequences: false) {
                let (name, port) = try hostAndPort(host, defaultPort: 26379)
                result.sentinels?.append(.init(host: name ?? "127.0.0.1", port: port))
            }
        } else {
            let (name, port) = try hostAndPort(rest, defaultPort: 6379)
            if let name { result.host = name }
            result.port = port
        }
        if !path.isEmpty {
            guard let database = Int(path), database >= 0 else {
                throw RedisError.badURL("database '\(path)' is not a number of 0 or more")
            }
            result.database = database
        }
        for parameter in query.split(separator: "&") where !parameter.isEmpty {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            let key = pair[0]
            let value = pair.count > 1 ? pair[1] : ""
            switch key {
            case "protocol":
                guard let version = Int(value).flatMap(RESPProtocolVersion.init(rawValue:)) else {
                    throw RedisError.badURL("protocol must be 2 or 3, not '\(value)'")
                }
                result.protocolVersion = version
            case "db":
                guard let database = Int(value), database >= 0 else {
                    throw RedisError.badURL("db '\(value)' is not a number of 0 or more")
                }
                result.database = database
            case "service" where result.sentinels != nil:
                result.serviceName = try percentDecoded(value, what: "service name")
            case "sentinelUsername" where result.sentinels != nil:
                result.sentinelUsername = try percentDecoded(value, what: "sentinel user name")
            case "sentinelPassword" where result.sentinels != nil:
                result.sentinelPassword = try percentDecoded(value, what: "sentinel password")
            case "verify":
                guard result.tlsVerification != nil else { throw RedisError.badURL("verify applies to rediss:// URLs only") }
                switch value {
                case "full": result.tlsVerification = .full
                case "chain": result.tlsVerification = .chainOnly
                case "none": result.tlsVerification = RedisTLS.Verification.none
                default: throw RedisError.badURL("verify must be full, chain or none, not '\(value)'")
                }
            default:
                let known = ["protocol", "db"] + (result.tlsVerification != nil ? ["verify"] : [])
                    + (result.sentinels != nil ? ["service", "sentinelUsername", "sentinelPassword"] : [])
                throw RedisError.badURL("unknown parameter '\(key)'; known: \(known.joined(separator: ", "))")
            }
        }
        if result.sentinels != nil, result.serviceName?.isEmpty ?? true {
            throw RedisError.badURL("a redis-sentinel:// URL needs ?service=<name> (the name the sentinels monitor)")
        }
        return result
    }

    /// `host[:port]` or `[v6]:port`; nil host when empty.
    private static func hostAndPort(_ text: Substring, defaultPort: Int) throws -> (String?, Int) {
        var hostPart = text
        var portPart: Substring?
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw RedisError.badURL("unclosed '[' in the host") }
            let afterClose = hostPart[hostPart.index(after: close)...]
            if afterClose.hasPrefix(":") { portPart = afterClose.dropFirst() } else if !afterClose.isEmpty {
                throw RedisError.badURL("unexpected text after the IPv6 address")
            }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            portPart = hostPart[hostPart.index(after: colon)...]
            hostPart = hostPart[..<colon]
        }
        var port = defaultPort
        if let portPart {
            guard let number = Int(portPart), (1...65535).contains(number) else {
                throw RedisError.badURL("port '\(portPart)' is not a number between 1 and 65535")
            }
            port = number
        }
        return (hostPart.isEmpty ? nil : String(hostPart), port)
    }

    private static func percentDecoded(_ text: Substring, what: String) throws -> String {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let first = utf8.index(after: index)
                guard first < utf8.endIndex, utf8.index(after: first) < utf8.endIndex,
                      let high = hexValue(utf8[first]), let low = hexValue(utf8[utf8.index(after: first)])
                else { throw RedisError.badURL("invalid percent-encoding in the \(what)") }
                bytes.append(high << 4 | low)
                index = utf8.index(first, offsetBy: 2)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
