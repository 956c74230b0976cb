import Logging
import NIOCore

/// Redis Sentinel (``RedisConfig/Server/sentinel(_:)``): the primary is asked of the sentinels on
/// every connect, checked with `ROLE`, and followed when a sentinel announces `+switch-master`.
extension RedisClient {
    typealias SentinelAddress = RedisSentinelConfig.Address

    /// The client's view of its sentinels.
    struct SentinelParts {
        /// Watches `+switch-master` for as long as the client lives.
        var watcher: Task<Void, Never>?
        /// Whether the watcher's subscription is in place.
        var subscribed = false
        /// The primary the last `+switch-master` of the service named.
        var announced: SentinelAddress?
        /// The primary of the shared connection.
        var current: SentinelAddress?
    }

    /// Asks the sentinels for the primary, connects to it and checks that it is one.
    func openSentinelPrimary(
        _ sentinel: RedisSentinelConfig, avoiding busyLoop: (any EventLoop)?
    ) async throws -> (transport: any RedisTransport, version: RESPProtocolVersion) {
        guard let role = sessionCommands.role, sessionCommands.sentinelPrimaryAddress != nil else {
            throw RedisError.unsupported("Sentinel: the session commands have no ROLE or SENTINEL GET-MASTER-ADDR-BY-NAME")
        }
        await startWatchingSentinels(sentinel)
        var (candidates, reasons) = await askSentinels(sentinel)
        if let announced = sentinelParts.withLockedValue({ $0.announced }) {
            candidates.removeAll { $0 == announced }
            candidates.insert(announced, at: 0)
        }
        for address in candidates {
            do {
                let opened = try await openTCP(host: address.host, port: address.port, avoiding: busyLoop)
                let reply: RESPValue
                do {
                    reply = try await opened.transport.send(role(), timeout: config.connectTimeout)
                } catch {
                    await opened.transport.close()
                    throw error
                }
                guard case .primary = try? RedisRole(fromRESP: reply) else {
                    await opened.transport.close()
                    reasons.append("\(address) is not a primary")
                    continue
                }
                sentinelParts.withLockedValue { $0.current = address }
                logger.debug("connected to the primary the sentinels named", metadata: ["primary": "\(address)"])
                return opened
            } catch {
                reasons.append("\(address): \(error)")
            }
        }
        throw RedisError.connectionFailed(RedisConnectionFailure(
            reason: .primaryNotFound, server: sentinel.description, detail: reasons.joined(separator: "; ")))
    }

    /// Every sentinel's answer at once: the primaries they name, most named first, and what went
    /// wrong with the others.
    private func askSentinels(_ sentinel: RedisSentinelConfig) async -> ([SentinelAddress], [String]) {
        let answers = await withTaskGroup(of: Result<SentinelAddress?, any Error>.self) { group in
            for address in sentinel.sentinels {
                group.addTask {
                    do {
                        return .success(try await self.askSentinel(address, sentinel))
                    } catch {
                        return .failure(RedisError.connectionFailed(error, to: address))
                    }
                }
            }
            var answers: [Result<SentinelAddress?, any Error>] = []
            for await answer in group { answers.append(answer) }
            return answers
        }
        var votes: [SentinelAddress: Int] = [:]
        var order: [SentinelAddress] = []
        var reasons: [String] = []
        for answer in answers {
            switch answer {
            case .success(let address?):
                if votes[address] == nil { order.append(address) }
                votes[address, default: 0] += 1
            case .success(nil): reasons.append("a sentinel does not know the service \(sentinel.serviceName)")
            case .failure(let error): reasons.append("\(error)")
            }
        }
        return (order.sorted { votes[$0, default: 0] > votes[$1, default: 0] }, reasons)
    }

    private func askSentinel(_ address: SentinelAddress, _ sentinel: RedisSentinelConfig) async throws -> SentinelAddress? {
        guard let query = sessionCommands.sentinelPrimaryAddress else { return nil }
        let client = sentinelClient(address, sentinel)
        try await client.connect()
        defer { Task { try? await client.quit() } }
        let reply = try await client.execute(query(sentinel.serviceName))
        guard case .array(let parts) = reply, parts.count == 2,
              let host = try? String(fromRESP: parts[0]), let port = try? Int(fromRESP: parts[1])
        else { return nil }
        return SentinelAddress(host: host, port: port)
    }

    /// A client of one sentinel: its own credentials and TLS, no database, no reconnecting.
    private func sentinelClient(_ address: SentinelAddress, _ sentinel: RedisSentinelConfig) -> RedisClient {
        var config = RedisConfig(host: address.host, port: address.port, username: sentinel.username, password: sentinel.password)
        config.tls = sentinel.tls
        config.connectTimeout = self.config.connectTimeout
        config.reconnectPolicy = nil
        return RedisClient(config: config, sessionCommands: sessionCommands, commandTable: commandTable, setupCommands: [], logger: logger)
    }

    /// Starts the `+switch-master` watch once, and waits (at most the connect timeout) until its
    /// subscription is in place, so that no switch falls between the question and the watch.
    private func startWatchingSentinels(_ sentinel: RedisSentinelConfig) async {
        let weakClient = WeakClient(self)
        sentinelParts.withLockedValue { parts in
            guard parts.watcher == nil else { return }
            parts.watcher = Task { await Self.watchSentinels(weakClient, sentinel) }
        }
        let deadline = ContinuousClock.now + config.connectTimeout
        while !sentinelParts.withLockedValue({ $0.subscribed }), ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Subscribes to `+switch-master` and `+promoted-slave` on one sentinel after another, for as long as the client
    /// lives and is not closed.
    private static func watchSentinels(_ weakClient: WeakClient, _ sentinel: RedisSentinelConfig) async {
        var next = 0
        while !Task.isCancelled {
            let address = sentinel.sentinels[next % sentinel.sentinels.count]
            next += 1
            guard let watcher = weakClient.client?.sentinelClient(address, sentinel) else { return }
            do {
                try await watcher.connect()
                // `+promoted-slave` comes first: the replica answers as the primary from then on,
                // and every write still sent to the old one would be lost when it is demoted.
                try await watcher.subscribe(to: ["+switch-master", "+promoted-slave"]) { subscription in
                    weakClient.client?.sentinelParts.withLockedValue { $0.subscribed = true }
                    for try await message in subscription.messages {
                        let change = message.channel == "+promoted-slave"
                            ? RedisSentinelSwitch(promotion: message.string) : RedisSentinelSwitch(message.string)
                        guard let change else { continue }
                        guard change.serviceName == sentinel.serviceName else { continue }  // another service's
                        weakClient.client?.primarySwitched(to: change.new)
                    }
                }
            } catch {
                weakClient.client?.logger.debug("watching a sentinel failed", metadata: ["sentinel": "\(address)", "error": "\(error)"])
            }
            weakClient.client?.sentinelParts.withLockedValue { $0.subscribed = false }
            try? await watcher.quit()
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    /// A sentinel announced a new primary for the service: connections to the old one are closed
    /// (the shared one reconnects, asking the sentinels again; idle ones of the client's own go).
    func primarySwitched(to primary: SentinelAddress) {
        let current = sentinelParts.withLockedValue { parts -> SentinelAddress? in
            parts.announced = primary
            return parts.current
        }
        logger.info("the sentinels switched the primary", metadata: ["primary": "\(primary)", "was": "\(current.map { "\($0)" } ?? "-")"])
        guard current != primary else { return }
        let shared = lifecycle.withLockedValue { $0.connection }
        let idle = exclusivePool.withLockedValue { $0.dropIdle() }
        Task {
            await shared?.base.close()
            for connection in idle { await connection.close() }
        }
    }

    /// Stops watching the sentinels (``quit()`` and deinit).
    func stopWatchingSentinels() {
        sentinelParts.withLockedValue { parts in
            parts.watcher?.cancel()
            parts.watcher = nil
        }
    }
}
