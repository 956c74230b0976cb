import ArgumentParser
import Fred
import Foundation
import Logging

/// `redis-benchmark` for Fred: the same flags and output formats, with Fred's client doing the
/// requests. `-c` tasks share one client (one connection, auto-pipelined); `-P` sends explicit
/// pipelines of that many commands.
struct FredBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fred-bench",
        abstract: "Benchmarks Fred against a Redis server with redis-benchmark's flags and output.",
        discussion: """
            Tests: \(BenchWorkload.names.joined(separator: ", ")). Compare with redis-benchmark using \
            scripts/bench-compare.sh.
            """,
        helpNames: [.long]
    )

    @Option(name: .customShort("h"), help: "Server hostname.")
    var host = "127.0.0.1"

    @Option(name: .customShort("p"), help: "Server port.")
    var port = 6379

    @Option(name: .customShort("a"), help: "Password.")
    var password: String?

    @Option(name: .customLong("user"), help: "ACL user name (with -a).")
    var user: String?

    @Option(name: .customShort("c"), help: "Concurrent tasks sharing the client.")
    var clients = 50

    @Option(name: .customShort("n"), help: "Total number of requests per test.")
    var requests = 100_000

    @Option(name: .customShort("d"), help: "Data size of SET/GET values and list/hash elements, in bytes.")
    var dataSize = 3

    @Option(name: .customShort("P"), help: "Pipeline <numreq> requests per round trip.")
    var pipeline = 1

    @Option(name: .customShort("t"), help: "Comma-separated tests to run (default: all).")
    var tests: String?

    @Option(name: .customShort("r"), help: "Random keys in [0, keyspacelen) instead of one fixed key.")
    var keyspace: Int?

    @Flag(name: .customShort("q"), help: "Quiet: one line per test, the throughput and p50.")
    var quiet = false

    @Flag(help: "Print the results as CSV.")
    var csv = false

    @Option(help: "Accepted for redis-benchmark compatibility and ignored: Fred's threads are its event loops.")
    var threads: Int?

    @Option(help: "Clients of a round-robin pool (RedisPool) that share the tasks' commands, each with its own connection (per node, for a cluster).")
    var connections = 1

    @Flag(help: "Run against a Redis Cluster: -h/-p name a seed node; keys go to the primaries that serve them.")
    var cluster = false

    @Option(help: "RESP version to speak: 2 (redis-benchmark's default) or 3.")
    var resp = 2

    enum Executor: String, ExpressibleByArgument, CaseIterable {
        /// Swift's global executor: tasks and the connection's event loop are different threads.
        case `default`
        /// The client's `taskExecutor`: the tasks run on the connection's event loop.
        case connection
        /// SwiftNIO's event loops installed as Swift's global executor (NIOSingletons).
        case nio
    }

    @Option(help: "Where the tasks run: default (Swift's pool), connection (the client's event loop) or nio (NIO as the global executor).")
    var executor: Executor = .default

    func validate() throws {
        guard clients > 0, requests > 0, pipeline > 0, dataSize >= 0 else {
            throw ValidationError("-c, -n and -P must be positive and -d not negative")
        }
        if let keyspace, keyspace <= 0 { throw ValidationError("-r must be positive") }
        guard resp == 2 || resp == 3 else { throw ValidationError("--resp is 2 or 3") }
        guard connections >= 1 else { throw ValidationError("--connections must be at least 1") }
        if connections > 1 && executor == .connection { throw ValidationError("--executor connection needs one connection; a pool has several") }
        if cluster && executor == .connection { throw ValidationError("--executor connection needs one connection; a cluster has one per node") }
        _ = try selectedWorkloads()
    }

    func selectedWorkloads() throws -> [BenchWorkload] {
        guard let tests else { return BenchWorkload.all }
        let wanted = tests.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let unknown = wanted.filter { name in !BenchWorkload.names.contains(name) }
        guard unknown.isEmpty else {
            throw ValidationError("unknown test \(unknown.joined(separator: ", ")); known: \(BenchWorkload.names.joined(separator: ", "))")
        }
        return BenchWorkload.all.filter { wanted.contains($0.name) }
    }

    func run() async throws {
        if threads != nil {
            FileHandle.standardError.write(Data("fred-bench: --threads is ignored; Fred runs on its event loops\n".utf8))
        }
        var logger = Logger(label: "fred-bench")
        logger.logLevel = .warning
        var config = RedisConfig(host: host, port: port, username: user, password: password, protocolVersion: resp == 3 ? .resp3 : .resp2)
        config.connectTimeout = .seconds(5)
        let executor: any RedisCommandExecutor
        let single: RedisClient?
        let clusterClient: RedisClusterClient?
        let pool: (any RedisPoolMember)?
        if cluster {
            let seed = config
            let makeClient = { (_: Int) in
                RedisClusterClient(
                    seeds: [.init(host: self.host, port: self.port)], nodeConfig: seed, sessionCommands: .standard,
                    clusterCommands: .standard, commandTable: RedisCommands.table, logger: logger)
            }
            if connections > 1 {
                let clients = try RedisPool(size: connections, makeClient)
                try await clients.connect()
                (executor, single, clusterClient, pool) = (clients, nil, nil, clients)
            } else {
                let client = makeClient(0)
                try await client.connect()
                (executor, single, clusterClient, pool) = (client, nil, client, nil)
            }
        } else if connections > 1 {
            let clients = try RedisPool(size: connections, config: config, logger: logger)
            try await clients.connect()
            (executor, single, clusterClient, pool) = (clients, nil, nil, clients)
        } else {
            let client = RedisClient(config: config, logger: logger)
            try await client.connect()
            (executor, single, clusterClient, pool) = (client, client, nil, nil)
        }
        let report = BenchReport(style: csv ? .csv : quiet ? .quiet : .full, clients: clients, dataSize: dataSize)
        report.start()
        for workload in try selectedWorkloads() {
            let run = BenchRun(
                client: executor, workload: workload, requests: requests, tasks: clients, pipeline: pipeline,
                dataSize: dataSize, keyspace: keyspace, executor: self.executor == .connection ? single?.taskExecutor : nil)
            let result = try await run.execute()
            report.print(workload: workload, result: result)
        }
        try await single?.quit()
        try await clusterClient?.quit()
        try await pool?.quit()
    }

    /// Parses the command line and runs, exiting with ArgumentParser's messages on errors.
    static func runFromCommandLine() async {
        do {
            var command = try parseAsRoot()
            if let bench = command as? FredBench {
                try await bench.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
