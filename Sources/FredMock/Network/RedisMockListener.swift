import FredRuntime
import Logging
import NIOCore
import NIOPosix

/// A ``RedisMockServer`` listening on a TCP port, as a Redis server does: any RESP2 or RESP3
/// client (redis-cli, redis-benchmark, another language's test suite, a Fred client configured
/// with the host and port) can use it. Made by ``RedisMockServer/listen(host:port:group:logger:)``.
public final class RedisMockListener: Sendable {
    /// The address it listens on.
    public let host: String
    /// The port it listens on (the free port chosen when asked for port 0).
    public let port: Int
    private let serving: Task<Void, Never>

    fileprivate init(host: String, port: Int, serving: Task<Void, Never>) {
        self.host = host
        self.port = port
        self.serving = serving
    }

    /// Stops listening and closes every connection; clients blocked in a command see their
    /// connection close.
    public func close() async {
        serving.cancel()
        await serving.value
    }

    deinit { serving.cancel() }
}

extension RedisMockServer {
    /// Listens for clients on `host`:`port` (port 0: a free port, see ``RedisMockListener/port``)
    /// until the listener is closed. Each connection is a session of this server, as a client in
    /// this process is; inline commands (what a person types into `redis-cli` or `telnet`) work
    /// as on a server.
    public func listen(
        host: String = "127.0.0.1",
        port: Int = 0,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "fred-mock-server", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws -> RedisMockListener {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RedisMockRequestDecoder()))
                    return try NIOAsyncChannel<RedisMockFrame, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        guard let boundPort = channel.channel.localAddress?.port else {
            try? await channel.channel.close()
            throw RedisError.connectionFailed(RedisConnectionFailure(
                reason: .unreachable, server: "\(host):\(port)", detail: "the mock server could not read the port it listens on"))
        }
        logger.info("listening", metadata: ["address": "\(host):\(boundPort)"])
        let serving = Task<Void, Never> {
            _ = try? await channel.executeThenClose { connections in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await connection in connections {
                            group.addTask { await self.serve(connection, logger: logger) }
                        }
                    } catch {
                        logger.debug("stopped accepting connections", metadata: ["error": "\(error)"])
                    }
                    group.cancelAll()
                }
            }
        }
        return RedisMockListener(host: host, port: boundPort, serving: serving)
    }

    /// Runs one client's commands in order until it quits, is killed, sends what a server
    /// refuses, or goes away.
    private func serve(_ connection: NIOAsyncChannel<RedisMockFrame, ByteBuffer>, logger: Logger) async {
        let channel = connection.channel
        let session = RedisMockConnection(server: self, handshake: .untilFirstOrdinaryCommand)
        guard let id = session.sessionID else { return }
        // Pushes and replies go through the channel in the order they are made, so a message a
        // command publishes to its own connection arrives before the command's reply.
        deliverPushes(session: id) { push, version in
            var buffer = channel.allocator.buffer(capacity: 64)
            push.write(into: &buffer, protocolVersion: version)
            channel.writeAndFlush(buffer, promise: nil)
        }
        // Killed by another client: the socket closes at once, and the session with it (below).
        // This replaces the session's own hook, which ends the session but has no socket.
        whenKilled(session: id) { channel.close(promise: nil) }
        // A client that goes away ends its session at once: a command it left blocked stops
        // waiting, and what the session held (a transaction, watched keys) is freed.
        channel.closeFuture.whenComplete { _ in session.closeNow() }
        logger.debug("client connected", metadata: ["id": "\(id)", "peer": "\(channel.remoteAddress.map { "\($0)" } ?? "?")"])
        do {
            try await connection.executeThenClose { frames, _ in
                for try await frame in frames {
                    guard try await respond(to: frame, on: session, channel: channel) else { break }
                }
            }
        } catch {
            logger.debug("client connection ended", metadata: ["id": "\(id)", "error": "\(error)"])
        }
        session.closeNow()
        channel.close(promise: nil)
    }

    /// Runs one request and writes its reply; false when the connection must close after it.
    private func respond(to frame: RedisMockFrame, on session: RedisMockConnection, channel: any Channel) async throws -> Bool {
        var buffer = channel.allocator.buffer(capacity: 64)
        switch frame {
        case .protocolError(let message):
            RESPValue.simpleError(ByteBuffer(string: "ERR Protocol error: \(message)")).write(into: &buffer, protocolVersion: 2)
            try await channel.writeAndFlush(buffer)
            return false
        case .command(let words):
            let reply: RESPValue
            var pushesOnly = false
            do {
                let (value, request) = try await session.reply(to: words)
                reply = value
                // A subscribe-family command answers with its confirmations, already sent as pushes.
                pushesOnly = request.info?.semantics.answer == .pushes && !value.isError
            } catch RedisError.connectionClosed {
                return false  // killed by another client while it ran (a blocked BLPOP)
            } catch {
                reply = .simpleError(ByteBuffer(string: errorText(error, words: words)))
            }
            let version = session.protocolVersion
            if !pushesOnly {
                reply.write(into: &buffer, protocolVersion: version)
                try await channel.writeAndFlush(buffer)
            }
            return session.isOpen
        }
    }

    /// The error reply for a command the engine cannot run: a server's own text for a command
    /// no spec knows; for a known one, what is missing.
    private func errorText(_ error: any Error, words: [[UInt8]]) -> String {
        if case RedisError.unsupportedByMock = error, request(words: words).info == nil {
            let name = String(decoding: (words.first ?? []).prefix(128), as: UTF8.self)
            let arguments = words.dropFirst().prefix(8).map { "'\(String(decoding: $0.prefix(128), as: UTF8.self))' " }.joined()
            return "ERR unknown command '\(name)', with args beginning with: \(arguments)"
        }
        return "ERR \(error)"
    }
}
