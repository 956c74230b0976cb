import Fred
import FredMockDifferential
import FredTestSupport
import Testing

/// A TLS cluster (`tls-cluster yes`): nodes reached on their TLS ports, discovered nodes verified
/// by name.
@Suite(.timeLimit(.minutes(2))) struct ClusterTLSTests {
    /// Three primaries whose TLS ports present a certificate for `localhost` only (no IP entry),
    /// while the cluster announces its nodes by IP address.
    @Test func discoveredNodesAreVerifiedByTheSeedsHostNameOnTheirTLSPorts() async throws {
        let certificates = try TestCertificates.shared()
        var tlsPorts: [Int] = []
        let cluster = try await RedisClusterProcess.start(
            primaries: 3, replicasPerPrimary: 0, extraArguments: ["--tls-cluster", "yes", "--tls-replication", "yes"],
            nodeArguments: {
                // The cluster bus listens 10,000 above the TLS port (tls-cluster), which must exist.
                var port = try LoopbackPort.free()
                while port > 55_535 { port = try LoopbackPort.free() }
                tlsPorts.append(port)
                return certificates.serverArguments(tlsPort: tlsPorts[tlsPorts.count - 1], certificate: certificates.serverWithoutIP)
            })
        defer { Task { await cluster.stop() } }
        let seedPort = tlsPorts[0]

        let client = try RedisClusterClient(url: "rediss://localhost:\(seedPort)") { config in
            config.tls?.trustRoots = .file(certificates.caFile)
            config.tls?.honorsEnvironment = false
        }
        try await client.connect()
        // Keys on every shard: each primary is reached over TLS, its IP-only address checked
        // against the seed's name.
        for index in 0..<300 { try await client.set("tls:\(index)", "\(index)") }
        for index in stride(from: 0, to: 300, by: 7) { #expect(try await client.get("tls:\(index)")?.string == "\(index)") }
        let topology = try #require(client.topology)
        #expect(topology.primaries.count == 3)
        for primary in topology.primaries {
            #expect(primary.host == "127.0.0.1")
            #expect(tlsPorts.contains(primary.port), "the TLS port, not the plaintext one")
        }
        #expect(try await client.dbsize() == 300)
        try await client.quit()

        // The names are checked: a fixed wrong name fails, typed.
        let wrongName = try RedisClusterClient(url: "rediss://localhost:\(seedPort)") { config in
            config.tls?.trustRoots = .file(certificates.caFile)
            config.tls?.serverName = .fixed("wrong.example")
            config.tls?.honorsEnvironment = false
        }
        do {
            try await wrongName.connect()
            Issue.record("connected with a certificate for another name")
        } catch RedisError.connectionFailed(let failure) {
            #expect(failure.reason == .tls(.hostnameMismatch))
        }
    }
}
