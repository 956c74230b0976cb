import Foundation
import FredMockDifferential
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A primary, its replica and three sentinels (quorum 2) monitoring it as `mymaster`, all on free
/// loopback ports; stopped by ``stop()``. Sentinels mark a node down after 1 s, as in the research
/// notes, so a failover completes in about 2–3 s.
public final class RedisSentinelProcess: Sendable {
    public static let serviceName = "mymaster"
    public let primary: RedisServerProcess
    public let replica: RedisServerProcess
    public let sentinelPorts: [Int]
    /// A second service the same sentinels monitor (`other`), when asked for.
    public let other: (primary: RedisServerProcess, replica: RedisServerProcess)?
    private let sentinelPIDs: [Int32]
    private let folder: URL

    public enum StartError: Error, CustomStringConvertible {
        case notReady(String)
        public var description: String {
            switch self { case .notReady(let state): return "the sentinels did not become ready: \(state)" }
        }
    }

    private init(
        primary: RedisServerProcess, replica: RedisServerProcess, other: (primary: RedisServerProcess, replica: RedisServerProcess)?,
        sentinelPorts: [Int], sentinelPIDs: [Int32], folder: URL
    ) {
        self.primary = primary
        self.replica = replica
        self.other = other
        self.sentinelPorts = sentinelPorts
        self.sentinelPIDs = sentinelPIDs
        self.folder = folder
    }

    /// `redis-sentinel://127.0.0.1:<port>,…?service=mymaster`.
    public var url: String {
        "redis-sentinel://" + sentinelPorts.map { "127.0.0.1:\($0)" }.joined(separator: ",") + "?service=\(Self.serviceName)"
    }

    /// With `otherService`, the sentinels also monitor a second primary and replica as `other`.
    public static func start(otherService: Bool = false) async throws -> RedisSentinelProcess {
        let (primary, replica) = try await startPair()
        let other = otherService ? try await startPair() : nil
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fred-sentinel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var ports: [Int] = []
        var pids: [Int32] = []
        for index in 0..<3 {
            let (port, pid) = try await launchSentinel(index: index, in: folder, primary: primary, other: other)
            ports.append(port)
            pids.append(pid)
        }
        let sentinels = RedisSentinelProcess(primary: primary, replica: replica, other: other, sentinelPorts: ports, sentinelPIDs: pids, folder: folder)
        do {
            try await sentinels.waitUntilReady()
        } catch {
            await sentinels.stop()
            throw error
        }
        return sentinels
    }

    /// Starts one sentinel on a free port and waits until it listens. A port that another process
    /// took between the choice and the bind makes the sentinel exit: then another port is tried.
    private static func launchSentinel(
        index: Int, in folder: URL, primary: RedisServerProcess, other: (primary: RedisServerProcess, replica: RedisServerProcess)?
    ) async throws -> (port: Int, pid: Int32) {
        var lastLog = ""
        for attempt in 0..<5 {
            let port = try LoopbackPort.free()
            let file = folder.appendingPathComponent("sentinel-\(index).conf")
            let log = folder.appendingPathComponent("sentinel-\(index)-\(attempt).log")
            try """
            port \(port)
            bind 127.0.0.1
            dir \(folder.path)
            logfile \(log.path)
            sentinel monitor \(serviceName) 127.0.0.1 \(primary.port) 2
            sentinel down-after-milliseconds \(serviceName) 1000
            sentinel failover-timeout \(serviceName) 3000
            sentinel parallel-syncs \(serviceName) 1
            \(other.map { "sentinel monitor other 127.0.0.1 \($0.primary.port) 2\nsentinel down-after-milliseconds other 1000\nsentinel failover-timeout other 3000" } ?? "")

            """.write(to: file, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["redis-server", file.path, "--sentinel"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline, process.isRunning {
                // A sentinel logs its ID once it listens (it logs no "Ready to accept").
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                if text.contains("Sentinel ID is") { return (port, process.processIdentifier) }
                try await Task.sleep(for: .milliseconds(10))
            }
            lastLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        throw StartError.notReady("sentinel \(index) did not start: \(lastLog)")
    }

    private static func startPair() async throws -> (primary: RedisServerProcess, replica: RedisServerProcess) {
        let primary = try await RedisServerProcess.start(["--repl-diskless-sync-delay", "0"])
        let replica = try await RedisServerProcess.start(["--replicaof", "127.0.0.1", String(primary.port), "--repl-diskless-sync-delay", "0"])
        return (primary, replica)
    }

    /// Waits until every sentinel knows the two others and the replica, and the replica is in sync.
    /// On a time-out, the error lists every condition still unmet.
    public func waitUntilReady(within limit: Duration = .seconds(45)) async throws {
        let deadline = ContinuousClock.now + limit
        var unmet: [String] = []
        while ContinuousClock.now < deadline {
            unmet = []
            for port in sentinelPorts {
                for service in [Self.serviceName] + (other == nil ? [] : ["other"]) {
                    let (_, state) = try await RedisClusterProcess.run("redis-cli", ["-p", String(port), "sentinel", "master", service])
                    let lines = state.split(separator: "\n").map(String.init)
                    func field(_ name: String) -> String {
                        guard let index = lines.firstIndex(of: name), index + 1 < lines.count else { return "?" }
                        return lines[index + 1]
                    }
                    let sentinels = field("num-other-sentinels"), replicas = field("num-slaves")
                    if sentinels != "2" || replicas != "1" {
                        unmet.append("sentinel :\(port) \(service): other sentinels \(sentinels), replicas \(replicas), flags \(field("flags"))"
                            + (lines.count < 3 ? " (\(state.prefix(200)))" : ""))
                    }
                }
            }
            for node in [replica] + (other.map { [$0.replica] } ?? []) {
                let (_, replication) = try await RedisClusterProcess.run("redis-cli", ["-p", String(node.port), "info", "replication"])
                if !replication.contains("master_link_status:up") {
                    let link = replication.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("role") || $0.hasPrefix("master_") }
                    unmet.append("replica :\(node.port): \(link.joined(separator: " "))")
                }
            }
            if unmet.isEmpty { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw StartError.notReady(unmet.joined(separator: "; "))
    }

    /// The port of the node the sentinels now call the primary of `service`.
    public func currentPrimaryPort(of service: String = serviceName) async throws -> Int? {
        let (_, answer) = try await RedisClusterProcess.run(
            "redis-cli", ["-p", String(sentinelPorts[0]), "sentinel", "get-master-addr-by-name", service])
        return answer.split(separator: "\n").dropFirst().first.flatMap { Int($0) }
    }

    public func stop() async {
        for pid in sentinelPIDs { kill(pid, SIGKILL) }
        primary.thaw()
        await primary.stop()
        await replica.stop()
        if let other {
            await other.primary.stop()
            await other.replica.stop()
        }
        try? FileManager.default.removeItem(at: folder)
    }
}
