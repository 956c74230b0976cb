import Testing
@testable import FredRuntime

/// The sentinel announcements the client follows, read from their message text.
@Suite struct RedisSentinelSwitchTests {
    @Test func switchMasterNamesTheServiceAndBothPrimaries() throws {
        let change = try #require(RedisSentinelSwitch("mymaster 127.0.0.1 21410 127.0.0.1 21411"))
        #expect(change.serviceName == "mymaster")
        #expect(change.old == .init(host: "127.0.0.1", port: 21410) && change.new == .init(host: "127.0.0.1", port: 21411))
        // Another service's switch reads the same way; the client compares the name.
        #expect(RedisSentinelSwitch("other 10.0.0.1 6379 10.0.0.2 6379")?.serviceName == "other")
    }

    @Test func promotedSlaveNamesTheNewPrimaryEarlier() throws {
        let change = try #require(RedisSentinelSwitch(promotion: "slave 127.0.0.1:21411 127.0.0.1 21411 @ mymaster 127.0.0.1 21410"))
        #expect(change.serviceName == "mymaster")
        #expect(change.new == .init(host: "127.0.0.1", port: 21411) && change.old == .init(host: "127.0.0.1", port: 21410))
    }

    @Test(arguments: ["", "mymaster", "mymaster 1.2.3.4 x 1.2.3.5 6379", "a b c d e f"])
    func malformedAnnouncementsAreIgnored(text: String) {
        #expect(RedisSentinelSwitch(text) == nil)
        #expect(RedisSentinelSwitch(promotion: text) == nil)
    }
}
