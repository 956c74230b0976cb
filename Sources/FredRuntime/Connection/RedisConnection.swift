import Atomics
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// One TCP connection to a server. Any number of tasks may send on it at once; their commands are
/// pipelined in the order they arrive.
package final class RedisConnection: RedisTransport {
    let channel: any Channel
    private let handler: NIOLoopBound<RedisChannelHandler>
    /// Names each send, so that cancelling its task can find it on the event loop.
    private let nextRequestID = ManagedAtomic<UInt64>(0)

    private init(channel: any Channel, handler: NIOLoopBound<RedisChannelHandler>) {
        self.channel = channel
        self.handler = handler
    }

    /// A plaintext TCP connection with the default limits, for transports of the package's own
    /// (test support).
    package static func connect(host: String, port: Int, logger: Logger, group: any EventLoopGroup) async throws -> RedisConnection {
        try await connect(
            to: .tcp(host: host, port: port), tls: nil, timeout: .seconds(10), limits: RESPDecodingLimits(), maxInFlight: 100_000,
            deadPeerTimeout: nil, heartbeat: nil, logger: logger, group: group)
    }

    /// Opens a connection to `target`, TLS-wrapped when `tls` is given. Failures are typed
    /// (``RedisError/connectionFailed(_:)`` with a ``RedisConnectionFailure``).
    static func connect(
        to target: RedisConnectionTarget,
        tls: RedisTLSConnector?,
        timeout: Duration,
        limits: RESPDecodingLimits,
        maxInFlight: Int,
        deadPeerTimeout: Duration?,
        heartbeat: (command: RESPCommand, interval: Duration)?,
        logger: Logger,
        group: any EventLoopGroup,
        avoiding busyLoop: (any EventLoop)? = nil
    ) async throws -> RedisConnection {
        try target.validate()
        var eventLoop = group.next()
        if let busyLoop, eventLoop === busyLoop {
            eventLoop = group.next()  // another thread, when the group has one
        }
        let server = target.description
        // The handler, kept as the channel is set up: a connection that fails at once (TLS) may
        // have left its pipeline before `connect` returns.
        let installed = NIOLockedValueBox<NIOLoopBound<RedisChannelHandler>?>(nil)
        var bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let explain: RedisChannelHandler.ErrorExplainer? = tls.map { tls in
                        { error, pipeline in
                            let sslHandler = try? pipeline.handler(type: NIOSSLClientHandler.self)
                            return tls.failure(for: error, peerCertificate: sslHandler?.peerCertificate).map {
                                RedisError.connectionFailed(RedisConnectionFailure(reason: .tls($0), server: server, detail: "\(error)"))
                            }
                        }
                    }
                    let handler = RedisChannelHandler(
                        limits: limits, maxInFlight: maxInFlight, deadPeerTimeout: deadPeerTimeout, heartbeat: heartbeat, logger: logger,
                        explainError: explain)
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(try tls.makeHandler())
                    }
                    try channel.pipeline.syncOperations.addHandler(handler)
                    installed.withLockedValue { $0 = NIOLoopBound(handler, eventLoop: channel.eventLoop) }
                }
            }
        if case .tcp = target {
            bootstrap = bootstrap.channelOption(.socketOption(.tcp_nodelay), value: 1)
        }
        let channel: any Channel
        do {
            switch target {
            case .tcp(let host, let port): channel = try await bootstrap.connect(host: host, port: port).get()
            case .unixSocket(let path): channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
            }
        } catch {
            throw RedisError.connectionFailed(RedisConnectionFailure(connecting: error, to: server, timeout: timeout))
        }
        guard let handler = installed.withLockedValue({ $0 }) else {
            throw RedisError.connectionFailed(RedisConnectionFailure(reason: .unreachable, server: server, detail: "the connection was not set up"))
        }
        return RedisConnection(channel: channel, handler: handler)
    }

    /// Sends `command`; with a `deadline`, a reply that is late fails the call with
    /// ``RedisError/timeout(_:)`` (and is dropped when it arrives). Cancelling the task ends the wait
    /// at once with `CancellationError`; the command keeps its place and its reply is dropped.
    package func send(_ command: RESPCommand, deadline: NIODeadline?) async throws -> RESPValue {
        let id = nextRequestID.wrappingIncrementThenLoad(ordering: .relaxed)
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else if channel.eventLoop.inEventLoop {
                    handler.value.send(command, id: id, deadline: deadline, continuation: continuation)
                } else {
                    channel.eventLoop.execute {
                        self.handler.value.send(command, id: id, deadline: deadline, continuation: continuation)
                    }
                }
            }
        } onCancel: {
            cancel(id)
        }
    }

    /// Sends `commands` back to back and returns their replies in order, an error reply or a
    /// connection failure as the `failure` of its own slot. Cancelling the task stops the wait (the
    /// slots not answered yet fail).
    package func send(_ commands: [RESPCommand], deadline: NIODeadline?) async -> [Result<RESPValue, RedisError>] {
        guard !commands.isEmpty else { return [] }
        let id = nextRequestID.wrappingIncrementThenLoad(ordering: .relaxed)
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { continuation in
                if channel.eventLoop.inEventLoop {
                    handler.value.send(commands, id: id, deadline: deadline, continuation: continuation)
                } else {
                    channel.eventLoop.execute {
                        self.handler.value.send(commands, id: id, deadline: deadline, continuation: continuation)
                    }
                }
            }
        } onCancel: {
            cancel(id)
        }
    }

    /// Sends `command` (answered only by pushes) with `fence` behind it; returns at the fence's
    /// reply, throwing the command's error reply if it got one.
    package func send(_ command: RESPCommand, fence: RESPCommand, deadline: NIODeadline?) async throws {
        let id = nextRequestID.wrappingIncrementThenLoad(ordering: .relaxed)
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else if channel.eventLoop.inEventLoop {
                    handler.value.send(command, fence: fence, id: id, deadline: deadline, continuation: continuation)
                } else {
                    channel.eventLoop.execute {
                        self.handler.value.send(command, fence: fence, id: id, deadline: deadline, continuation: continuation)
                    }
                }
            }
        } onCancel: {
            cancel(id)
        }
    }

    package func receivePushes(pubSubArrays: Bool, _ handler: @escaping @Sendable (RESPValue) -> Void) async {
        let channelHandler = self.handler
        try? await channel.eventLoop.submit {
            channelHandler.value.receivePushes(pubSubArrays: pubSubArrays, handler)
        }.get()
    }

    private func cancel(_ id: UInt64) {
        if channel.eventLoop.inEventLoop {
            handler.value.cancel(id)
        } else {
            channel.eventLoop.execute { self.handler.value.cancel(id) }
        }
    }

    /// Why the connection closed (a protocol violation, a dead peer, the server hanging up), once
    /// it has. Must be read on the connection's event loop.
    var closeReason: RedisError? {
        handler.value.closeReason
    }

    /// Whether the TLS handshake has finished (false on a plaintext connection).
    var tlsHandshakeCompleted: Bool {
        get async {
            let handler = self.handler
            return (try? await channel.eventLoop.submit { handler.value.tlsHandshakeCompleted }.get()) ?? false
        }
    }

    package func close() async {
        try? await channel.close()
    }

    package var isOpen: Bool { channel.isActive }

    package var eventLoop: (any EventLoop)? { channel.eventLoop }

    package func whenClosed(_ handler: @escaping @Sendable (RedisError) -> Void) {
        channel.closeFuture.whenComplete { _ in
            // On the connection's event loop, where its handler may be read.
            handler(self.closeReason ?? .connectionClosed(mayHaveRun: true))
        }
    }
}
