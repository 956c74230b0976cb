import Fred
import Foundation

/// One cell of the write-and-reply audit: how many tasks share one client, how large their values
/// are, which protocol the client speaks and where its tasks run.
public struct StressCell: Sendable, CustomStringConvertible {
    public enum Executor: String, Sendable, CaseIterable {
        /// Swift's global executor: the tasks and the connection's event loop are different threads.
        case `default`
        /// The client's ``RedisClient/taskExecutor``: the tasks run on the connection's event loop.
        case connection
    }

    public var tasks: Int
    public var valueSize: Int
    public var protocolVersion: RESPProtocolVersion
    public var executor: Executor
    /// Commands per phase (LPUSHes, then as many ECHOes).
    public var operations: Int

    /// A cell; by default each phase sends enough commands for every task to send several, with
    /// about 48 MiB of values at most.
    public init(tasks: Int, valueSize: Int, protocolVersion: RESPProtocolVersion, executor: Executor, operations: Int? = nil) {
        self.tasks = tasks
        self.valueSize = valueSize
        self.protocolVersion = protocolVersion
        self.executor = executor
        self.operations = operations ?? max(tasks * 2, min(20_000, (48 << 20) / max(valueSize, 1)))
    }

    public var description: String {
        "\(tasks) tasks × \(valueSize) B × \(protocolVersion) × \(executor) executor"
    }

    /// Every cell of the full matrix: tasks 1/8/64/256/1000 × values 3 B/100 B/1 KiB/16 KiB/256 KiB ×
    /// RESP2/RESP3 × both executors.
    public static var fullMatrix: [StressCell] {
        var cells: [StressCell] = []
        for tasks in [1, 8, 64, 256, 1000] {
            for size in [3, 100, 1024, 16 * 1024, 256 * 1024] {
                for version in [RESPProtocolVersion.resp2, .resp3] {
                    for executor in Executor.allCases {
                        cells.append(StressCell(tasks: tasks, valueSize: size, protocolVersion: version, executor: executor))
                    }
                }
            }
        }
        return cells
    }
}

/// What a cell's run told its callers and what the server saw.
public struct StressOutcome: Sendable, CustomStringConvertible {
    public var cell: StressCell
    /// LPUSHes the client acknowledged, the list's length afterwards, and the LPUSH calls in
    /// `INFO commandstats`: all three must be equal.
    public var acknowledgedPushes = 0
    public var listLength = 0
    public var serverPushes = 0
    /// ECHOes whose reply was their own argument, whose reply was anything else, and the ECHO
    /// calls the server counted.
    public var echoesMatched = 0
    public var echoesMismatched = 0
    public var serverEchoes = 0
    /// Calls that threw, and the times the client's connection was lost.
    public var errors: [String] = []
    public var disconnections = 0
    public var seconds = 0.0

    public var duplicatedWrites: Int { serverPushes - acknowledgedPushes }

    /// No write ran twice or went unacknowledged, every reply reached its own caller, nothing failed.
    public var isClean: Bool {
        acknowledgedPushes == cell.operations && listLength == acknowledgedPushes && serverPushes == acknowledgedPushes
            && echoesMatched == cell.operations && echoesMismatched == 0 && serverEchoes == cell.operations
            && errors.isEmpty && disconnections == 0
    }

    public var description: String {
        let status = isClean ? "ok" : "FAILED"
        var line = "\(status) \(cell): LPUSH acked \(acknowledgedPushes)/\(cell.operations), LLEN \(listLength), server calls \(serverPushes)"
        line += "; ECHO matched \(echoesMatched), mismatched \(echoesMismatched), server calls \(serverEchoes)"
        line += "; \(errors.count) errors, \(disconnections) disconnections; \(String(format: "%.2f", seconds)) s"
        if let first = errors.first { line += "; first error: \(first)" }
        return line
    }
}

/// Runs audit cells against one server: many tasks share one client, and what they were told is
/// checked against what the server saw (list length, `INFO commandstats`, an ECHO oracle).
public enum StressAudit {
    public static func run(_ cell: StressCell, server: RedisServerProcess) async throws -> StressOutcome {
        let admin = RedisClient(config: try RedisConfig(url: server.url))
        try await admin.connect()
        defer { Task { try? await admin.quit() } }
        _ = try await admin.send(command: ["FLUSHALL"])
        _ = try await admin.send(command: ["CONFIG", "RESETSTAT"])

        var config = try RedisConfig(url: server.url)
        config.protocolVersion = cell.protocolVersion
        let client = RedisClient(config: config)
        try await client.connect()
        let events = client.events()
        let disconnections = Task {
            var count = 0
            for await event in events {
                if case .disconnected = event { count += 1 }
            }
            return count
        }
        let executor: (any TaskExecutor)? = cell.executor == .connection ? client.taskExecutor : nil
        if cell.executor == .connection && executor == nil { throw RedisError.unsupported("no task executor for the connection") }

        var outcome = StressOutcome(cell: cell)
        let started = ContinuousClock.now
        let key = "stress:list"
        // Phase 1: unique LPUSHes.
        let pushes = await forEachTask(cell, executor: executor) { task, index in
            _ = try await client.lpush(key, [payload(task: task, index: index, size: cell.valueSize, tag: "p")])
            return true
        }
        outcome.acknowledgedPushes = pushes.successes
        outcome.errors += pushes.errors
        // Phase 2: the ECHO oracle: every reply must be the caller's own argument.
        let echoes = await forEachTask(cell, executor: executor) { task, index in
            let sent = payload(task: task, index: index, size: cell.valueSize, tag: "e")
            let reply = try await client.echo(sent)
            return reply.bytes == Array(sent.utf8)
        }
        outcome.echoesMatched = echoes.successes
        outcome.echoesMismatched = echoes.failures
        outcome.errors += echoes.errors
        outcome.seconds = (ContinuousClock.now - started) / .seconds(1)

        outcome.listLength = try await admin.llen(key)
        let stats = try await admin.info(sections: ["commandstats"])
        outcome.serverPushes = calls(of: "lpush", in: stats)
        outcome.serverEchoes = calls(of: "echo", in: stats)
        try await client.quit()
        outcome.disconnections = await disconnections.value
        return outcome
    }

    /// A value of exactly `size` bytes (at least the unique prefix) that names its task and index.
    static func payload(task: Int, index: Int, size: Int, tag: String) -> String {
        let prefix = "\(tag)\(task):\(index):"
        guard size > prefix.utf8.count else { return prefix }
        return prefix + String(repeating: "x", count: size - prefix.utf8.count)
    }

    /// The `calls=` of one command in an `INFO commandstats` reply.
    public static func calls(of command: String, in info: String) -> Int {
        for line in info.split(whereSeparator: \.isNewline) where line.hasPrefix("cmdstat_\(command):") {
            guard let field = line.split(separator: ",").first, let equals = field.lastIndex(of: "=") else { continue }
            return Int(field[field.index(after: equals)...]) ?? 0
        }
        return 0
    }

    struct Tally: Sendable {
        var successes = 0
        var failures = 0
        var errors: [String] = []
    }

    /// Runs `body` `cell.operations` times, shared among `cell.tasks` tasks.
    private static func forEachTask(
        _ cell: StressCell, executor: (any TaskExecutor)?,
        _ body: @escaping @Sendable (_ task: Int, _ index: Int) async throws -> Bool
    ) async -> Tally {
        await withTaskGroup(of: Tally.self) { group in
            for task in 0..<cell.tasks {
                let share = cell.operations / cell.tasks + (task < cell.operations % cell.tasks ? 1 : 0)
                group.addTask(executorPreference: executor) {
                    var tally = Tally()
                    for index in 0..<share {
                        do {
                            if try await body(task, index) { tally.successes += 1 } else { tally.failures += 1 }
                        } catch {
                            tally.errors.append("\(error)")
                        }
                    }
                    return tally
                }
            }
            var total = Tally()
            for await tally in group {
                total.successes += tally.successes
                total.failures += tally.failures
                total.errors += tally.errors
            }
            return total
        }
    }
}
