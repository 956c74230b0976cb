import Logging
import NIOCore
import NIOPosix

/// One TCP connection to a server. Any number of tasks may send on it at once; their commands are
/// pipelined in the order they arrive.
final class RedisConnection: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<RedisChannelHandler>

    private init(channel: any Channel, handler: NIOLoopBound<RedisChannelHandler>) {
        self.channel = channel
        self.handler = handler
    }

    static func connect(
        host: String,
        port: Int,
        timeout: Duration,
        limits: RESPDecodingLimits,
        maxInFlight: Int,
        deadPeerTimeout: Duration?,
        heartbeat: (command: RESPCommand, interval: Duration)?,
        logger: Logger,
        group: any EventLoopGroup
    ) async throws -> RedisConnection {
        let eventLoop = group.next()
        let bootstrap = ClientBootstrap(group: eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = RedisChannelHandler(
                        limits: limits, maxInFlight: maxInFlight, deadPeerTimeout: deadPeerTimeout, heartbeat: heartbeat, logger: logger)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch ChannelError.connectTimeout {
            throw RedisError.timeout("connecting to \(host):\(port) took longer than \(timeout)")
        } catch {
            throw RedisError.connectionFailed("cannot connect to \(host):\(port): \(error)")
        }
        let handler = try await channel.eventLoop.submit {
            NIOLoopBound(try channel.pipeline.syncOperations.handler(type: RedisChannelHandler.self), eventLoop: channel.eventLoop)
        }.get()
        return RedisConnection(channel: channel, handler: handler)
    }

    /// Sends `command`; with a `timeout`, a reply that is late fails the call with
    /// ``RedisError/timeout(_:)`` (and is dropped when it arrives).
    func send(_ command: RESPCommand, timeout: Duration? = nil) async throws -> RESPValue {
        let deadline = timeout.map { NIODeadline.now() + TimeAmount($0) }
        return try await withUnsafeThrowingContinuation { continuation in
            if channel.eventLoop.inEventLoop {
                handler.value.send(command, deadline: deadline, continuation: continuation)
            } else {
                channel.eventLoop.execute {
                    self.handler.value.send(command, deadline: deadline, continuation: continuation)
                }
            }
        }
    }

    /// Sends `commands` back to back and returns their replies in order, an error reply or a
    /// connection failure as the `failure` of its own slot.
    func send(_ commands: [RESPCommand], timeout: Duration? = nil) async -> [Result<RESPValue, RedisError>] {
        guard !commands.isEmpty else { return [] }
        let deadline = timeout.map { NIODeadline.now() + TimeAmount($0) }
        return await withUnsafeContinuation { continuation in
            if channel.eventLoop.inEventLoop {
                handler.value.send(commands, deadline: deadline, continuation: continuation)
            } else {
                channel.eventLoop.execute {
                    self.handler.value.send(commands, deadline: deadline, continuation: continuation)
                }
            }
        }
    }

    /// Why the connection closed (a protocol violation, a dead peer, the server hanging up), once
    /// it has. Must be read on the connection's event loop.
    var closeReason: RedisError? {
        handler.value.closeReason
    }

    func close() async {
        try? await channel.close()
    }
}
