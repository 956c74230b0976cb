import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP proxy on a free loopback port in front of a server, for fault injection: it forwards
/// bytes both ways until ``blackHole()`` makes it swallow them silently (no reset, no close),
/// as a dead network does; ``heal()`` forwards again.
public final class RedisFaultProxy: Sendable {
    private let channel: any Channel
    private let state: State

    /// The port clients connect to.
    public var port: Int { channel.localAddress?.port ?? 0 }
    public var url: String { "redis://127.0.0.1:\(port)" }

    final class State: Sendable {
        let swallowing = NIOLockedValueBox(false)
    }

    /// Starts a proxy to `127.0.0.1:targetPort`.
    public static func start(to targetPort: Int) async throws -> RedisFaultProxy {
        let state = State()
        let group = MultiThreadedEventLoopGroup.singleton
        let channel = try await ServerBootstrap(group: group)
            .childChannelOption(.autoRead, value: true)
            .childChannelInitializer { inbound in
                ClientBootstrap(group: inbound.eventLoop)
                    .connect(host: "127.0.0.1", port: targetPort)
                    .flatMap { outbound in
                        let toServer = Forwarder(peer: outbound, state: state)
                        let toClient = Forwarder(peer: inbound, state: state)
                        return inbound.pipeline.addHandler(toServer).flatMap {
                            outbound.pipeline.addHandler(toClient)
                        }
                    }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return RedisFaultProxy(channel: channel, state: state)
    }

    private init(channel: any Channel, state: State) {
        self.channel = channel
        self.state = state
    }

    /// From now on, bytes in either direction vanish.
    public func blackHole() { state.swallowing.withLockedValue { $0 = true } }

    /// From now on, bytes flow again (those swallowed are gone).
    public func heal() { state.swallowing.withLockedValue { $0 = false } }

    public func stop() async {
        try? await channel.close()
    }

    /// Writes what one side reads to the other side, unless the proxy swallows it.
    final class Forwarder: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let peer: any Channel
        let state: State

        init(peer: any Channel, state: State) {
            self.peer = peer
            self.state = state
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !state.swallowing.withLockedValue({ $0 }) else { return }
            peer.writeAndFlush(unwrapInboundIn(data), promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            peer.close(promise: nil)
            context.fireChannelInactive()
        }
    }
}
