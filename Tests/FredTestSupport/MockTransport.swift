import Foundation
import Fred
import FredMock
import NIOConcurrencyHelpers

/// How the tests' mock clients reach their ``RedisMockServer``: in process (the default), or over
/// TCP through the server's listener when `FRED_MOCK_TRANSPORT=tcp` (`scripts/test.sh` runs the
/// mock suites both ways). The client code is the same either way; only the transport differs.
public enum MockTransport {
    /// Whether this run reaches mock servers over TCP.
    public static let overTCP = ProcessInfo.processInfo.environment["FRED_MOCK_TRANSPORT"] == "tcp"

    /// What a client sees when the engine has no handler for `command`: the typed error in process;
    /// over TCP, the error reply the listener sends in its place (a client cannot tell more).
    public static func unsupported(_ command: String) -> RedisError {
        let typed = RedisError.unsupportedByMock(command: command)
        return overTCP ? .server(RedisServerError(message: "ERR \(typed)")) : typed
    }

    /// What a client sees for a command no spec knows and no handler answers: over TCP, a server's
    /// own `unknown command` text.
    public static func unknown(_ words: [String]) -> RedisError {
        guard overTCP else { return .unsupportedByMock(command: words[0].uppercased()) }
        let arguments = words.dropFirst().map { "'\($0)' " }.joined()
        return .server(RedisServerError(message: "ERR unknown command '\(words[0])', with args beginning with: \(arguments)"))
    }

    /// One listener per server, started on first use and kept for the rest of the run.
    private static let listeners = NIOLockedValueBox<[ObjectIdentifier: (server: RedisMockServer, listener: RedisMockListener)]>([:])

    /// A config for a client of `server`.
    public static func config(_ server: RedisMockServer, protocolVersion: RESPProtocolVersion = .resp3) async throws -> RedisConfig {
        var config = RedisConfig.mock(server, protocolVersion: protocolVersion)
        guard overTCP else { return config }
        let listener = try await listener(for: server)
        config.server = .tcp(host: listener.host, port: listener.port)
        return config
    }

    private static func listener(for server: RedisMockServer) async throws -> RedisMockListener {
        let key = ObjectIdentifier(server)
        if let existing = listeners.withLockedValue({ $0[key]?.listener }) { return existing }
        let started = try await server.listen()
        let kept = listeners.withLockedValue { listeners -> RedisMockListener? in
            if let existing = listeners[key] { return existing.listener }
            listeners[key] = (server, started)  // the server is kept too, so its identifier stays unique
            return nil
        }
        if let kept {
            await started.close()
            return kept
        }
        return started
    }
}
