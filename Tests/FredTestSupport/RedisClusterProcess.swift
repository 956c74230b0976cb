import Foundation

/// A Redis Cluster of real `redis-server` processes on free loopback ports: `primaries` primaries,
/// each with `replicasPerPrimary` replicas, joined by `redis-cli --cluster create`. Stopped (every
/// node killed, every folder removed) by ``stop()``.
public final class RedisClusterProcess: Sendable {
    public let nodes: [RedisServerProcess]
    /// How many of the nodes are replicas.
    public let replicaCount: Int

    /// Node options: a short node timeout so that failover tests do not wait long, and replicas
    /// that synchronize at once (a replica that never synchronized is not promoted).
    public static let nodeArguments = [
        "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
        "--repl-diskless-sync-delay", "0", "--enable-debug-command", "local",
    ]

    public enum StartError: Error, CustomStringConvertible {
        case createFailed(String)
        case notReady(String)

        public var description: String {
            switch self {
            case .createFailed(let output): return "redis-cli --cluster create failed: \(output)"
            case .notReady(let info): return "the cluster did not become ready: \(info)"
            }
        }
    }

    private init(nodes: [RedisServerProcess], replicaCount: Int) {
        self.nodes = nodes
        self.replicaCount = replicaCount
    }

    /// Starts the nodes and joins them; returns once every node reports `cluster_state:ok` and
    /// knows every other node.
    /// `nodeArguments` gives each node options of its own (a TLS port).
    public static func start(
        primaries: Int = 3, replicasPerPrimary: Int = 1, extraArguments: [String] = [],
        nodeArguments perNode: () throws -> [String] = { [] }
    ) async throws -> RedisClusterProcess {
        var nodes: [RedisServerProcess] = []
        do {
            for _ in 0..<(primaries * (1 + replicasPerPrimary)) {
                nodes.append(try await RedisServerProcess.start(nodeArguments + extraArguments + perNode()))
            }
            let cluster = RedisClusterProcess(nodes: nodes, replicaCount: primaries * replicasPerPrimary)
            try await cluster.create(replicasPerPrimary: replicasPerPrimary)
            try await cluster.waitUntilReady()
            return cluster
        } catch {
            for node in nodes { await node.stop() }
            throw error
        }
    }

    /// `redis://127.0.0.1:<port>` of every node.
    public var urls: [String] { nodes.map(\.url) }

    private func create(replicasPerPrimary: Int) async throws {
        let arguments = ["--cluster", "create"] + nodes.map { "127.0.0.1:\($0.port)" }
            + ["--cluster-replicas", String(replicasPerPrimary), "--cluster-yes"]
        let (status, output) = try await Self.run("redis-cli", arguments)
        guard status == 0 else { throw StartError.createFailed(output) }
    }

    /// Waits until every node says the cluster is ok and lists all nodes with their final roles,
    /// and every replica is in sync with its primary.
    public func waitUntilReady(within limit: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + limit
        var last = ""
        while ContinuousClock.now < deadline {
            var ready = true
            for node in nodes {
                let (_, info) = try await Self.run("redis-cli", ["-p", String(node.port), "cluster", "info"])
                let (_, known) = try await Self.run("redis-cli", ["-p", String(node.port), "cluster", "nodes"])
                last = info
                let lines = known.split(separator: "\n").filter { !$0.contains("handshake") && !$0.contains("noaddr") }
                let replicasSeen = lines.filter { $0.split(separator: " ").dropFirst(2).first?.contains("slave") == true }.count
                if !info.contains("cluster_state:ok") || lines.count != nodes.count || replicasSeen != replicaCount { ready = false }
                let (_, replication) = try await Self.run("redis-cli", ["-p", String(node.port), "info", "replication"])
                if replication.contains("role:slave") && !replication.contains("master_link_status:up") { ready = false }
            }
            if ready { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw StartError.notReady(last)
    }

    public func stop() async {
        for node in nodes { await node.stop() }
    }

    /// Runs a tool to completion and returns its status and output. The waiting happens on a
    /// thread of its own, never on the tasks' cooperative threads (which other tests need).
    @discardableResult
    public static func run(_ tool: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(tool, arguments) })
            }
        }
    }

    private static func runBlocking(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
