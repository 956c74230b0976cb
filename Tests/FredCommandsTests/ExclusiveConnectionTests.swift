import Fred
import FredMock
import FredTestSupport
import Synchronization
import Testing

/// Connections of a client's own: leased for `withConnection`, `watch` and blocking commands,
/// cleaned when given back, shared fairly when there are fewer than tasks, and closed when idle.
@Suite(.timeLimit(.minutes(2))) struct ExclusiveConnectionTests {
    struct Marker: Error {}

    /// How many leases are in use, and the most ever at once.
    final class Occupancy: Sendable {
        let inUse = Atomic(0)
        let peak = Atomic(0)
    }

    final class Jobs: Sendable {
        let taken = Mutex<[String]>([])
    }

    static func client(
        _ url: String, maxConnections: Int = 64, wait: Duration = .seconds(5), idle: Duration? = .seconds(300)
    ) throws -> RedisClient {
        var config = try RedisConfig(url: url)
        config.maxExclusiveConnections = maxConnections
        config.exclusiveConnectionWaitTimeout = wait
        config.exclusiveConnectionIdleTimeout = idle
        return RedisClient(config: config)
    }

    /// What a lease leaves behind is cleaned before the next one: a WATCH armed by a closure that
    /// threw, a transaction left open; a changed session closes the connection instead.
    static func cleaning(_ client: RedisClient, other: RedisClient) async throws {
        let first = try await client.withConnection { try await $0.clientId() }
        await #expect(throws: Marker.self) {
            try await client.withConnection { connection in
                try await connection.watch(["w"])
                throw Marker()
            }
        }
        _ = try await other.set("w", "changed")  // would make a still-armed WATCH fail the next EXEC
        let (same, committed) = try await client.withConnection { connection in
            (try await connection.clientId(), try await connection.transactionResults(.incr("w:count")))
        }
        #expect(same == first)
        #expect(try committed.get() == 1)

        try await client.withConnection { connection in
            try await connection.multi()
            _ = try await connection.set("queued", "1")  // QUEUED, never run: DISCARD ends it
        }
        let (again, queued) = try await client.withConnection { (try await $0.clientId(), try await $0.get("queued")) }
        #expect(again == first)
        #expect(queued == nil)

        try await client.withConnection { try await $0.select(1) }
        let afterSelect = try await client.withConnection { try await $0.clientId() }
        #expect(afterSelect != first)  // a changed session is never handed on
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func leasesAreCleanedOnAServer(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { other, server async throws in
            let client = try Self.client(server.url, maxConnections: 1)
            try await client.connect()
            try await Self.cleaning(client, other: other)
            let stats = try await other.info(sections: ["commandstats"])
            #expect(StressAudit.calls(of: "unwatch", in: stats) == 1)
            #expect(StressAudit.calls(of: "discard", in: stats) == 1)
            try await client.quit()
        }
    }

    @Test func leasesAreCleanedOnTheMock() async throws {
        let server = RedisMockServer()
        var config = try await MockTransport.config(server)
        config.maxExclusiveConnections = 1
        let client = RedisClient(config: config)
        try await client.connect()
        try await withMockClient(server: server) { other in
            try await Self.cleaning(client, other: other)
        }
        try await client.quit()
    }

    /// 50 tasks, 4 connections: every task gets one, never more than 4 are in use, and the server
    /// saw at most 4 exclusive connections.
    @Test func fiftyTasksShareFourLeases() async throws {
        try await withConnectedClient { admin, server async throws in
            let client = try Self.client(server.url, maxConnections: 4, wait: .seconds(60))
            try await client.connect()
            let occupancy = Occupancy()
            let ids = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        try await client.withConnection { connection in
                            let now = occupancy.inUse.add(1, ordering: .relaxed).newValue
                            occupancy.peak.max(now, ordering: .relaxed)
                            defer { occupancy.inUse.subtract(1, ordering: .relaxed) }
                            let id = try await connection.clientId()
                            try await Task.sleep(for: .milliseconds(20))
                            return id
                        }
                    }
                }
                var ids: [Int] = []
                for try await id in group { ids.append(id) }
                return ids
            }
            #expect(ids.count == 50)
            #expect(occupancy.peak.load(ordering: .relaxed) == 4)
            #expect(Set(ids).count <= 4)
            // The shared connection, the 4 exclusive ones, the admin.
            #expect(try await admin.clientList().count <= 6)
            try await client.quit()
        }
    }

    /// All connections in use: the next lease waits its turn, then fails with a typed timeout; a
    /// cancelled waiter leaves at once; the pool still serves afterwards.
    @Test func aFullPoolTimesOut() async throws {
        try await withConnectedClient { _, server async throws in
            let client = try Self.client(server.url, maxConnections: 1, wait: .milliseconds(200))
            try await client.connect()
            let (held, release) = AsyncStream.makeStream(of: Void.self)
            let holder = Task {
                try await client.withConnection { _ in for await _ in held { break } }
            }
            try await Task.sleep(for: .milliseconds(100))
            let started = ContinuousClock.now
            await #expect(throws: RedisError.poolTimeout(limit: 1, waited: .milliseconds(200))) {
                try await client.withConnection { _ in }
            }
            let waited = ContinuousClock.now - started
            #expect(waited >= .milliseconds(190) && waited < .seconds(15))  // the upper bound: no hang, under load

            let waiter = Task { try await client.withConnection { try await $0.ping() } }
            try await Task.sleep(for: .milliseconds(50))
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }

            release.yield()
            try await holder.value
            #expect(try await client.withConnection { try await $0.echo("after").string } == "after")
            try await client.quit()
        }
    }

    /// Idle connections close after the idle timeout.
    @Test func idleConnectionsClose() async throws {
        try await withConnectedClient { admin, server async throws in
            let client = try Self.client(server.url, idle: .milliseconds(300))
            try await client.connect()
            let before = try await admin.clientList().count
            // Three leases held at once (three connections), counted while held, then given back.
            let occupancy = Occupancy()
            let signals = (0..<3).map { _ in AsyncStream.makeStream(of: Void.self) }
            let holders = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (released, _) in signals {
                        group.addTask {
                            try await client.withConnection { connection in
                                _ = try await connection.ping()
                                occupancy.inUse.add(1, ordering: .relaxed)
                                for await _ in released { break }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            while occupancy.inUse.load(ordering: .relaxed) < 3 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(try await admin.clientList().count == before + 3)
            for (_, release) in signals { release.finish() }
            try await holders.value
            var count = before + 3
            let deadline = ContinuousClock.now + .seconds(10)
            while count > before, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                count = try await admin.clientList().count
            }
            #expect(count == before)
            #expect(try await client.withConnection { try await $0.echo("new").string } == "new")
            try await client.quit()
        }
    }

    /// 20 tasks add 1 to one counter through `watch` 10 times each: lost races run the closure
    /// again, and the counter ends at exactly the number of commits.
    @Test(arguments: [1, 1000])
    func watchCommitsOnceForEverySuccess(_ maxAttempts: Int) async throws {
        try await withConnectedClient { client, _ async throws in
            let counts = try await withThrowingTaskGroup(of: (committed: Int, gaveUp: Int).self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        var committed = 0, gaveUp = 0
                        for _ in 0..<10 {
                            do {
                                try await client.watch(["counter"], maxAttempts: maxAttempts) { connection in
                                    let value = try await connection.get("counter")?.int ?? 0
                                    _ = try await connection.transaction(.set("counter", RedisValue(value + 1)))
                                }
                                committed += 1
                            } catch RedisError.watchedKeysChanged(let attempts) {
                                #expect(attempts == maxAttempts)
                                gaveUp += 1
                            }
                        }
                        return (committed, gaveUp)
                    }
                }
                var total = (committed: 0, gaveUp: 0)
                for try await counts in group {
                    total.committed += counts.committed
                    total.gaveUp += counts.gaveUp
                }
                return total
            }
            #expect(counts.committed + counts.gaveUp == 200)
            if maxAttempts == 1000 { #expect(counts.committed == 200) }
            #expect(try await client.get("counter")?.int ?? 0 == counts.committed)
        }
    }

    /// A `watch` closure that returns without committing forgets the watched keys.
    @Test func watchWithoutCommitUnwatches() async throws {
        try await withConnectedClient { client, _ async throws in
            let skipped = try await client.watch(["balance"]) { connection in
                try await connection.get("balance") == nil
            }
            #expect(skipped)
            let stats = try await client.info(sections: ["commandstats"])
            #expect(StressAudit.calls(of: "unwatch", in: stats) == 1)
            await #expect(throws: RedisError.badArgument("watch needs at least one key")) {
                try await client.watch([String]()) { _ in }
            }
        }
    }

    /// Four `BRPOP` consumers on one client drain 100 jobs, each job once, while the shared
    /// connection keeps answering.
    static func fourConsumers(_ client: RedisClient) async throws {
        let jobs = Jobs()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    while jobs.taken.withLock({ $0.count }) < 100 {
                        guard let job = try await client.brpop(["jobs"], timeout: 0.2) else { continue }
                        jobs.taken.withLock { $0.append(job.value.string) }
                    }
                }
            }
            group.addTask {
                for job in 0..<100 {
                    _ = try await client.lpush("jobs", ["job\(job)"])
                    #expect(try await client.echo("still answering").string == "still answering")
                }
            }
            try await group.waitForAll()
        }
        #expect(jobs.taken.withLock { $0.sorted() } == (0..<100).map { "job\($0)" }.sorted())
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func fourConsumersDrainAHundredJobs(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, _ async throws in try await Self.fourConsumers(client) }
    }

    @Test func fourConsumersOnTheMock() async throws {
        try await withMockClient { client in try await Self.fourConsumers(client) }
    }

    /// `watch` on the mock: lost races run again; the counter ends at the number of commits.
    @Test func watchOnTheMock() async throws {
        try await withMockClient { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        for _ in 0..<5 {
                            try await client.watch(["counter"], maxAttempts: 1000) { connection in
                                let value = try await connection.get("counter")?.int ?? 0
                                _ = try await connection.transaction(.set("counter", RedisValue(value + 1)))
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await client.get("counter")?.int == 50)
            // A watched key changed by another client between WATCH and EXEC: the closure runs again.
            var runs = 0
            try await client.watch(["k"]) { connection in
                runs += 1
                if runs == 1 { _ = try await client.set("k", "changed") }
                _ = try await connection.transaction(.set("k", "mine"))
            }
            #expect(runs == 2)
            #expect(try await client.get("k")?.string == "mine")
        }
    }

    /// Cancelling a task blocked in `BLPOP 30` ends it, and the server no longer has a client
    /// blocked: the connection was closed, not handed on blocked. (How fast: `BlockingTimingTests`,
    /// which runs alone.)
    @Test func cancellingABlockingPopEndsItAtOnce() async throws {
        try await withConnectedClient { client, _ async throws in
            let blocked = Task { try await client.blpop(["never"], timeout: 30) }
            try await Task.sleep(for: .milliseconds(200))
            let cancelled = ContinuousClock.now
            blocked.cancel()
            await #expect(throws: CancellationError.self) { _ = try await blocked.value }
            let took = ContinuousClock.now - cancelled
            #expect(took < .seconds(20), "cancelling took \(took), not the 30 s of BLPOP")
            var blockedClients = 1
            for _ in 0..<20 where blockedClients > 0 {
                try await Task.sleep(for: .milliseconds(25))
                blockedClients = try await client.info(sections: ["clients"]).split(separator: "\r\n")
                    .first { $0.hasPrefix("blocked_clients:") }.flatMap { Int($0.dropFirst("blocked_clients:".count)) } ?? -1
            }
            #expect(blockedClients == 0)
            #expect(try await client.blpop(["never"], timeout: 0.05) == nil)
        }
    }
}
