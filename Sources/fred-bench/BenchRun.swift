import Fred

/// What one test measured.
struct BenchResult {
    var requests: Int
    var seconds: Double
    /// Latency of each request in microseconds (for a pipeline, the round trip of its batch).
    var latencies: BenchLatencies
    /// Replies that were errors.
    var errors: Int

    var requestsPerSecond: Double { Double(requests) / seconds }
}

/// Runs one workload: `tasks` tasks share the client, each sending its share of the requests one
/// after another, or in batches of `pipeline`.
struct BenchRun {
    let client: any RedisCommandExecutor
    let workload: BenchWorkload
    let requests: Int
    let tasks: Int
    let pipeline: Int
    let dataSize: Int
    let keyspace: Int?
    /// Where the tasks run: nil for Swift's default executor.
    let executor: (any TaskExecutor)?

    func execute() async throws -> BenchResult {
        let clock = ContinuousClock()
        let started = clock.now
        var total = BenchResult(requests: requests, seconds: 0, latencies: BenchLatencies(), errors: 0)
        try await withThrowingTaskGroup(of: BenchResult.self) { group in
            for task in 0..<tasks {
                let share = requests / tasks + (task < requests % tasks ? 1 : 0)
                group.addTask(executorPreference: executor) { try await runTask(requests: share) }
            }
            for try await partial in group {
                total.latencies.add(partial.latencies)
                total.errors += partial.errors
            }
        }
        let elapsed = clock.now - started
        total.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return total
    }

    private func runTask(requests: Int) async throws -> BenchResult {
        var keys = BenchKeys(dataSize: dataSize, keyspace: keyspace)
        var result = BenchResult(requests: requests, seconds: 0, latencies: BenchLatencies(), errors: 0)
        let clock = ContinuousClock()
        var sent = 0
        if pipeline == 1 {
            while sent < requests {
                let command = workload.command(&keys)
                let start = clock.now
                do {
                    _ = try await client.execute(command)
                } catch RedisError.server {
                    result.errors += 1
                }
                result.latencies.record(Self.microseconds(clock.now - start))
                sent += 1
            }
        } else {
            var batch: [RESPCommand] = []
            batch.reserveCapacity(pipeline)
            while sent < requests {
                batch.removeAll(keepingCapacity: true)
                for _ in 0..<min(pipeline, requests - sent) { batch.append(workload.command(&keys)) }
                let start = clock.now
                let replies = try await client.execute(batch)
                let latency = Self.microseconds(clock.now - start)
                for reply in replies {
                    if case .failure(let error) = reply {
                        guard case .server = error else { throw error }
                        result.errors += 1
                    }
                }
                result.latencies.record(latency, count: UInt64(replies.count))
                sent += batch.count
            }
        }
        return result
    }

    static func microseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(0, seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
    }
}
