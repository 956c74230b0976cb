import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP proxy on a free loopback port in front of a server, for fault injection: it forwards
/// bytes both ways until ``blackHole()`` makes it swallow them silently (no reset, no close),
/// as a dead network does; ``heal()`` forwards again. It can also ``inject(_:)`` bytes of its own
/// into the connections to its clients (a hostile server) and record what clients send.
public final class RedisFaultProxy: Sendable {
    private let channel: any Channel
    private let state: State

    /// The port clients connect to.
    public var port: Int { channel.localAddress?.port ?? 0 }
    public var url: String { "redis://127.0.0.1:\(port)" }

    final class State: Sendable {
        let swallowing = NIOLockedValueBox(false)
        let clients = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])
        let recorded = NIOLockedValueBox<[UInt8]?>(nil)
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
                        state.clients.withLockedValue { $0[ObjectIdentifier(inbound)] = inbound }
                        let toServer = Forwarder(peer: outbound, state: state, records: true)
                        let toClient = Forwarder(peer: inbound, state: state, records: false)
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

    /// Sends `bytes` to every client connected through the proxy, as if the server had sent them.
    public func inject(_ bytes: [UInt8]) {
        for client in state.clients.withLockedValue({ Array($0.values) }) {
            client.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil)
        }
    }

    /// Closes every client connection, as a server that crashed would.
    public func dropClients() {
        for client in state.clients.withLockedValue({ Array($0.values) }) { client.close(promise: nil) }
    }

    /// From now on, keeps every byte clients send (see ``recordedFromClients``).
    public func startRecording() { state.recorded.withLockedValue { $0 = $0 ?? [] } }

    /// The bytes clients sent since ``startRecording()``, in the order the proxy read them.
    public var recordedFromClients: [UInt8] { state.recorded.withLockedValue { $0 ?? [] } }

    public func stop() async {
        try? await channel.close()
    }

    /// Writes what one side reads to the other side, unless the proxy swallows it.
    final class Forwarder: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let peer: any Channel
        let state: State
        let records: Bool

        init(peer: any Channel, state: State, records: Bool) {
            self.peer = peer
            self.state = state
            self.records = records
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !state.swallowing.withLockedValue({ $0 }) else { return }
            let bytes = unwrapInboundIn(data)
            if records {
                state.recorded.withLockedValue { $0?.append(contentsOf: bytes.readableBytesView) }
            }
            peer.writeAndFlush(bytes, promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            peer.close(promise: nil)
            let id = ObjectIdentifier(records ? context.channel : peer)
            _ = state.clients.withLockedValue { $0.removeValue(forKey: id) }
            context.fireChannelInactive()
        }
    }
}
