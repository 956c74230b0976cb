import Foundation
import FredMockDifferential

/// Certificates for TLS tests, made once per test process with `openssl` (which `scripts/test.sh`
/// installs) in a temporary folder: a test CA, a second CA nobody trusts, and certificates signed
/// by them.
public struct TestCertificates: Sendable {
    public let directory: URL

    /// The CA that signs everything below except ``untrustedServer``.
    public var caFile: String { path("ca.crt") }
    /// A CA nobody's certificate chains to.
    public var otherCAFile: String { path("other-ca.crt") }
    /// `localhost` and `127.0.0.1`, by the CA.
    public var server: (certificate: String, key: String) { (path("server.crt"), path("server.key")) }
    /// `localhost` only: no IP entry.
    public var serverWithoutIP: (certificate: String, key: String) { (path("server-noip.crt"), path("server-noip.key")) }
    /// `localhost` and `127.0.0.1` again, a second certificate (a rotation).
    public var rotatedServer: (certificate: String, key: String) { (path("server2.crt"), path("server2.key")) }
    /// `localhost`, by the CA, expired yesterday.
    public var expiredServer: (certificate: String, key: String) { (path("expired.crt"), path("expired.key")) }
    /// `localhost`, signed by the other CA.
    public var untrustedServer: (certificate: String, key: String) { (path("untrusted.crt"), path("untrusted.key")) }
    /// A client certificate (`CN=app`), by the CA.
    public var client: (certificate: String, key: String) { (path("client.crt"), path("client.key")) }

    /// `redis-server` options for a TLS port presenting `certificate`, trusting the CA.
    public func serverArguments(tlsPort: Int, certificate: (certificate: String, key: String), requireClientCertificate: Bool = false) -> [String] {
        [
            "--tls-port", String(tlsPort), "--tls-cert-file", certificate.certificate, "--tls-key-file", certificate.key,
            "--tls-ca-cert-file", caFile, "--tls-auth-clients", requireClientCertificate ? "yes" : "no",
        ]
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The process's certificates, made on first use.
    public static func shared() throws -> TestCertificates {
        try lock.withLock {
            if let made { return made }
            let certificates = try make()
            made = certificates
            return certificates
        }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var made: TestCertificates?

    private static func make() throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fred-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let run = { (arguments: [String]) throws in try openssl(arguments, in: directory) }
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for ca in ["ca", "other-ca"] {
            try run(["req", "-x509"] + key + ["-keyout", "\(ca).key", "-out", "\(ca).crt", "-days", "30", "-subj", "/CN=Fred test \(ca)"])
        }
        let certificates: [(name: String, ca: String, subject: String, names: String, days: String, usage: String)] = [
            ("server", "ca", "/CN=localhost", "DNS:localhost,IP:127.0.0.1", "30", "serverAuth,clientAuth"),
            ("server-noip", "ca", "/CN=localhost", "DNS:localhost", "30", "serverAuth,clientAuth"),
            ("server2", "ca", "/CN=localhost", "DNS:localhost,IP:127.0.0.1", "30", "serverAuth,clientAuth"),
            ("expired", "ca", "/CN=localhost", "DNS:localhost,IP:127.0.0.1", "-1", "serverAuth,clientAuth"),
            ("untrusted", "other-ca", "/CN=localhost", "DNS:localhost,IP:127.0.0.1", "30", "serverAuth,clientAuth"),
            ("client", "ca", "/CN=app", "DNS:app", "30", "clientAuth"),
        ]
        for certificate in certificates {
            try run(["req"] + key + ["-keyout", "\(certificate.name).key", "-out", "\(certificate.name).csr", "-subj", certificate.subject])
            let extensions = "\(certificate.name).ext"
            try "subjectAltName=\(certificate.names)\nextendedKeyUsage=\(certificate.usage)\n"
                .write(to: directory.appendingPathComponent(extensions), atomically: true, encoding: .utf8)
            try run([
                "x509", "-req", "-in", "\(certificate.name).csr", "-CA", "\(certificate.ca).crt", "-CAkey", "\(certificate.ca).key",
                "-CAcreateserial", "-out", "\(certificate.name).crt", "-days", certificate.days, "-extfile", extensions,
            ])
        }
        return TestCertificates(directory: directory)
    }

    private static func openssl(_ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CertificateError(message: "openssl \(arguments.joined(separator: " ")): \(String(decoding: output, as: UTF8.self))")
        }
    }

    public struct CertificateError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}

/// A `redis-server` with a plaintext port (``RedisServerProcess/port``) and a TLS port.
public struct RedisTLSServerProcess: Sendable {
    public let server: RedisServerProcess
    public let tlsPort: Int
    public let certificates: TestCertificates

    /// Starts a server whose TLS port presents `certificate` (the CA's `localhost` one by default)
    /// and, with `requireClientCertificate`, asks clients for a certificate by the CA.
    public static func start(
        certificate: (TestCertificates) -> (certificate: String, key: String) = { $0.server },
        requireClientCertificate: Bool = false,
        tlsProtocols: String? = nil,
        _ arguments: [String] = []
    ) async throws -> RedisTLSServerProcess {
        let certificates = try TestCertificates.shared()
        let chosen = certificate(certificates)
        var lastError: (any Error)?
        for _ in 0..<5 {
            let tlsPort = try LoopbackPort.free()
            var tlsArguments = certificates.serverArguments(tlsPort: tlsPort, certificate: chosen, requireClientCertificate: requireClientCertificate)
            if let tlsProtocols { tlsArguments += ["--tls-protocols", tlsProtocols] }
            do {
                let server = try await RedisServerProcess.start(tlsArguments + arguments)
                return RedisTLSServerProcess(server: server, tlsPort: tlsPort, certificates: certificates)
            } catch {
                lastError = error  // most likely the TLS port was taken in between
            }
        }
        throw lastError ?? RedisServerProcess.StartError.didNotStart(log: "")
    }

    public func stop() async { await server.stop() }
}
