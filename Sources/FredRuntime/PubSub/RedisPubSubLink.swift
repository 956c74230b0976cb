import NIOConcurrencyHelpers
import NIOCore

/// Who a ``RedisPubSubLink`` reports to: the coordinator of the subscriptions it carries.
package protocol RedisPubSubLinkOwner: AnyObject, Sendable {
    /// A push arrived on `link`'s connection. Called on the connection's event loop: return quickly.
    func received(_ push: RedisPubSubPush, on link: RedisPubSubLink)
    /// `link`'s connection ended without being closed by the owner.
    func lost(_ link: RedisPubSubLink)
}

/// The connection that carries one client's subscriptions to its server: one of its own (opened
/// with the client's full handshake) or the client's shared one (RESP3), per
/// ``RedisConfig/pubSubConnection``. It sends subscription changes fenced by a `PING`, so each
/// completes when the server has dealt with it, and hands pushes to its owner.
package final class RedisPubSubLink: Sendable {
    private struct State {
        var transport: (any RedisTransport)?
        /// Whether ``transport`` is the link's own (closed with it) or the client's shared one.
        var ownsTransport = true
        weak var owner: (any RedisPubSubLinkOwner)?
        /// Shard channels being unsubscribed on purpose: their `sunsubscribe` is no migration.
        var leaving: [ByteBuffer: Int] = [:]
        var closed = false
    }

    private let client: RedisClient.WeakClient
    private let state = NIOLockedValueBox(State())
    /// The server, as `host:port` (or the transport's description).
    package let node: String

    init(client: RedisClient, node: String) {
        self.client = RedisClient.WeakClient(client)
        self.node = node
    }

    /// Makes `owner` the one the link reports to.
    package func attach(_ owner: any RedisPubSubLinkOwner) {
        state.withLockedValue { $0.owner = owner }
    }

    /// Whether the link has a connection that is open.
    package var isConnected: Bool {
        state.withLockedValue { $0.transport?.isOpen ?? false }
    }

    /// The link's connection, opened (and set up to hand pushes over) when it has none.
    private func connection() async throws -> any RedisTransport {
        if let current = state.withLockedValue({ $0.closed ? nil : $0.transport }), current.isOpen { return current }
        guard let client = client.client, !state.withLockedValue({ $0.closed }) else { throw RedisError.notConnected }
        let (transport, pubSubArrays, owned) = try await client.pubSubTransport()
        await transport.receivePushes(pubSubArrays: pubSubArrays) { [weak self] value in
            self?.receive(value)
        }
        let stale = state.withLockedValue { state -> Bool in
            guard !state.closed else { return true }
            state.transport = transport
            state.ownsTransport = owned
            return false
        }
        if stale {
            if owned { await transport.close() }
            throw RedisError.notConnected
        }
        transport.whenClosed { [weak self] _ in
            self?.ended(transport)
        }
        return transport
    }

    /// Sends `command`, a subscription change, fenced: returns once the server has dealt with it,
    /// throwing its error reply if it got one. Unsubscribing (`leaving` shard channels) on a link
    /// with no open connection does nothing: the subscriptions went with the connection.
    package func send(_ command: RESPCommand, fence: RESPCommand, leaving: [ByteBuffer] = [], unsubscribing: Bool = false) async throws {
        if unsubscribing, !isConnected { return }
        let transport = try await connection()
        guard !leaving.isEmpty else {
            try await transport.send(command, fence: fence, deadline: nil)
            return
        }
        state.withLockedValue { state in
            for name in leaving { state.leaving[name, default: 0] += 1 }
        }
        defer {
            state.withLockedValue { state in
                for name in leaving {
                    state.leaving[name, default: 1] -= 1
                    if state.leaving[name] == 0 { state.leaving[name] = nil }
                }
            }
        }
        try await transport.send(command, fence: fence, deadline: nil)
    }

    private func receive(_ value: RESPValue) {
        guard let push = RedisPubSubPush(value) else { return }
        let owner = state.withLockedValue { state -> (any RedisPubSubLinkOwner)? in
            if case .unsubscribed(.shardChannel, let name?) = push, state.leaving[name] != nil { return nil }
            return state.owner
        }
        owner?.received(push, on: self)
    }

    /// `transport` ended: the owner hears of it, unless the link had moved on or closed.
    private func ended(_ transport: any RedisTransport) {
        let owner = state.withLockedValue { state -> (any RedisPubSubLinkOwner)? in
            guard !state.closed, let current = state.transport, current === transport else { return nil }
            state.transport = nil
            return state.owner
        }
        owner?.lost(self)
    }

    /// Drops the connection (closing it when it is the link's own); the next send opens another.
    package func reset() async {
        let (transport, owned) = state.withLockedValue { state in
            defer { state.transport = nil }
            return (state.transport, state.ownsTransport)
        }
        if owned { await transport?.close() }
    }

    /// Closes the link for good. An owner whose subscriptions it carried hears of it as a loss
    /// (a cluster client that drops a node's client places them elsewhere).
    package func close() async {
        let owner = state.withLockedValue { state -> (any RedisPubSubLinkOwner)? in
            state.closed = true
            return state.transport == nil ? nil : state.owner
        }
        await reset()
        owner?.lost(self)
    }
}
