/// A primary found through Redis Sentinel (``RedisConfig/Server/sentinel(_:)``): the sentinels to
/// ask, the name of the service they monitor, and how to reach the sentinels themselves.
///
/// ```swift
/// let config = try RedisConfig(url: "redis-sentinel://app:secret@10.0.0.1:26379,10.0.0.2:26379/0?service=mymaster")
/// ```
///
/// The client subscribes to `+switch-master` on a sentinel before it asks for the primary, asks
/// every sentinel (`SENTINEL GET-MASTER-ADDR-BY-NAME`), checks with `ROLE` that the node it
/// connects to is a primary (on every connect), and on a switch of its service drops its
/// connection to the old primary and connects to the new one.
public struct RedisSentinelConfig: Sendable, CustomStringConvertible {
    /// A sentinel's address.
    public struct Address: Sendable, Hashable, CustomStringConvertible {
        public var host: String
        public var port: Int

        public init(host: String, port: Int = 26379) {
            self.host = host
            self.port = port
        }

        public var description: String { RedisConnectionTarget.tcp(host: host, port: port).description }
    }

    /// The sentinels, asked together; at least one.
    public var sentinels: [Address]
    /// The name the sentinels monitor the primary by (`sentinel monitor <name> …`).
    public var serviceName: String
    /// The sentinels' ACL user, when they require one (`sentinel sentinel-user`); the data
    /// nodes' credentials are ``RedisConfig/username`` and ``RedisConfig/password``.
    public var username: String?
    /// The sentinels' password (`requirepass` of the sentinels); never printed.
    public var password: String?
    /// TLS for the connections to the sentinels; nil connects in plaintext. The data nodes use
    /// ``RedisConfig/tls``.
    public var tls: RedisTLS?

    public init(sentinels: [Address], serviceName: String, username: String? = nil, password: String? = nil, tls: RedisTLS? = nil) {
        self.sentinels = sentinels
        self.serviceName = serviceName
        self.username = username
        self.password = password
        self.tls = tls
    }

    public var description: String {
        "sentinel service \(serviceName) via \(sentinels.map(\.description).joined(separator: ","))"
    }
}

/// A `+switch-master` announcement (`<service> <old host> <old port> <new host> <new port>`), or a
/// `+promoted-slave` one (`slave <host>:<port> <host> <port> @ <service> <old host> <old port>`),
/// which comes earlier in a failover: the replica already answers as the primary.
struct RedisSentinelSwitch: Equatable {
    var serviceName: String
    var old: RedisSentinelConfig.Address
    var new: RedisSentinelConfig.Address

    init?(_ text: String) {
        let words = text.split(separator: " ")
        guard words.count == 5, let oldPort = Int(words[2]), let newPort = Int(words[4]) else { return nil }
        serviceName = String(words[0])
        old = .init(host: String(words[1]), port: oldPort)
        new = .init(host: String(words[3]), port: newPort)
    }

    init?(promotion text: String) {
        let words = text.split(separator: " ")
        guard words.count == 8, words[0] == "slave", words[4] == "@", let newPort = Int(words[3]), let oldPort = Int(words[7]) else {
            return nil
        }
        serviceName = String(words[5])
        old = .init(host: String(words[6]), port: oldPort)
        new = .init(host: String(words[2]), port: newPort)
    }
}

extension RedisSentinelConfig: CustomReflectable {
    /// What `dump`, `Mirror` and debuggers show: the sentinels' password as `***`.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "sentinels": sentinels, "serviceName": serviceName, "username": username as Any,
            "password": password.map { _ in "***" } as Any, "tls": tls as Any,
        ], displayStyle: .struct)
    }
}
