/// A user name and password for `AUTH` / `HELLO … AUTH`, from ``RedisConfig/username`` and
/// ``RedisConfig/password`` or from a ``RedisConfig/credentialsProvider``.
public struct RedisCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The ACL user; nil authenticates as `default`.
    public var username: String?
    /// The password (or token); never printed by ``description``.
    public var password: String

    public init(username: String? = nil, password: String) {
        self.username = username
        self.password = password
    }

    /// The user name, with the password as `***`.
    public var description: String { "RedisCredentials(username: \(username ?? "default"), password: ***)" }
}

extension RedisCredentials: CustomReflectable {
    /// What `dump`, `Mirror` and debuggers show: the password as `***`.
    public var customMirror: Mirror {
        Mirror(self, children: ["username": username as Any, "password": "***"], displayStyle: .struct)
    }
}

/// Gives the credentials for a new connection; called on every connect and reconnect, so that
/// rotated passwords and short-lived tokens (ElastiCache IAM, Azure Entra) are picked up. Throwing
/// fails that connect with the error thrown.
public typealias RedisCredentialsProvider = @Sendable () async throws -> RedisCredentials
