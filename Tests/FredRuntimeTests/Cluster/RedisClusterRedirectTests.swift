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
