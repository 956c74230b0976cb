import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A Redis client: one connection (or the in-memory mock engine) shared by any number of tasks,
/// whose commands are pipelined automatically.
///
/// ```swift
/// let client = RedisClient(config: try RedisConfig(url: "redis://127.0.0.1:6379"))
/// try await client.connect()
/// try await client.set("foo", "bar", expiration: .px(1000), options: .nx)
/// let value = try await client.get("foo")?.string
/// try await client.quit()
/// ```
///
/// Every client has a name `fred-` followed by 10 random letters and digits; it is sent to the server
/// (`CLIENT SETNAME`) and stands in the metadata of every log line of the client.
public final class RedisClient: RedisCommandExecutor, Sendable {
    public let config: RedisConfig
    /// `fred-` and 10 random alphanumerics.
    public let name: String
    /// The client's logger, with its name in the metadata.
    public let logger: Logger
    let sessionCommands: RedisSessionCommands
    /// The commands ``send(command:)`` knows by name.
    public let commandTable: RedisCommandTable
    let group: any EventLoopGroup
    let backend = NIOLockedValueBox<Backend>(.none(.disconnected))
    let eventSubscribers = RedisClientEvents()

    /// A command waiting for the client to reconnect.
    typealias Waiter = UnsafeContinuation<RedisConnection, any Error>

    enum Backend {
        case none(RedisClientState)
        case connecting
        case network(RedisConnection, protocolVersion: RESPProtocolVersion)
        case mock(RedisMockConnection, protocolVersion: RESPProtocolVersion)
        /// The connection was lost; `waiters` are commands to send once it is back.
        case reconnecting(attempt: Int, waiters: [Waiter])
    }

    /// Creates a client; nothing is sent until ``connect()``.
    ///
    /// - Parameters:
    ///   - sessionCommands: how to build the handshake and `QUIT` (from a spec).
    ///   - commandTable: the commands ``send(command:)`` knows by name (from a spec).
    public init(
        config: RedisConfig,
        sessionCommands: RedisSessionCommands,
        commandTable: RedisCommandTable = .empty,
        logger: Logger = Logger(label: "fred"),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.config = config
        self.sessionCommands = sessionCommands
        self.commandTable = commandTable
        self.group = eventLoopGroup
        let name = "fred-" + RedisClient.randomSuffix()
        self.name = name
        var logger = logger
        logger[metadataKey: "client"] = .string(name)
        self.logger = logger
    }

    /// The client's connection events from now on: connected, disconnected, each reconnect attempt,
    /// giving up, closed. Each call returns a stream of its own; it keeps the latest 100 unread
    /// events and ends after ``RedisClientEvent/closed``.
    ///
    /// ```swift
    /// Task {
    ///     for await event in client.events() { logger.info("redis: \(event)") }
    /// }
    /// ```
    public func events() -> AsyncStream<RedisClientEvent> {
        eventSubscribers.subscribe()
    }

    /// Where the client is in its life.
    public var state: RedisClientState {
        backend.withLockedValue { backend in
            switch backend {
            case .none(let state): return state
            case .connecting: return .connecting
            case .network, .mock: return .connected
            case .reconnecting: return .reconnecting
            }
        }
    }

    /// The protocol negotiated with the server, once connected.
    public var protocolVersion: RESPProtocolVersion? {
        backend.withLockedValue { backend in
            switch backend {
            case .network(_, let version), .mock(_, let version): return version
            default: return nil
            }
        }
    }

    /// Connects and sets up the session: `HELLO` (or `AUTH`), `CLIENT SETNAME`, `SELECT`.
    public func connect() async throws {
        try config.validate()
        try backend.withLockedValue { backend in
            switch backend {
            case .none(.disconnected), .none(.closed): backend = .connecting
            case .none(.connecting), .connecting: throw RedisError.badArgument("connect() is already in progress")
            case .none(.connected), .none(.reconnecting), .network, .mock, .reconnecting:
                throw RedisError.badArgument("the client is already connected")
            }
        }
        do {
            switch config.server {
            case .tcp(let host, let port):
                let (connection, version) = try await openConnection(host: host, port: port)
                backend.withLockedValue { $0 = .network(connection, protocolVersion: version) }
                watch(connection)
            case .mock(let server):
                let connection = RedisMockConnection(server: server)
                do {
                    let version = try await handshake { try connection.send($0) }
                    backend.withLockedValue { $0 = .mock(connection, protocolVersion: version) }
                } catch {
                    connection.close()
                    throw error
                }
            }
            logger.info("connected", metadata: ["config": "\(config)"])
            eventSubscribers.emit(.connected)
        } catch {
            backend.withLockedValue { $0 = .none(.disconnected) }
            logger.warning("connecting failed", metadata: ["error": "\(error)"])
            throw error
        }
    }

    /// Connects to the server and runs the handshake, within the connect timeout.
    func openConnection(host: String, port: Int) async throws -> (RedisConnection, RESPProtocolVersion) {
        logger.debug("connecting", metadata: ["server": "\(host):\(port)"])
        let deadline = ContinuousClock.now + config.connectTimeout
        let connection = try await RedisConnection.connect(
            host: host, port: port, timeout: config.connectTimeout, limits: config.decodingLimits,
            deadPeerTimeout: config.deadPeerTimeout, logger: logger, group: group)
        do {
            return (connection, try await handshake(on: connection, before: deadline))
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Runs the handshake on a new connection; a server that accepts the connection but does not
    /// answer in time fails it with ``RedisError/timeout(_:)``.
    private func handshake(on connection: RedisConnection, before deadline: ContinuousClock.Instant) async throws -> RESPProtocolVersion {
        let outcome = try await withThrowingTaskGroup(of: RESPProtocolVersion?.self) { group in
            group.addTask { try await self.handshake { try await connection.send($0) } }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            let first = try await group.next() ?? nil
            if first == nil {
                await connection.close()  // fails the handshake's pending command
            }
            return first
        }
        guard let version = outcome else {
            throw RedisError.timeout("the server did not complete the handshake within \(config.connectTimeout)")
        }
        return version
    }

    private func handshake(_ send: (RESPCommand) async throws -> RESPValue) async throws -> RESPProtocolVersion {
        var version = RESPProtocolVersion.resp2
        let credentials = config.password.map { (username: config.username ?? "default", password: $0) }
        var needsLegacySetup = true
        if config.protocolVersion == .resp3 {
            do {
                _ = try await send(sessionCommands.hello(3, credentials, name))
                version = .resp3
                needsLegacySetup = false
            } catch RedisError.server(let error) where error.kind == .noProto || error.message.contains("unknown command") {
                logger.debug("the server refused RESP3; using RESP2", metadata: ["reply": "\(error.code)"])
            }
        }
        if needsLegacySetup {
            if let password = config.password {
                do {
                    _ = try await send(sessionCommands.auth(config.username, password))
                } catch RedisError.server(let error)
                    where config.ignoreAuthError && error.message.contains("without any password configured") {
                    logger.warning("the server needs no password; going on without authenticating")
                }
            }
            _ = try await send(sessionCommands.setName(name))
        }
        if config.database != 0 {
            _ = try await send(sessionCommands.select(config.database))
        }
        return version
    }

    @TaskLocal private static var timeoutOverride: Duration?

    /// Runs `operation` with `timeout` as the command timeout of every command it sends, on any
    /// client, instead of ``RedisConfig/commandTimeout``.
    ///
    /// ```swift
    /// let value = try await RedisClient.withCommandTimeout(.milliseconds(200)) {
    ///     try await client.get("feature-flags")
    /// }
    /// ```
    public static func withCommandTimeout<Result>(
        _ timeout: Duration,
        _ operation: () async throws -> Result,
        isolation: isolated (any Actor)? = #isolation
    ) async rethrows -> Result {
        try await $timeoutOverride.withValue(timeout, operation: operation, isolation: isolation)
    }

    /// A task executor on the event loop of the client's connection, or nil when the client is not
    /// connected to a server (or runs on the mock).
    ///
    /// Tasks that send many commands one after another and want the lowest latency can run on it:
    ///
    /// ```swift
    /// if let executor = client.taskExecutor {
    ///     try await withTaskExecutorPreference(executor) { try await work(client) }
    /// }
    /// ```
    ///
    /// Their commands then go out and their replies come back with no thread switch.
    @available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, *)
    public var taskExecutor: RedisEventLoopExecutor? {
        guard case .network(let connection, _) = backend.withLockedValue({ $0 }) else { return nil }
        return RedisEventLoopExecutor(eventLoop: connection.channel.eventLoop)
    }

    /// Sends `QUIT` and closes the connection. Commands sent afterwards throw
    /// ``RedisError/notConnected``.
    public func quit() async throws {
        let current = backend.withLockedValue { backend -> Backend in
            let current = backend
            backend = .none(.closed)
            return current
        }
        switch current {
        case .network(let connection, _):
            _ = try? await connection.send(sessionCommands.quit())
            await connection.close()
        case .mock(let connection, _):
            _ = try? connection.send(sessionCommands.quit())
            connection.close()
        case .reconnecting(_, let waiters):
            for waiter in waiters { waiter.resume(throwing: RedisError.notConnected) }
        case .none, .connecting:
            break
        }
        logger.info("closed")
        eventSubscribers.emit(.closed)
    }

    public func execute(_ command: RESPCommand) async throws -> RESPValue {
        let timeout = RedisClient.timeoutOverride ?? config.commandTimeout
        var connection: RedisConnection
        switch backend.withLockedValue({ $0 }) {
        case .network(let current, _):
            connection = current
        case .reconnecting:
            connection = try await waitForConnection()
        case .mock(let mock, _):
            return try mock.send(command)
        case .none, .connecting:
            throw RedisError.notConnected
        }
        var attempt = 1
        let loadingDeadline = ContinuousClock.now + config.maxLoadingWait
        while true {
            do {
                return try await connection.send(command, timeout: timeout)
            } catch RedisError.server(let error) where error.kind == .loading && ContinuousClock.now < loadingDeadline {
                // The server is loading its dataset and ran nothing: ask again shortly.
                logger.debug("the server is loading its dataset; asking again in 50 ms")
                try await Task.sleep(for: .milliseconds(50))
            } catch RedisError.connectionClosed(let mayHaveRun)
                where attempt < config.maxCommandAttempts && config.reconnectPolicy != nil
                && (!mayHaveRun || command.info.flags.contains(.readonly)) {
                // Never written, or read-only: safe to send again on the next connection.
                attempt += 1
                connectionLost(connection)
                connection = try await waitForConnection()
            } catch RedisError.server(let error)
                where error.kind == .noAuth && config.reconnectOnAuthError && config.reconnectPolicy != nil
                && attempt < config.maxCommandAttempts {
                // The session lost its authentication (the command did not run): connect and
                // authenticate again, then resend.
                attempt += 1
                logger.warning("NOAUTH: reconnecting to authenticate again")
                connectionLost(connection)
                await connection.close()
                connection = try await waitForConnection()
            }
        }
    }


    /// Sends `commands` back to back on the connection (one write) and returns every reply in
    /// order: an error reply is the `failure` of its own slot and does not stop the others.
    public func execute(_ commands: [RESPCommand]) async throws -> [Result<RESPValue, RedisError>] {
        switch backend.withLockedValue({ $0 }) {
        case .network(let connection, _):
            return await connection.send(commands, timeout: RedisClient.timeoutOverride ?? config.commandTimeout)
        case .reconnecting:
            return try await waitForConnection().send(commands, timeout: RedisClient.timeoutOverride ?? config.commandTimeout)
        case .mock(let connection, _):
            return commands.map { command in
                Result { try connection.send(command) }.mapError { $0 as? RedisError ?? .unsupported("\($0)") }
            }
        case .none, .connecting:
            throw RedisError.notConnected
        }
    }

    private static func randomSuffix() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
    }
}

/// Where a client is in its life.
public enum RedisClientState: Sendable, Hashable {
    case disconnected, connecting, connected, closed
    /// The connection was lost and the client is connecting again (``RedisConfig/reconnectPolicy``).
    case reconnecting
}
