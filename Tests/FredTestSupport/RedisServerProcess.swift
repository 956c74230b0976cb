import Foundation
import FredMockDifferential
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `redis-server` process started for a test on a free loopback port, never 6379, and stopped by
/// ``stop()`` (or killed when the value is deinitialised).
///
/// Starting and stopping never block a thread: tests share a small cooperative pool, so every wait
/// suspends instead.
public final class RedisServerProcess: @unchecked Sendable {
    public let port: Int
    public let directory: URL
    private var process: Process
    private let executable: URL
    private let launchArguments: [String]

    public enum StartError: Error, CustomStringConvertible {
        case notInstalled
        case didNotStart(log: String)
        public var description: String {
            switch self {
            case .notInstalled: return "redis-server is not installed (scripts/test.sh installs it)"
            case .didNotStart(let log): return "redis-server did not start:\n\(log)"
            }
        }
    }

    /// Starts a server with the given extra configuration (`["--requirepass", "secret"]`).
    public static func start(_ arguments: [String] = []) async throws -> RedisServerProcess {
        var lastLog = ""
        // A cluster node also listens on port + 10000 (its bus), which must be a valid port.
        let clustered = arguments.contains("--cluster-enabled")
        for _ in 0..<5 {
            var port = try freeLoopbackPort()
            while clustered && port > 55_535 { port = try freeLoopbackPort() }
            let server = try RedisServerProcess(port: port, arguments: arguments)
            do {
                try await server.waitUntilReady()
                return server
            } catch StartError.didNotStart(let log) {
                lastLog = log  // most likely the port was taken in between; try another
                await server.stop()
            }
        }
        throw StartError.didNotStart(log: lastLog)
    }

    private init(port: Int, arguments: [String]) throws {
        guard let executable = Self.findExecutable() else { throw StartError.notInstalled }
        self.port = port
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fred-redis-\(port)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let log = directory.appendingPathComponent("redis.log")
        self.executable = executable
        launchArguments = [
            "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", directory.path, "--logfile", log.path, "--daemonize", "no",
        ] + arguments
        process = try Self.launch(executable, launchArguments)
    }

    private static func launch(_ executable: URL, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Freezes the server (SIGSTOP): its connections stay open but nothing is answered.
    public func freeze() { kill(process.processIdentifier, SIGSTOP) }

    /// Lets a frozen server run again (SIGCONT).
    public func thaw() { kill(process.processIdentifier, SIGCONT) }

    /// Stops the server, waits `downtime`, and starts it again on the same port with the same
    /// configuration plus `extraArguments` (the data is whatever it saved).
    public func restart(after downtime: Duration = .zero, with extraArguments: [String] = []) async throws {
        await crash()
        try await Task.sleep(for: downtime)
        try await relaunch(with: extraArguments)
    }

    /// Kills the server (SIGKILL) and keeps its folder, so that ``relaunch(with:)`` can start it
    /// again on the same port; until then, connections to the port are refused.
    public func crash() async {
        await stopProcess()
    }

    /// Starts a crashed server again on the same port, with its configuration plus
    /// `extraArguments` (the data is whatever it saved), and waits until it accepts connections.
    public func relaunch(with extraArguments: [String] = []) async throws {
        try? FileManager.default.removeItem(at: logURL)
        process = try Self.launch(executable, launchArguments + extraArguments)
        try await waitUntilReady()
    }

    private var logURL: URL { directory.appendingPathComponent("redis.log") }

    private func waitUntilReady() async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
            if text.contains("Ready to accept connections") { return }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw StartError.didNotStart(log: (try? String(contentsOf: logURL, encoding: .utf8)) ?? "")
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Stops the server (SIGKILL) and removes its folder.
    public func stop() async {
        await stopProcess()
        try? FileManager.default.removeItem(at: directory)
    }

    private func stopProcess() async {
        // SIGKILL: the test process may start children with SIGTERM blocked, and a test server
        // has nothing to save. The kernel closes its sockets at once, as in a crash.
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        while process.isRunning { try? await Task.sleep(for: .milliseconds(2)) }
    }


    /// `redis://127.0.0.1:<port>`.
    public var url: String { "redis://127.0.0.1:\(port)" }

    private static func findExecutable() -> URL? {
        for directory in ["/usr/bin", "/usr/local/bin", "/usr/sbin", "/opt/homebrew/bin"] {
            let url = URL(fileURLWithPath: directory).appendingPathComponent("redis-server")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    /// Asks the kernel for a free port on 127.0.0.1 (never 6379).
    private static func freeLoopbackPort() throws -> Int {
        try LoopbackPort.free()
    }
}
