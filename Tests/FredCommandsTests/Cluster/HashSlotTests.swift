import Fred
import FredTestSupport
import Testing

/// The client computes the slot of a key exactly as the server does.
@Suite(.timeLimit(.minutes(1))) struct HashSlotTests {
    /// Keys of every kind: plain, hash-tagged, empty or unclosed tags, tags not at the start,
    /// several braces, bytes that are not UTF-8.
    static func keys() -> [[UInt8]] {
        var generator = SystemRandomNumberGenerator()
        var keys: [[UInt8]] = [[], Array("{}".utf8), Array("{".utf8), Array("}{".utf8), Array("{}{a}".utf8),
                               Array("a{b}c".utf8), Array("{user:1}:name".utf8), Array("x{{y}}".utf8), [0xFF, 0x7B, 0x00, 0x7D]]
        for index in 0..<9_991 {
            switch index % 4 {
            case 0: keys.append(Array("key:\(index)".utf8))
            case 1: keys.append(Array("{tag\(index % 97)}:\(index)".utf8))
            case 2: keys.append(Array("pre{\(index)}post{x}".utf8))
            default: keys.append((0..<Int.random(in: 0...24, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            }
        }
        return keys
    }

    @Test func everySlotEqualsClusterKeyslot() async throws {
        try await withConnectedClient(serverArguments: ["--cluster-enabled", "yes"]) { client, _ async throws in
            let keys = Self.keys()
            #expect(keys.count == 10_000)
            let replies = try await client.execute(keys.map { RedisCommands.clusterKeyslot($0) })
            var mismatches: [String] = []
            for (key, reply) in zip(keys, replies) {
                let server = try reply.get().decode(as: Int.self)
                if RedisHashSlot.slot(for: key) != server { mismatches.append("\(key): \(RedisHashSlot.slot(for: key)) vs \(server)") }
            }
            #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
            #expect(RedisHashSlot.slot(for: "{user:1}:name") == RedisHashSlot.slot(for: "{user:1}:mail"))
            #expect(RedisHashSlot.slot(for: "123456789") == 0x31C3 & 0x3FFF)  // CRC16/XMODEM check value
        }
    }
}

/// Cluster URLs name several seed nodes.
@Suite struct ClusterURLTests {
    @Test func severalHostsGiveSeveralSeeds() throws {
        let client = try RedisClusterClient(url: "redis://bob:s3cret@10.0.0.1:7000,10.0.0.2:7001,node-c:7002/0?protocol=2")
        #expect(client.seeds.map(\.description) == ["10.0.0.1:7000", "10.0.0.2:7001", "node-c:7002"])
        #expect(client.nodeConfig.username == "bob" && client.nodeConfig.password == "s3cret" && client.nodeConfig.protocolVersion == .resp2)
        #expect(throws: RedisError.self) { try RedisClusterClient(url: "10.0.0.1:7000") }
        #expect(throws: RedisError.self) { try RedisClusterClient(url: "redis://") }
    }
}
