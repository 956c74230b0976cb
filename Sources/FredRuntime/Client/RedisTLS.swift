/// TLS for a client's connections (``RedisConfig/tls``): whom to trust, who the client is, and how
/// strictly the server's certificate is checked.
///
/// ```swift
/// var config = try RedisConfig(url: "rediss://app:secret@cache.example.com:6380")
/// config.tls?.trustRoots = .file("/etc/redis/ca.pem")      // the system's roots by default
/// config.tls?.clientCertificate = .init(certificateFile: "client.pem", privateKeyFile: "client.key")
/// ```
///
/// One TLS context is made for each configuration and shared by every connection made from it
/// (reconnections, connections of the client's own, a cluster's nodes).
public struct RedisTLS: Sendable {
    /// Where trusted root certificates come from.
    public enum TrustRoots: Sendable, Hashable {
        /// The operating system's roots.
        case system
        /// The PEM certificates in a file (a private CA).
        case file(String)
        /// PEM text holding one or more certificates.
        case pem(String)
    }

    /// How the server's certificate is checked.
    public enum Verification: Sendable, Hashable {
        /// The chain must lead to a trusted root and the certificate must name the server (the
        /// default).
        case full
        /// The chain must lead to a trusted root; any name is accepted (for nodes reached by an
        /// address their certificate does not list).
        case chainOnly
        /// Nothing is checked: anyone on the path can read and change the traffic. Every connect
        /// made so logs a warning.
        case none
    }

    /// Which name the server's certificate must carry (and which is sent as SNI).
    public enum ServerName: Sendable, Hashable {
        /// The host connected to; for an IP address no name is sent, and the certificate must
        /// list that IP address.
        case host
        /// This name, whatever host is connected to (a cluster's nodes behind one certificate).
        case fixed(String)
    }

    /// The client's own certificate, for servers that require one (`tls-auth-clients yes`).
    public struct ClientCertificate: Sendable, Hashable {
        /// A PEM file with the certificate (and any intermediates after it).
        public var certificateFile: String
        /// A PEM file with the certificate's private key; never logged.
        public var privateKeyFile: String

        public init(certificateFile: String, privateKeyFile: String) {
            self.certificateFile = certificateFile
            self.privateKeyFile = privateKeyFile
        }
    }

    /// The lowest TLS version accepted.
    public enum Version: Sendable, Hashable {
        case tls12, tls13
    }

    /// Whom to trust; the system's roots by default.
    public var trustRoots: TrustRoots
    /// The client's certificate for mutual TLS; nil sends none.
    public var clientCertificate: ClientCertificate?
    /// How the server's certificate is checked; ``Verification/full`` by default.
    public var verification: Verification
    /// The name expected in the server's certificate; ``ServerName/host`` by default. Nodes a
    /// cluster client discovers are checked against the host name the cluster announces for them
    /// (`cluster-announce-hostname`), else the seed's host (``ServerName/host``), or the fixed name.
    public var serverName: ServerName
    /// TLS 1.2 by default (servers take TLS 1.2 and 1.3).
    public var minimumVersion: Version
    /// Whether the environment variable `FRED_DISABLE_CERT_VERIFICATION` (`true` or `1`) may turn
    /// verification off, as in the Rust `fred`; on by default. Set it to false so that nothing
    /// outside the application can weaken its TLS.
    public var honorsEnvironment: Bool

    /// Full verification against `trustRoots`, TLS 1.2 or newer.
    public init(
        trustRoots: TrustRoots = .system,
        clientCertificate: ClientCertificate? = nil,
        verification: Verification = .full,
        serverName: ServerName = .host,
        minimumVersion: Version = .tls12,
        honorsEnvironment: Bool = true
    ) {
        self.trustRoots = trustRoots
        self.clientCertificate = clientCertificate
        self.verification = verification
        self.serverName = serverName
        self.minimumVersion = minimumVersion
        self.honorsEnvironment = honorsEnvironment
        self.contexts = RedisTLSContextCache()
    }

    /// The contexts made from this configuration, shared by its copies.
    let contexts: RedisTLSContextCache

    /// The environment variable that disables certificate verification (seed parity).
    public static let disableVerificationVariable = "FRED_DISABLE_CERT_VERIFICATION"
}

extension RedisTLS: CustomStringConvertible {
    public var description: String {
        var text = "TLS("
        switch trustRoots {
        case .system: text += "system roots"
        case .file(let path): text += "CA \(path)"
        case .pem: text += "CA from PEM"
        }
        switch verification {
        case .full: break
        case .chainOnly: text += ", chain only"
        case .none: text += ", no verification"
        }
        if case .fixed(let name) = serverName { text += ", name \(name)" }
        if let clientCertificate { text += ", client certificate \(clientCertificate.certificateFile)" }
        return text + ")"
    }
}
