#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// The TLS contexts made from one ``RedisTLS`` configuration: one per verification mode actually
/// used (the environment variable may turn verification off), made on first use and shared by
/// every copy of the configuration.
final class RedisTLSContextCache: Sendable {
    private let contexts = NIOLockedValueBox<[RedisTLS.Verification: NIOSSLContext]>([:])

    func context(for tls: RedisTLS, verification: RedisTLS.Verification) throws -> NIOSSLContext {
        try contexts.withLockedValue { contexts in
            if let context = contexts[verification] { return context }
            let context = try NIOSSLContext(configuration: tls.nioConfiguration(verification: verification))
            contexts[verification] = context
            return context
        }
    }
}

/// What one TLS connection needs: the shared context, the name to expect, and how to explain a
/// failure.
struct RedisTLSConnector: Sendable {
    let context: NIOSSLContext
    /// Sent as SNI and checked against the certificate; nil for an IP address (checked against the
    /// certificate's IP entries instead).
    let serverName: String?
    let hasClientCertificate: Bool

    /// The connector for a connection to `host`, or a typed error when the settings cannot be
    /// loaded. Reads `FRED_DISABLE_CERT_VERIFICATION` on every connect (when the configuration
    /// honours it) and warns on every connect made without verification.
    init(tls: RedisTLS, host: String, server: String, logger: Logger) throws {
        var verification = tls.verification
        if tls.honorsEnvironment, RedisTLS.environmentDisablesVerification {
            verification = .none
        }
        if verification == .none {
            logger.warning("TLS certificate verification is off: the server is not authenticated", metadata: [
                "server": "\(server)",
                "why": "\(tls.verification == .none ? "RedisTLS.verification is .none" : "\(RedisTLS.disableVerificationVariable) is set")",
            ])
        }
        do {
            context = try tls.contexts.context(for: tls, verification: verification)
        } catch {
            throw RedisError.connectionFailed(RedisConnectionFailure(
                reason: .tls(.badConfiguration), server: server, detail: "\(error)"))
        }
        switch tls.serverName {
        case .host: serverName = RedisTLS.isIPAddress(host) ? nil : host
        case .fixed(let name): serverName = name
        }
        hasClientCertificate = tls.clientCertificate != nil
    }

    func makeHandler() throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(context: context, serverHostname: serverName)
    }

    /// The TLS failure `error` stands for, if it is one. `peerCertificate` is the server's
    /// certificate when the TLS layer still has it (to tell an expired one from an untrusted one).
    func failure(for error: any Error, peerCertificate: NIOSSLCertificate?) -> RedisTLSFailure? {
        if let extra = error as? NIOSSLExtraError {
            switch extra {
            case .failedToValidateHostname, .serverHostnameImpossibleToMatch: return .hostnameMismatch
            default: return .handshakeFailed
            }
        }
        let text: String
        switch error {
        case NIOSSLError.handshakeFailed(let inner): text = "\(inner)"
        case let inner as BoringSSLError: text = "\(inner)"
        case NIOSSLError.uncleanShutdown: return nil  // a plain hang-up, reported as such
        case is NIOSSLError: text = "\(error)"
        default: return nil
        }
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            if let peerCertificate {
                let now = time(nil)
                if peerCertificate.notValidAfter < now || peerCertificate.notValidBefore > now { return .certificateExpired }
            }
            return .untrustedCertificate
        }
        if text.contains("CERTIFICATE_REQUIRED") || text.contains("PEER_DID_NOT_RETURN_A_CERTIFICATE") {
            return .clientCertificateRequired
        }
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("HTTP_REQUEST") || text.contains("PACKET_LENGTH_TOO_LONG")
            || text.contains("RECORD_TOO_LARGE") {
            return .notTLS
        }
        // TLS 1.2 servers answer a missing client certificate with a bare handshake_failure alert
        // (or bad/unknown certificate for one they reject); with no certificate configured, that
        // is what it means.
        if text.contains("SSLV3_ALERT_HANDSHAKE_FAILURE") || text.contains("ALERT_BAD_CERTIFICATE")
            || text.contains("ALERT_UNKNOWN_CA") || text.contains("ALERT_CERTIFICATE_UNKNOWN") {
            return hasClientCertificate && text.contains("SSLV3_ALERT_HANDSHAKE_FAILURE") ? .handshakeFailed : .clientCertificateRequired
        }
        return .handshakeFailed
    }
}

extension RedisTLS {
    /// Whether `FRED_DISABLE_CERT_VERIFICATION` is `true` or `1` (any case) now.
    static var environmentDisablesVerification: Bool {
        guard let raw = getenv(disableVerificationVariable) else { return false }
        let value = String(cString: raw).lowercased()
        return value == "true" || value == "1"
    }

    /// Whether `host` is an IPv4 or IPv6 literal (no name to send or check).
    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    func nioConfiguration(verification: Verification) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = minimumVersion == .tls13 ? .tlsv13 : .tlsv12
        switch verification {
        case .full: configuration.certificateVerification = .fullVerification
        case .chainOnly: configuration.certificateVerification = .noHostnameVerification
        case .none: configuration.certificateVerification = .none
        }
        switch trustRoots {
        case .system: configuration.trustRoots = .default
        case .file(let path): configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(path))
        case .pem(let text): configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(text.utf8)))
        }
        if let clientCertificate {
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(clientCertificate.certificateFile).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: clientCertificate.privateKeyFile, format: .pem))
        }
        return configuration
    }
}
