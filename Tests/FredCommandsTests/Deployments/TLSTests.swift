import Foundation
import Fred
import FredTestSupport
import Testing

/// TLS against real `redis-server` processes with a TLS port, with certificates made by `openssl`
/// for the run. Serialized: one test sets `FRED_DISABLE_CERT_VERIFICATION`, which the whole process sees.
@Suite(.serialized, .timeLimit(.minutes(2))) struct TLSTests {
    /// A client of the server's TLS port at `host`, trusting the test CA.
    static func config(_ server: RedisTLSServerProcess, host: String = "localhost", trust: RedisTLS.TrustRoots? = nil) -> RedisConfig {
        var config = RedisConfig(host: host, port: server.tlsPort)
        config.tls = RedisTLS(trustRoots: trust ?? .file(server.certificates.caFile), honorsEnvironment: false)
        config.connectTimeout = .seconds(10)  // the bounds below are under it, with room for load
        config.reconnectPolicy = nil
        return config
    }

    /// The typed TLS failure connecting with `config` ends in, and how long it took.
    static func tlsFailure(_ config: RedisConfig) async -> (RedisTLSFailure?, Duration) {
        let started = ContinuousClock.now
        do {
            try await RedisClient(config: config).connect()
            return (nil, ContinuousClock.now - started)
        } catch RedisError.connectionFailed(let failure) {
            guard case .tls(let reason) = failure.reason else {
                Issue.record("not a TLS failure: \(failure)")
                return (nil, ContinuousClock.now - started)
            }
            return (reason, ContinuousClock.now - started)
        } catch {
            Issue.record("untyped failure: \(error)")
            return (nil, ContinuousClock.now - started)
        }
    }

    @Test func theRightCAConnectsOverTLSAndCommandsWork() async throws {
        let server = try await RedisTLSServerProcess.start()
        defer { Task { await server.stop() } }
        let client = RedisClient(config: Self.config(server))
        try await client.connect()
        let value = String(repeating: "v", count: 1 << 20)
        try await client.set("big", value)
        #expect(try await client.get("big")?.string == value)
        let info = try await client.clientInfo()
        #expect(info.localAddress == "127.0.0.1:\(server.tlsPort)", "connected to the TLS port")
        try await client.quit()
    }

    @Test(arguments: ["TLSv1.3", "TLSv1.2"])
    func bothTLSVersionsConnectAndAMinimumOfTLS13RefusesTLS12(protocols: String) async throws {
        let server = try await RedisTLSServerProcess.start(tlsProtocols: protocols)
        defer { Task { await server.stop() } }
        let client = RedisClient(config: Self.config(server))
        try await client.connect()
        #expect(try await client.ping() == "PONG")
        try await client.quit()
        var strict = Self.config(server)
        strict.tls?.minimumVersion = .tls13
        let (failure, _) = await Self.tlsFailure(strict)
        #expect((failure == nil) == (protocols == "TLSv1.3"))
    }

    @Test func anUntrustedCertificateFailsTypedAndFast() async throws {
        let server = try await RedisTLSServerProcess.start()
        defer { Task { await server.stop() } }
        for trust in [RedisTLS.TrustRoots.system, .file(server.certificates.otherCAFile)] {
            let (failure, took) = await Self.tlsFailure(Self.config(server, trust: trust))
            #expect(failure == .untrustedCertificate, "trusting \(trust)")
            #expect(took < .seconds(9), "before the connect timeout")
        }
    }

    @Test func anExpiredCertificateIsReportedAsExpired() async throws {
        let server = try await RedisTLSServerProcess.start(certificate: { $0.expiredServer })
        defer { Task { await server.stop() } }
        let (failure, _) = await Self.tlsFailure(Self.config(server))
        #expect(failure == .certificateExpired)
    }

    @Test func theCertificateMustNameTheServerUnlessOnlyTheChainIsChecked() async throws {
        let server = try await RedisTLSServerProcess.start(certificate: { $0.serverWithoutIP })
        defer { Task { await server.stop() } }
        // (This certificate has no IP entry: swift-nio-ssl accepts a certificate that lists the
        // address connected to, whatever name was expected.)
        var config = Self.config(server)
        config.tls?.serverName = .fixed("wrong.example")
        #expect(await Self.tlsFailure(config).0 == .hostnameMismatch)
        config.tls?.verification = .chainOnly
        let client = RedisClient(config: config)
        try await client.connect()
        #expect(try await client.ping() == "PONG")
        try await client.quit()
    }

    @Test func anIPAddressIsCheckedAgainstTheCertificatesIPEntries() async throws {
        let withIP = try await RedisTLSServerProcess.start()
        defer { Task { await withIP.stop() } }
        let client = RedisClient(config: Self.config(withIP, host: "127.0.0.1"))
        try await client.connect()  // no SNI for an IP address, and the IP entry matches
        try await client.quit()

        let withoutIP = try await RedisTLSServerProcess.start(certificate: { $0.serverWithoutIP })
        defer { Task { await withoutIP.stop() } }
        #expect(await Self.tlsFailure(Self.config(withoutIP, host: "127.0.0.1")).0 == .hostnameMismatch)
    }

    @Test(arguments: ["TLSv1.3", "TLSv1.2"])
    func aMissingClientCertificateIsTyped(protocols: String) async throws {
        let server = try await RedisTLSServerProcess.start(requireClientCertificate: true, tlsProtocols: protocols)
        defer { Task { await server.stop() } }
        let (failure, took) = await Self.tlsFailure(Self.config(server))
        #expect(failure == .clientCertificateRequired)
        #expect(took < .seconds(9), "before the connect timeout")
    }

    @Test func mutualTLSWithAnACLUser() async throws {
        let server = try await RedisTLSServerProcess.start(requireClientCertificate: true)
        defer { Task { await server.stop() } }
        let admin = RedisClient(config: RedisConfig(port: server.server.port))
        try await admin.connect()
        _ = try await admin.send(command: ["ACL", "SETUSER", "app", "on", ">app-secret", "~*", "+@all"])
        var config = Self.config(server)
        config.tls?.clientCertificate = .init(certificateFile: server.certificates.client.certificate, privateKeyFile: server.certificates.client.key)
        config.username = "app"
        config.password = "app-secret"
        for version in [RESPProtocolVersion.resp3, .resp2] {
            config.protocolVersion = version
            let client = RedisClient(config: config)
            try await client.connect()
            let info = try await client.clientInfo()
            #expect(info.user == "app", "\(version)")
            try await client.quit()
        }
        try await admin.quit()
    }

    @Test func reconnectsVerifyTheCertificateTheServerHasNow() async throws {
        let server = try await RedisTLSServerProcess.start()
        defer { Task { await server.stop() } }
        let certificates = server.certificates
        var config = Self.config(server)
        config.reconnectPolicy = .constant(.milliseconds(20), maxAttempts: 3)
        let client = RedisClient(config: config)
        try await client.connect()
        let admin = RedisClient(config: RedisConfig(port: server.server.port))
        try await admin.connect()

        // A second certificate by the same CA: the reconnection verifies it and goes on.
        _ = try await admin.send(command: ["CONFIG", "SET", "tls-cert-file", certificates.rotatedServer.certificate,
                                           "tls-key-file", certificates.rotatedServer.key])
        let firstID = try await client.clientId()
        _ = try await admin.send(command: ["CLIENT", "KILL", "ID", "\(firstID)"])
        var secondID = firstID
        for _ in 0..<200 where secondID == firstID {
            secondID = (try? await client.clientId()) ?? firstID
        }
        #expect(secondID != firstID)

        // One by a CA the client does not trust: every reconnection fails verification.
        _ = try await admin.send(command: ["CONFIG", "SET", "tls-cert-file", certificates.untrustedServer.certificate,
                                           "tls-key-file", certificates.untrustedServer.key])
        _ = try await admin.send(command: ["CLIENT", "KILL", "ID", "\(secondID)"])
        do {
            _ = try await client.ping()
            Issue.record("reconnected to a server whose certificate is not trusted")
        } catch RedisError.connectionFailed(let failure) {
            #expect(failure.reason == .gaveUp)
            #expect(failure.detail.contains("not trusted"), "\(failure)")
        }
        try? await client.quit()
        try await admin.quit()
    }

    @Test func theWrongKindOfPortFailsFastAndTyped() async throws {
        let server = try await RedisTLSServerProcess.start()
        defer { Task { await server.stop() } }
        // TLS to the plaintext port: the server takes the TLS greeting for the start of a command
        // and waits for its end, so the connect timeout ends it, as a typed failure.
        var tlsToPlain = RedisConfig(host: "localhost", port: server.server.port)
        tlsToPlain.tls = Self.config(server).tls
        tlsToPlain.connectTimeout = .seconds(1)
        let (failure, took) = await Self.tlsFailure(tlsToPlain)
        #expect(failure == .notTLS)
        #expect(took < .seconds(9), "ended by the 1 s connect timeout, not hung")

        // Plaintext to the TLS port: the server hangs up during the handshake.
        var plainToTLS = RedisConfig(port: server.tlsPort)
        plainToTLS.connectTimeout = .seconds(10)
        let started = ContinuousClock.now
        do {
            try await RedisClient(config: plainToTLS).connect()
            Issue.record("a plaintext client connected to the TLS port")
        } catch RedisError.connectionFailed(let failure) {
            #expect(failure.reason == .closedDuringHandshake)
            #expect(failure.detail.contains("TLS"))
        }
        #expect(ContinuousClock.now - started < .seconds(9), "before the connect timeout")
    }

    @Test func theEnvironmentVariableDisablesVerificationUnlessTheConfigurationRefusesIt() async throws {
        let server = try await RedisTLSServerProcess.start(certificate: { $0.untrustedServer })
        defer { Task { await server.stop() } }
        setenv(RedisTLS.disableVerificationVariable, "true", 1)
        defer { unsetenv(RedisTLS.disableVerificationVariable) }

        var refusing = Self.config(server)
        refusing.tls?.honorsEnvironment = false
        #expect(await Self.tlsFailure(refusing).0 == .untrustedCertificate)

        let logs = LogRecorder()
        var honouring = Self.config(server)
        honouring.tls?.honorsEnvironment = true
        let client = RedisClient(config: honouring, logger: logs.logger(level: .warning))
        try await client.connect()
        #expect(try await client.ping() == "PONG")
        try await client.quit()
        let warnings = logs.recorded.filter { $0.contains("verification is off") }
        #expect(warnings.count == 1, "one warning per TLS connect: \(logs.recorded)")
        #expect(warnings.first?.contains(RedisTLS.disableVerificationVariable) == true)

        unsetenv(RedisTLS.disableVerificationVariable)
        #expect(await Self.tlsFailure(honouring).0 == .untrustedCertificate, "verifies again once the variable is gone")
    }

    @Test func redissURLsTurnTLSOn() throws {
        let config = try RedisConfig(url: "rediss://app:pw@cache.example.com:6380/2?verify=chain")
        #expect(config.tls?.verification == .chainOnly)
        #expect(config.tls?.trustRoots == .system)
        #expect(config.database == 2)
        #expect(!"\(config)".contains("pw"))
        #expect(try RedisConfig(url: "rediss://h").tls?.verification == .full)
        #expect(try RedisConfig(url: "redis://h").tls == nil)
        #expect(throws: RedisError.badURL("verify applies to rediss:// URLs only")) { try RedisConfig(url: "redis://h?verify=none") }
        #expect(throws: RedisError.badURL("verify must be full, chain or none, not 'maybe'")) { try RedisConfig(url: "rediss://h?verify=maybe") }
    }
}
