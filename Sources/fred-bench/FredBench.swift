import ArgumentParser
import Fred
import Foundation
import Logging
import NIOCore
import NIOPosix

/// A first benchmark of GET on one client. With `--concurrency 1` (the default) one request is in
/// flight at a time, the equivalent of `redis-benchmark -c 1 -P 1 -t get`: pure round-trip latency.
/// With more, that many tasks share the client's one connection, whose auto-pipelining batches
/// their commands.
@main
enum FredBenchMain {
    static func main() {
        if CommandLine.arguments.contains("--nio-executor") {
            NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        // The main thread only waits: the benchmark runs on the executor chosen above.
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                var command = try FredBench.parseAsRoot()
                if var asyncCommand = command as? FredBench {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            } catch {
                FredBench.exit(withError: error)
            }
            done.signal()
        }
        done.wait()
    }
}

struct FredBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fred-bench",
        abstract: "Times sequential GETs on one connection, like redis-benchmark -c 1 -P 1 -t get."
    )

    @Option(help: "The server to measure, e.g. redis://127.0.0.1:6379 (default: the in-memory mock).")
    var url: String?

    @Option(help: "How many GETs to time.")
    var requests = 100_000

    @Option(help: "GETs sent first and not timed.")
    var warmup = 10_000

    @Flag(help: "Run Swift concurrency on SwiftNIO's event loops (NIOSingletons), so tasks and I/O share threads.")
    var nioExecutor = false

    @Option(help: "How many tasks share the client, each sending its GETs one after another.")
    var concurrency = 1

    func run() async throws {
        guard requests > 0, warmup >= 0, concurrency > 0 else {
            throw ValidationError("--requests and --concurrency must be positive, --warmup not negative")
        }
        let config = try url.map { try RedisConfig(url: $0) } ?? RedisConfig.mock()
        var logger = Logger(label: "fred-bench")
        logger.logLevel = .warning
        let client = RedisClient(config: config, logger: logger)
        try await client.connect()
        // redis-benchmark's GET reads key:__rand_int__ holding a 3-byte value.
        _ = try await client.set("key:__rand_int__", "xxx")
        for _ in 0..<warmup { _ = try await client.get("key:__rand_int__") }
        let clock = ContinuousClock()
        let tasks = concurrency
        let perTask = requests / tasks
        let elapsed = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<tasks {
                    let count = perTask + (task < requests % tasks ? 1 : 0)
                    group.addTask {
                        for _ in 0..<count { _ = try await client.get("key:__rand_int__") }
                    }
                }
                try await group.waitForAll()
            }
        }
        try await client.quit()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let perSecond = Double(requests) / seconds
        print(String(format: "GET: %d requests from %d tasks in %.3f s: %.0f requests per second",
                     requests, tasks, seconds, perSecond))
    }
}
