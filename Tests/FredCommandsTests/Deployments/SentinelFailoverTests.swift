import Fred
import FredTestSupport
import NIOConcurrencyHelpers
import Testing

extension IsolatedTests {
    /// Failovers of a Sentinel deployment under writes: how long the client takes, and what the
    /// old primary receives afterwards.
    @Suite(.serialized, .timeLimit(.minutes(2))) struct SentinelFailoverTests {
        /// The acknowledged and unsure writes of `tasks` tasks, each INCR-ing `counter` and
        /// RPUSH-ing its own entries to `oplog`, until `stop` is set.
        final class Writers: Sendable {
            let acknowledged = NIOLockedValueBox<[String]>([])
            let unsure = NIOLockedValueBox<[String]>([])
            let incrementsAcknowledged = NIOLockedValueBox(0)
            let incrementsUnsure = NIOLockedValueBox(0)
            let lastSuccess = NIOLockedValueBox(ContinuousClock.now)
            let stop = NIOLockedValueBox(false)

            func run(_ client: RedisClient, tasks: Int) -> Task<Void, Never> {
                Task {
                    await withTaskGroup(of: Void.self) { group in
                        for task in 0..<tasks {
                            group.addTask {
                                var sequence = 0
                                while !self.stop.withLockedValue({ $0 }) {
                                    sequence += 1
                                    let entry = "\(task):\(sequence)"
                                    do {
                                        _ = try await client.rpush("oplog", ["\(entry)"])
                                        self.acknowledged.withLockedValue { $0.append(entry) }
                                        self.lastSuccess.withLockedValue { $0 = .now }
                                    } catch {
                                        self.unsure.withLockedValue { $0.append(entry) }
                                    }
                                    do {
                                        _ = try await client.incr("counter")
                                        self.incrementsAcknowledged.withLockedValue { $0 += 1 }
                                    } catch {
                                        self.incrementsUnsure.withLockedValue { $0 += 1 }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        /// Waits for the next `+switch-master` of the service on a sentinel; returns when it came.
        static func switchAnnouncement(_ deployment: RedisSentinelProcess) async throws -> Task<ContinuousClock.Instant, any Error> {
            let watcher = RedisClient(config: RedisConfig(port: deployment.sentinelPorts[1]))
            try await watcher.connect()
            let (ready, subscribed) = AsyncStream.makeStream(of: Void.self)
            let task = Task {
                defer { Task { try? await watcher.quit() } }
                return try await watcher.subscribe(to: ["+switch-master"]) { subscription in
                    subscribed.yield()
                    for try await message in subscription.messages where message.string.hasPrefix("mymaster ") { return ContinuousClock.now }
                    throw RedisError.notConnected
                }
            }
            for await _ in ready { break }
            return task
        }

        @Test func aManualFailoverIsFollowedWithinASecondOfTheAnnouncement() async throws {
            let deployment = try await RedisSentinelProcess.start()
            defer { Task { await deployment.stop() } }
            let client = RedisClient(config: try RedisConfig(url: deployment.url))
            try await client.connect()
            let writers = Writers()
            let writing = writers.run(client, tasks: 8)
            try await Task.sleep(for: .milliseconds(300))
            let announced = try await Self.switchAnnouncement(deployment)
            let (status, output) = try await RedisClusterProcess.run(
                "redis-cli", ["-p", String(deployment.sentinelPorts[0]), "sentinel", "failover", "mymaster"])
            #expect(status == 0 && output.contains("OK"), "\(output)")
            let switchedAt = try await announced.value
            var onNewPrimary: ContinuousClock.Instant?
            while onNewPrimary == nil, ContinuousClock.now - switchedAt < .seconds(10) {
                if let info = try? await client.clientInfo(), info.localAddress == "127.0.0.1:\(deployment.replica.port)" {
                    onNewPrimary = .now
                }
            }
            let took = try #require(onNewPrimary) - switchedAt
            print("sentinel: on the new primary \(took) after +switch-master")
            #expect(took < .seconds(1))
            let acknowledgedBeforeTheMove = writers.acknowledged.withLockedValue { $0.count }
            try await Task.sleep(for: .milliseconds(500))
            writers.stop.withLockedValue { $0 = true }
            await writing.value
            // A manual failover promotes the replica before it demotes the old primary, which
            // acknowledges writes in between and then drops them when it resynchronizes: Redis's
            // window, not the client's (only `min-replicas-to-write` on the server closes it). So
            // this audit asks for no doubles, and for every write acknowledged once the client had
            // moved.
            try await Self.audit(writers, deployment, newPrimary: deployment.replica.port, mustHaveAllAfter: acknowledgedBeforeTheMove)
            try await client.quit()
        }

        @Test func aFrozenPrimaryIsReplacedAndTheResumedOneGetsNoWrites() async throws {
            let deployment = try await RedisSentinelProcess.start()
            defer { Task { await deployment.stop() } }
            let client = RedisClient(config: try RedisConfig(url: deployment.url))
            try await client.connect()
            let writers = Writers()
            let writing = writers.run(client, tasks: 8)
            try await Task.sleep(for: .milliseconds(300))
            let announced = try await Self.switchAnnouncement(deployment)
            let frozenAt = ContinuousClock.now
            deployment.primary.freeze()
            _ = try await announced.value
            var recoveredAt: ContinuousClock.Instant?
            while recoveredAt == nil, ContinuousClock.now - frozenAt < .seconds(15) {
                if writers.lastSuccess.withLockedValue({ $0 }) > frozenAt + .milliseconds(100) { recoveredAt = .now }
                try await Task.sleep(for: .milliseconds(10))
            }
            let recovery = try #require(recoveredAt) - frozenAt
            print("sentinel: writes succeed again \(recovery) after SIGSTOP of the primary")
            #expect(recovery < .seconds(4))

            // The old primary comes back (still calling itself primary for a while): nothing the
            // client sends from now on reaches it.
            deployment.primary.thaw()
            try await Task.sleep(for: .milliseconds(300))  // it runs what was already in its socket buffers
            let before = try await SentinelTests.calls("rpush", on: deployment.primary.port) + SentinelTests.calls("incr", on: deployment.primary.port)
            try await Task.sleep(for: .seconds(2))
            let after = try await SentinelTests.calls("rpush", on: deployment.primary.port) + SentinelTests.calls("incr", on: deployment.primary.port)
            #expect(after == before, "writes reached the old primary after the switch")
            writers.stop.withLockedValue { $0 = true }
            await writing.value
            try await Self.audit(writers, deployment, newPrimary: deployment.replica.port)
            try await client.quit()
        }

        /// Every acknowledged entry is on the new primary exactly once; unsure ones at most once;
        /// the counter lies between the acknowledged increments and those plus the unsure ones.
        static func audit(_ writers: Writers, _ deployment: RedisSentinelProcess, newPrimary port: Int, mustHaveAllAfter first: Int = 0) async throws {
            let primary = RedisClient(config: RedisConfig(port: port))
            try await primary.connect()
            let entries = try await primary.lrange("oplog", start: 0, stop: -1).map { $0.string ?? "" }
            let counter = try await primary.get("counter")?.int ?? 0
            try await primary.quit()
            var seen: [String: Int] = [:]
            for entry in entries { seen[entry, default: 0] += 1 }
            let acknowledged = writers.acknowledged.withLockedValue { $0 }
            let unsure = writers.unsure.withLockedValue { $0 }
            #expect(acknowledged.count > 100)
            #expect(acknowledged.filter { (seen[$0] ?? 0) > 1 }.isEmpty, "acknowledged entries doubled")
            let mustHave = acknowledged.dropFirst(first)
            #expect(mustHave.filter { seen[$0] != 1 }.isEmpty, "acknowledged entries missing")
            let lost = acknowledged.filter { seen[$0] == nil }.count
            #expect(unsure.filter { (seen[$0] ?? 0) > 1 }.isEmpty, "unsure entries doubled")
            #expect(seen.values.allSatisfy { $0 == 1 })
            let incrementsAcknowledged = writers.incrementsAcknowledged.withLockedValue { $0 }
            let incrementsUnsure = writers.incrementsUnsure.withLockedValue { $0 }
            if first == 0 {
                #expect((incrementsAcknowledged...(incrementsAcknowledged + incrementsUnsure)).contains(counter))
            } else {
                #expect(counter <= incrementsAcknowledged + incrementsUnsure)
            }
            print("sentinel audit: \(acknowledged.count) acknowledged (\(lost) lost by the server's failover), \(unsure.count) unsure, counter \(counter) of \(incrementsAcknowledged) acknowledged")
        }
    }
}
