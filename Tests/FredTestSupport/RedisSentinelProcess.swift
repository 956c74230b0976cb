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
            let port = try LoopbackPort.free()
            let file = folder.appendingPathComponent("sentinel-\(index).conf")
            try """
            port \(port)
            bind 127.0.0.1
            dir \(folder.path)
            logfile \(folder.appendingPathComponent("sentinel-\(index).log").path)
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
            ports.append(port)
            pids.append(process.processIdentifier)
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

    private static func startPair() async throws -> (primary: RedisServerProcess, replica: RedisServerProcess) {
        let primary = try await RedisServerProcess.start(["--repl-diskless-sync-delay", "0"])
        let replica = try await RedisServerProcess.start(["--replicaof", "127.0.0.1", String(primary.port), "--repl-diskless-sync-delay", "0"])
        return (primary, replica)
    }

    /// Waits until every sentinel knows the two others and the replica, and the replica is in sync.
    public func waitUntilReady(within limit: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + limit
        var last = ""
        while ContinuousClock.now < deadline {
            var ready = true
            for port in sentinelPorts {
              for service in [Self.serviceName] + (other == nil ? [] : ["other"]) {
                let (_, state) = try await RedisClusterProcess.run("redis-cli", ["-p", String(port), "sentinel", "master", service])
                last = state
                let lines = state.split(separator: "\n").map(String.init)
                func field(_ name: String) -> String? {
                    guard let index = lines.firstIndex(of: name), index + 1 < lines.count else { return nil }
                    return lines[index + 1]
                }
                if field("num-other-sentinels") != "2" || field("num-slaves") != "1" { ready = false }
              }
            }
            for node in [replica] + (other.map { [$0.replica] } ?? []) {
                let (_, replication) = try await RedisClusterProcess.run("redis-cli", ["-p", String(node.port), "info", "replication"])
                if !replication.contains("master_link_status:up") { ready = false }
            }
            if ready { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw StartError.notReady(last)
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
