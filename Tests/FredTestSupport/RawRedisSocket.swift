import FredRuntime
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A bare TCP connection that writes bytes as given and reads what comes back, frame by frame:
/// for tests of what a server (or the mock over TCP) sends, below any client.
public final class RawRedisSocket: Sendable {
    private let channel: any Channel
    private let received: NIOLockedValueBox<(buffer: ByteBuffer, closed: Bool)>

    public static func connect(host: String = "127.0.0.1", port: Int) async throws -> RawRedisSocket {
        let box = NIOLockedValueBox((buffer: ByteBuffer(), closed: false))
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Collector(box: box)) }
            }
            .connect(host: host, port: port).get()
        return RawRedisSocket(channel: channel, received: box)
    }

    private init(channel: any Channel, received: NIOLockedValueBox<(buffer: ByteBuffer, closed: Bool)>) {
        self.channel = channel
        self.received = received
    }

    /// Writes `text` as it is (`"GET k\r\n"`, or RESP of your own).
    public func write(_ text: String) async throws {
        try await write(Array(text.utf8))
    }

    public func write(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// Writes `words` as a RESP array of bulk strings.
    public func send(_ words: [String]) async throws {
        var text = "*\(words.count)\r\n"
        for word in words { text += "$\(word.utf8.count)\r\n\(word)\r\n" }
        try await write(text)
    }

    /// The next frame the peer sent, decoded; nil when the connection closed first. Fails after
    /// `timeout`.
    public func read(timeout: Duration = .seconds(10)) async throws -> RESPValue? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let (value, closed) = try received.withLockedValue { state -> (RESPValue?, Bool) in
                var decoder = RESPDecoder()
                var buffer = state.buffer
                guard let value = try decoder.decode(buffer: &buffer) else { return (nil, state.closed) }
                state.buffer = buffer
                return (value, false)
            }
            if let value { return value }
            if closed { return nil }
            guard ContinuousClock.now < deadline else { throw RedisError.timeout("no frame within \(timeout)") }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// The bytes received and not read yet.
    public var unread: String { received.withLockedValue { String(buffer: $0.buffer) } }

    /// Whether the peer closed the connection (waits up to `timeout` for it).
    public func closedByPeer(within timeout: Duration = .seconds(5)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if received.withLockedValue({ $0.closed }) { return true }
            try await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    public func close() async {
        try? await channel.close()
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let box: NIOLockedValueBox<(buffer: ByteBuffer, closed: Bool)>

        init(box: NIOLockedValueBox<(buffer: ByteBuffer, closed: Bool)>) { self.box = box }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            box.withLockedValue { $0.buffer.writeBuffer(&bytes) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            box.withLockedValue { $0.closed = true }
            context.fireChannelInactive()
        }
    }
}
