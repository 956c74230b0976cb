import ArgumentParser
import FredMock
import Logging

/// `fred-mock-server`: Fred's in-memory Redis engine on a TCP port, for any Redis client.
@main
struct FredMockServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fred-mock-server",
        abstract: "Serves Fred's in-memory mock Redis engine over TCP (RESP2 and RESP3, inline commands too).",
        discussion: "Data lives in memory only and is gone when the process ends. Stop it with Ctrl-C."
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one (printed at start).")
    var port = 6390

    @Option(help: "A password for the default user, as requirepass sets it.")
    var requirepass: String?

    @Flag(help: "Log each connection.")
    var verbose = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        var logger = Logger(label: "fred-mock-server")
        logger.logLevel = verbose ? .debug : .info
        let server = RedisMockServer(password: requirepass)
        let listener = try await server.listen(host: host, port: port, logger: logger)
        print("fred-mock-server: listening on \(listener.host):\(listener.port)")
        // Serves until the process is stopped.
        while !Task.isCancelled {
            try await Task.sleep(for: .seconds(3600))
        }
        await listener.close()
    }
}
