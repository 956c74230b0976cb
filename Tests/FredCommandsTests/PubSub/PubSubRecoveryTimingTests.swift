import Fred
import FredTestSupport
import Testing

extension IsolatedTests {
    /// How fast subscriptions come back, measured alone: the scenarios of `PubSubTests` and
    /// `ClusterPubSubTests` with the deadlines instead of the main run's generous ones.
    @Suite(.timeLimit(.minutes(3))) struct PubSubRecoveryTimingTests {
        /// `CLIENT KILL TYPE pubsub`: 170 subscriptions back within 1 s.
        @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
        func backWithinASecondAfterAKill(_ version: RESPProtocolVersion) async throws {
            try await withConnectedClient(version) { client, server in
                let admin = RedisClient(config: try RedisConfig(url: server.url))
                try await admin.connect()
                try await PubSubTests.resubscribesAfterKill(client, admin: admin, within: .seconds(1))
                try await admin.quit()
            }
        }

        /// The server closes a subscriber over its output-buffer limit: back within 1 s.
        @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
        func backWithinASecondAfterTheOutputBufferLimit(_ version: RESPProtocolVersion) async throws {
            try await PubSubTests.serverClosesSubscriber(version, within: .seconds(1))
        }

        /// `CLIENT KILL TYPE pubsub` on every node of a cluster: back within 1 s.
        @Test func clusterBackWithinASecondAfterAKillOnEveryNode() async throws {
            try await ClusterPubSubTests.killOnEveryNode(within: .seconds(1))
        }

        /// 30 shard channels whose slots move: re-homed within 2 s.
        @Test func movedShardChannelsReHomedWithinTwoSeconds() async throws {
            try await ClusterPubSubTests.moveSlots(within: .seconds(2))
        }
    }
}
