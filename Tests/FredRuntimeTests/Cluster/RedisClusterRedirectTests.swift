import Testing
@testable import FredRuntime

/// The three forms a redirect's target comes in.
@Suite struct RedisClusterRedirectTests {
    let sender = RedisClusterTopology.Address(host: "10.0.0.5", port: 7000)

    @Test func hostAndPort() throws {
        let redirect = try #require(RedisClusterRedirect("MOVED 3999 127.0.0.1:6381", sender: sender))
        #expect(redirect.slot == 3999 && redirect.address == .init(host: "127.0.0.1", port: 6381))
    }

    @Test func portOnlyMeansTheSendersHost() throws {
        let redirect = try #require(RedisClusterRedirect("ASK 12 :7002", sender: sender))
        #expect(redirect.address == .init(host: "10.0.0.5", port: 7002))
    }

    @Test func unknownHostMeansLookItUp() throws {
        let redirect = try #require(RedisClusterRedirect("MOVED 7 ?:7002", sender: sender))
        #expect(redirect.slot == 7 && redirect.address == nil)
    }

    @Test func ipv6AndGarbage() throws {
        let redirect = try #require(RedisClusterRedirect("MOVED 1 ::1:7002", sender: sender))
        #expect(redirect.address == .init(host: "::1", port: 7002))
        #expect(RedisClusterRedirect("MOVED", sender: sender) == nil)
        #expect(RedisClusterRedirect("MOVED x 1.2.3.4:5", sender: sender) == nil)
    }
}

/// The client's map of the cluster between two refreshes.
@Suite struct RedisClusterTopologyTests {
    typealias Address = RedisClusterTopology.Address
    let a = Address(host: "127.0.0.1", port: 7000)
    let b = Address(host: "127.0.0.1", port: 7001)
    let c = Address(host: "127.0.0.1", port: 7002)

    var topology: RedisClusterTopology {
        RedisClusterTopology(shards: [
            .init(slots: [0...8191], nodes: [
                .init(id: "a", address: a, isPrimary: true, health: "online"),
                .init(id: "b", address: b, isPrimary: false, health: "online"),
            ]),
            .init(slots: [8192...16383], nodes: [.init(id: "c", address: c, isPrimary: true, health: "online")]),
        ])
    }

    @Test func aMovedToAnotherPrimaryMovesTheSlot() {
        var map = topology
        map.move(slot: 5, to: c)
        #expect(map.primary(forSlot: 5) == c)
        #expect(map.primary(forSlot: 6) == a)
    }

    /// After a failover the old primary answers MOVED to its promoted replica: the map must learn
    /// it at once, or every later command of the shard is redirected again.
    @Test func aMovedToAReplicaPromotesItForItsWholeShard() {
        var map = topology
        map.move(slot: 5, to: b)
        #expect(map.primary(forSlot: 5) == b)
        #expect(map.primary(forSlot: 8000) == b, "the whole shard failed over")
        #expect(map.isReplica(a))
        #expect(!map.isReplica(b))
        #expect(map.primary(forSlot: 9000) == c)
    }

    @Test func aMovedToAnUnknownNodeChangesNothing() {
        var map = topology
        map.move(slot: 5, to: Address(host: "10.9.9.9", port: 1))
        #expect(map == topology)
    }
}
