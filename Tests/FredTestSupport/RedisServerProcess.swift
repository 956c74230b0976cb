import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `redis-server` process started for a test on a free loopback port, never 6379, and stopped by
/// ``stop()`` (or when the value is deinitialised).
public final class RedisServerProcess: @unchecked Sendable {
    public let port: Int
    public let directory: URL
    private let process: Process

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
    public static func start(_ arguments: [String] = []) throws -> RedisServerProcess {
        var lastLog = ""
        for _ in 0..<5 {
            let port = try freeLoopbackPort()
            do {
                return try RedisServerProcess(port: port, arguments: arguments)
            } catch StartError.didNotStart(let log) {
                lastLog = log  // most likely the port was taken in between; try another
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
        process = Process()
        process.executableURL = executable
        process.arguments = [
            "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", directory.path, "--logfile", log.path, "--daemonize", "no",
        ] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if text.contains("Ready to accept connections") { return }
            if !process.isRunning { break }
            usleep(10_000)
        }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        stop()
        throw StartError.didNotStart(log: text)
    }

    deinit { stop() }

    /// Stops the server (SIGTERM, then SIGKILL) and removes its folder.
    public func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { usleep(5_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
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
        while true {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
            defer { close(descriptor) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            let port = Int(UInt16(bigEndian: address.sin_port))
            if port != 6379 { return port }
        }
    }
}
