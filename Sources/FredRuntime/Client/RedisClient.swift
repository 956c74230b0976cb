import Atomics
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
    /// Where the client is in its life (the shared connection, or the commands waiting for one).
    let lifecycle = NIOLockedValueBox(RedisClientStateMachine<Transport, Waiter>())
    let eventSubscribers = RedisClientEvents()
    /// Connections of the client's own, for blocking commands and ``withConnection(_:)``.
    let exclusivePool: NIOLockedValueBox<ExclusivePool>
    /// Commands the handshake of every connection ends with (a cluster replica's `READONLY`), so
    /// that a new connection is set up as the one it replaces.
    let setupCommands: [RESPCommand]
    /// The subscriber connection and the client's subscriptions, made on first use.
    let pubSubParts = NIOLockedValueBox(PubSubParts())
    /// The `+switch-master` watch and the primaries it learnt (Sentinel deployments).
    let sentinelParts = NIOLockedValueBox(SentinelParts())

    /// A command waiting for the client to reconnect, named so that its deadline or the
    /// cancellation of its task can take it out of the queue.
    struct Waiter: RedisClientStateMachineWaiter {
        let id: UInt64
        let continuation: UnsafeContinuation<any RedisTransport, any Error>

        func resume(returning connection: any RedisTransport) { continuation.resume(returning: connection) }
        func resume(throwing error: any Error) { continuation.resume(throwing: error) }
    }
    /// Names the next ``Waiter``.
    let nextWaiterID = ManagedAtomic<UInt64>(0)

    /// Creates a client; nothing is sent until ``connect()``.
    ///
    /// - Parameters:
    ///   - sessionCommands: how to build the handshake and `QUIT` (from a spec).
    ///   - commandTable: the commands ``send(command:)`` knows by name (from a spec).
    public convenience init(
        config: RedisConfig,
        sessionCommands: RedisSessionCommands,
        commandTable: RedisCommandTable = .empty,
        logger: Logger = Logger(label: "fred"),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.init(config: config, sessionCommands: sessionCommands, commandTable: commandTable, setupCommands: [], logger: logger, eventLoopGroup: eventLoopGroup)
    }

    /// A client whose every connection runs `setupCommands` at the end of its handshake.
    init(
        config: RedisConfig,
        sessionCommands: RedisSessionCommands,
        commandTable: RedisCommandTable,
        setupCommands: [RESPCommand],
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.setupCommands = setupCommands
        self.config = config
        self.exclusivePool = NIOLockedValueBox(ExclusivePool(
            maximum: config.maxExclusiveConnections, idleTimeout: config.exclusiveConnectionIdleTimeout))
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
        lifecycle.withLockedValue { $0.publicState }
    }

    /// How many commands wait for the connection to come back (at most
    /// ``RedisConfig/maxCommandBufferLength``); 0 while connected.
    public var waitingCommandCount: Int {
        lifecycle.withLockedValue { $0.waitingCount }
    }

    /// The protocol negotiated with the server, once connected.
    public var protocolVersion: RESPProtocolVersion? {
        lifecycle.withLockedValue { $0.protocolVersion }
    }

    /// Connects and sets up the session: `HELLO` (or `AUTH`), `CLIENT SETNAME`, `SELECT`.
    ///
    /// By default the first failure is thrown; with ``RedisConfig/failFast`` off, connecting is
    /// tried again following ``RedisConfig/reconnectPolicy`` (each retry is a
    /// ``RedisClientEvent/reconnecting(attempt:delay:)`` event) and the last failure is thrown when
    /// the policy gives up. Cancelling the task stops the retries.
    public func connect() async throws {
        try config.validate()
        try lifecycle.withLockedValue { lifecycle in try lifecycle.connect() }
        reopenExclusiveConnections()
        var attempt = 0
        while true {
            do {
                let (transport, version) = try await openTransport()
                guard install(Transport(transport), version) else {
                    await transport.close()
                    throw RedisError.notConnected
                }
                watch(transport)
                logger.debug("connected", metadata: ["config": "\(config)"])
                return
            } catch {
                attempt += 1
                guard let delay = connectRetryDelay(attempt: attempt, after: error) else {
                    lifecycle.withLockedValue { $0.connectFailed() }
                    logger.warning("connecting failed", metadata: ["error": "\(error)"])
                    throw error
                }
                logger.warning("connecting failed; trying again", metadata: [
                    "error": "\(error)", "attempt": "\(attempt)", "delay": "\(delay)",
                ])
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    lifecycle.withLockedValue { $0.connectFailed() }
                    throw error
                }
                guard lifecycle.withLockedValue({ $0.isConnecting }) else { throw RedisError.notConnected }  // quit() meanwhile
            }
        }
    }

    /// With ``RedisConfig/failFast`` off, the delay before retry `attempt` of a failed
    /// ``connect()`` (announced as an event); nil to throw `error` now: fail-fast, no policy, the
    /// policy gives up, the client was closed, or the error is one no retry mends.
    private func connectRetryDelay(attempt: Int, after error: any Error) -> Duration? {
        guard !config.failFast, let policy = config.reconnectPolicy, policy.allows(attempt: attempt),
              !Self.isPermanentConnectFailure(error) else { return nil }
        var generator = SystemRandomNumberGenerator()
        let delay = policy.delay(forAttempt: attempt, using: &generator)
        return lifecycle.withLockedValue { lifecycle -> Duration? in
            guard let event = lifecycle.connectRetrying(attempt: attempt, delay: delay) else { return nil }
            eventSubscribers.emit(event)
            return delay
        }
    }

    /// Failures that another attempt with the same settings would meet again: wrong credentials,
    /// a socket path too long, a TLS configuration that does not load, bad arguments.
    static func isPermanentConnectFailure(_ error: any Error) -> Bool {
        guard let error = error as? RedisError else { return false }
        switch error {
        case .server(let refusal): return [.wrongPass, .noPerm, .noAuth].contains(refusal.kind)
        case .connectionFailed(let failure):
            switch failure.reason {
            case .socketPathTooLong, .tls(.badConfiguration): return true
            default: return false
            }
        case .badArgument, .unsupported: return true
        default: return false
        }
    }

    /// Makes `connection` the client's shared connection, unless ``quit()`` closed the client while it was
    /// connecting (then the caller closes the new connection).
    private func install(_ connection: Transport, _ version: RESPProtocolVersion) -> Bool {
        lifecycle.withLockedValue { lifecycle in
            guard let event = lifecycle.connected(connection, version) else { return false }
            eventSubscribers.emit(event)
            return true
        }
    }

    /// A client dropped without ``quit()`` closes its connections (nothing else keeps it alive:
    /// its background work holds it weakly).
    deinit {
        var closing: [any RedisTransport] = []
        switch lifecycle.withLockedValue({ $0.quit() }) {
        case .close(let transport): closing.append(transport.base)
        case .failWaiters(let waiters):
            for waiter in waiters { waiter.resume(throwing: RedisError.notConnected) }
        case .none: break
        }
        let (idle, waiters) = exclusivePool.withLockedValue { $0.close() }
        for waiter in waiters { waiter.continuation.resume(throwing: RedisError.notConnected) }
        closing += idle.map(\.base)
        stopWatchingSentinels()
        let pubSub = pubSubParts.withLockedValue { $0 }
        pubSub.coordinator?.close()
        if let link = pubSub.link { Task { await link.close() } }
        if !closing.isEmpty {
            Task { for transport in closing { await transport.close() } }
        }
    }

    /// Opens a connection to the configured server and runs the handshake on it, both within the
    /// connect timeout.
    ///
    /// `busyLoop` is an event loop to keep off when the group has others (the shared connection's,
    /// for a subscriber connection whose messages must not slow the commands).
    func openTransport(avoiding busyLoop: (any EventLoop)? = nil) async throws -> (transport: any RedisTransport, version: RESPProtocolVersion) {
        switch config.server {
        case .tcp(let host, let port):
            return try await openTCP(host: host, port: port, avoiding: busyLoop)
        case .unixSocket(let path):
            return try await open(.unixSocket(path: path), avoiding: busyLoop)
        case .sentinel(let sentinel):
            return try await openSentinelPrimary(sentinel, avoiding: busyLoop)
        case .custom(let factory):
            let deadline = ContinuousClock.now + config.connectTimeout
            logger.debug("connecting", metadata: ["server": "\(factory)"])
            let transport = try await factory.openTransport(logger: logger)
            return try await setUp(transport, before: deadline)
        }
    }

    /// Opens a connection to `host`:`port` (TLS per ``RedisConfig/tls``) and sets it up.
    func openTCP(host: String, port: Int, avoiding busyLoop: (any EventLoop)?) async throws -> (transport: any RedisTransport, version: RESPProtocolVersion) {
        try await open(.tcp(host: host, port: port), avoiding: busyLoop)
    }

    private func open(_ target: RedisConnectionTarget, avoiding busyLoop: (any EventLoop)?) async throws -> (transport: any RedisTransport, version: RESPProtocolVersion) {
        let deadline = ContinuousClock.now + config.connectTimeout
        logger.debug("connecting", metadata: ["server": "\(target)"])
        var tls: RedisTLSConnector?
        if let settings = config.tls, case .tcp(let host, _) = target {
            tls = try RedisTLSConnector(tls: settings, host: host, server: target.description, logger: logger)
        }
        let transport = try await RedisConnection.connect(
            to: target, tls: tls, timeout: config.connectTimeout, limits: config.decodingLimits,
            maxInFlight: config.maxCommandsInFlight, deadPeerTimeout: config.deadPeerTimeout,
            heartbeat: config.heartbeatInterval.map { (sessionCommands.ping(), $0) }, logger: logger, group: group,
            avoiding: busyLoop)
        return try await setUp(transport, before: deadline)
    }

    /// Runs the handshake on a new connection; closes it if the handshake fails.
    private func setUp(_ transport: any RedisTransport, before deadline: ContinuousClock.Instant) async throws -> (transport: any RedisTransport, version: RESPProtocolVersion) {
        do {
            let version = try await handshake(on: transport, before: deadline)
            transport.handshakeCompleted()
            return (transport, version)
        } catch RedisError.timeout(let what) {
            await transport.close()
            if config.tls != nil, let connection = transport as? RedisConnection, await !connection.tlsHandshakeCompleted {
                // A plaintext server reads a TLS ClientHello as the start of a command and waits
                // for its end: nothing ever comes back.
                throw RedisError.connectionFailed(RedisConnectionFailure(
                    reason: .tls(.notTLS), server: config.serverDescription,
                    detail: "no answer to the TLS handshake within \(config.connectTimeout); is the port a plaintext one?"))
            }
            throw RedisError.timeout(what)
        } catch RedisError.connectionClosed {
            await transport.close()
            throw RedisError.connectionFailed(RedisConnectionFailure(
                reason: .closedDuringHandshake, server: config.serverDescription,
                detail: config.tls == nil ? "does the server expect TLS (rediss://)?" : ""))
        } catch {
            await transport.close()
            throw error
        }
    }

    /// Runs the handshake on a new connection; a server that accepts the connection but does not
    /// answer in time fails it with ``RedisError/timeout(_:)``.
    private func handshake(on connection: any RedisTransport, before deadline: ContinuousClock.Instant) async throws -> RESPProtocolVersion {
        let outcome = try await withThrowingTaskGroup(of: RESPProtocolVersion?.self) { group in
            group.addTask { try await self.handshake { try await connection.send($0, deadline: nil) } }
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
            // The sleep ended early: the connecting task was cancelled, which is not a timeout.
            try Task.checkCancellation()
            throw RedisError.timeout("the server did not complete the handshake within \(config.connectTimeout)")
        }
        return version
    }

    func handshake(_ send: (RESPCommand) async throws -> RESPValue) async throws -> RESPProtocolVersion {
        var version = RESPProtocolVersion.resp2
        // Always the two-argument form (`default` when no user is named): a server whose default
        // user needs no password accepts any, where `AUTH password` alone would be refused.
        let credentials: (username: String, password: String)?
        if let provider = config.credentialsProvider {
            let given = try await provider()
            credentials = (given.username ?? "default", given.password)
        } else {
            credentials = config.password.map { (username: config.username ?? "default", password: $0) }
        }
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
            if let credentials {
                do {
                    _ = try await send(sessionCommands.auth(credentials.username, credentials.password))
                } catch RedisError.server(let error) where error.message.contains("wrong number of arguments") {
                    // A server older than Redis 6 knows only `AUTH password`.
                    _ = try await send(sessionCommands.auth(nil, credentials.password))
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
        for command in setupCommands {
            _ = try await send(command)
        }
        return version
    }

    /// Sends `QUIT` and closes the connection. Commands sent afterwards throw
    /// ``RedisError/notConnected``.
    public func quit() async throws {
        let action = lifecycle.withLockedValue { lifecycle in
            defer { eventSubscribers.emit(.closed) }
            return lifecycle.quit()
        }
        // A frozen or silent server must not hold quit() up: QUIT gets a second at most.
        let quitTimeout = min(config.commandTimeout ?? .seconds(1), .seconds(1))
        switch action {
        case .close(let connection):
            _ = try? await connection.send(sessionCommands.quit(), timeout: quitTimeout)
            await connection.close()
        case .failWaiters(let waiters):
            for waiter in waiters { waiter.resume(throwing: RedisError.notConnected) }
        case .none:
            break
        }
        stopWatchingSentinels()
        await closeExclusiveConnections()
        await closePubSub()
        logger.debug("closed")
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
