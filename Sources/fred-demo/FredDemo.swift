import ArgumentParser
import Fred
import FredMock
import Foundation
import Logging

/// The example flow of the original `fred` crate: connect, SELECT, INFO, GET foo, SET foo bar with
/// PX 1000 and NX, print each result, quit. Runs on the in-memory mock unless given `--url`.
@main
struct FredDemo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fred-demo",
        abstract: "Runs Fred's example flow on the in-memory mock, or on a server with --url.",
        discussion: "Log level from FRED_LOG (trace, debug, info, notice, warning, error, critical); default warning."
    )

    @Option(help: "A server to use instead of the built-in mock, e.g. redis://127.0.0.1:6379.")
    var url: String?

    @Option(help: "The database to select (default: the URL's, or 0).")
    var database: Int?

    func run() async throws {
        let level = ProcessInfo.processInfo.environment["FRED_LOG"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }

        var config = try url.map { try RedisConfig(url: $0) } ?? RedisConfig.mock()
        // The database is part of the session every connection sets up (SELECT on the shared
        // connection is refused: a reconnect would undo it).
        if let database { config.database = database }
        let client = RedisClient(config: config)
        print("Connecting to \(config)...")
        try await client.connect()
        print("Client connected as \(client.name) (RESP\(client.protocolVersion?.rawValue ?? 2)).")

        print("Selected database \(config.database).")

        let info = try await client.info()
        let version = info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("redis_version:") } ?? "redis_version: unknown"
        print("Redis server info: \(info.utf8.count) bytes, \(version)")

        let foo = try await client.get("foo")
        print("Got foo: \(foo.map { "\"\($0)\"" } ?? "nil")")

        let wasSet = try await client.set("foo", "bar", expiration: .px(1000), options: .nx)
        print("Set 'bar' at 'foo'? \(wasSet).")

        try await client.quit()
        print("Connection closed gracefully.")
    }
}
