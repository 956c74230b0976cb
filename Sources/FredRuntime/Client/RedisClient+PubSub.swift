import NIOCore

/// Subscriptions of a client to its one server (see ``RedisSubscribing``).
extension RedisClient: RedisSubscribing {
    /// The client's pub/sub parts, made on first use: the link to its server (also used by a
    /// cluster client's subscriptions) and the coordinator of its own subscriptions.
    struct PubSubParts: Sendable {
        var link: RedisPubSubLink?
        var coordinator: RedisPubSub?
    }

    public func withSubscription<Result>(
        to targets: [RedisSubscriptionTarget], options: RedisSubscriptionOptions,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RedisSubscription) async throws -> Result
    ) async throws -> Result {
        try await pubSubCoordinator().withSubscription(to: targets, options: options, isolation: isolation, body)
    }

    public func subscriptionNodes() async throws -> [RedisClient] { [self] }

    /// The server as `host:port` (the transport's description for other servers): what
    /// ``RedisPubSubMessage/node`` says and ``RedisSubscriptionTarget/node`` takes.
    public var subscriptionNodeName: String {
        switch config.server {
        case .tcp(let host, let port): return "\(host):\(port)"
        case .unixSocket(let path): return path
        case .sentinel(let sentinel): return sentinel.description
        case .custom(let factory): return factory.description
        }
    }

    /// The link that carries subscriptions to this client's server.
    package var pubSubLink: RedisPubSubLink {
        pubSubParts.withLockedValue { parts in
            if let link = parts.link { return link }
            let link = RedisPubSubLink(client: self, node: subscriptionNodeName)
            parts.link = link
            return link
        }
    }

    private func pubSubCoordinator() throws -> RedisPubSub {
        guard state != .closed else { throw RedisError.notConnected }
        let link = pubSubLink
        return pubSubParts.withLockedValue { parts in
            if let coordinator = parts.coordinator { return coordinator }
            let coordinator = RedisPubSub(router: SingleServerRouter(link: link, client: WeakClient(self), sessionCommands: sessionCommands), logger: logger)
            parts.coordinator = coordinator
            return coordinator
        }
    }

    /// A connection for subscriptions, per ``RedisConfig/pubSubConnection``: a new one (with the
    /// full handshake), or the shared one (RESP3 only). Also says whether RESP2 pub/sub arrays
    /// are pushes on it, and whether the link owns it (closes it).
    func pubSubTransport() async throws -> (transport: any RedisTransport, pubSubArrays: Bool, owned: Bool) {
        switch config.pubSubConnection {
        case .dedicated:
            // On another thread than the shared connection where there is one: a flood of
            // messages then costs the commands no time on their event loop.
            let shared = lifecycle.withLockedValue { $0.connection }?.base.eventLoop
            let (transport, version) = try await openTransport(avoiding: shared)
            return (transport, version == .resp2, true)
        case .shared:
            let transport = try await transport(deadline: nil)
            guard protocolVersion == .resp3 else {
                throw RedisError.unsupported("subscriptions on the shared connection need RESP3 (the server speaks RESP2); use pubSubConnection .dedicated")
            }
            return (transport, false, false)
        }
    }

    /// Ends the client's subscriptions and closes its subscriber connection.
    func closePubSub() async {
        let parts = pubSubParts.withLockedValue { parts in
            defer { parts = PubSubParts() }
            return parts
        }
        parts.coordinator?.close()
        await parts.link?.close()
    }

    /// The one server of a client: every subscription lives on its link.
    private struct SingleServerRouter: RedisPubSubRouter {
        let link: RedisPubSubLink
        let client: WeakClient

        func link(for target: RedisSubscriptionTarget) async throws -> RedisPubSubLink { link }

        func refresh() async {}

        func redirected(_ redirect: RedisServerError, from link: RedisPubSubLink) async -> Bool { false }

        func retryDelay(attempt: Int) -> Duration? {
            guard let policy = client.client?.config.reconnectPolicy, policy.allows(attempt: attempt) else { return nil }
            var generator = SystemRandomNumberGenerator()
            return policy.delay(forAttempt: attempt, using: &generator)
        }

        let sessionCommands: RedisSessionCommands
    }
}
