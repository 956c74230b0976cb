import Logging
import NIOConcurrencyHelpers

/// A client of a Redis Cluster: from one reachable seed node it learns which node serves which
/// slot, keeps a client per node, and sends each command to the primary of its keys' slot,
/// following `MOVED` and `ASK` redirects. Every generated command method works on it.
///
/// When a node's connection is lost, the cluster client (not the node's client) reconnects: it
/// drops that node's client, loads the topology again from the other nodes (a failover may have
/// promoted a replica meanwhile) and resends the command, if it was never written or is
/// read-only, with a growing pause, up to ``maxRedirects`` times. A written write is not resent
/// (unless ``RedisConfig/retryWrittenWrites``): the caller gets
/// ``RedisError/connectionClosed(mayHaveRun:)``. Commands for other shards go on undisturbed.
///
/// ```swift
/// let cluster = RedisClusterClient(seeds: ["redis://127.0.0.1:7000"])
/// try await cluster.connect()
/// try await cluster.set("user:1", "ann")
/// ```
public final class RedisClusterClient: RedisCommandExecutor, Sendable {
    public typealias Address = RedisClusterTopology.Address

    /// The nodes tried first to learn the topology.
    public let seeds: [Address]
    /// Where read-only commands (by the spec's `readonly` flag) go.
    public enum ReadPolicy: Sendable, Hashable {
        /// To the primary, like every command (the default): reads see every acknowledged write.
        case primary
        /// To a replica of the shard (one at random), or to the primary while the shard has none
        /// online. Reads may lag behind writes.
        case replica
        /// To a replica, and to the primary when that replica cannot be reached.
        case preferReplica
    }

    public let readPolicy: ReadPolicy

    /// How each node's client connects (its `server` is replaced by the node's address, and its
    /// reconnect policy by the cluster client's own handling of lost nodes).
    public let nodeConfig: RedisConfig
    /// How many redirects one command may follow before failing with
    /// ``RedisError/tooManyRedirects(command:last:)``.
    public let maxRedirects: Int
    /// How long a command waits out a lost node or a cluster that is down (`CLUSTERDOWN`) before
    /// its error is thrown: long enough for the cluster to promote a replica (its node timeout
    /// plus an election).
    public let maxFailoverWait: Duration
    /// How often the topology is loaded again in the background (besides after redirects and lost
    /// nodes), so that new replicas and moved slots are known before a command meets them; nil
    /// never does.
    public let refreshInterval: Duration?
    public let commandTable: RedisCommandTable
    private let sessionCommands: RedisSessionCommands
    let clusterCommands: RedisClusterCommands
    private let logger: Logger
    let state = NIOLockedValueBox(State())

    struct State {
        var topology: RedisClusterTopology?
        var clients: [Address: Task<RedisClient, any Error>] = [:]
        var refresh: Task<RedisClusterTopology, any Error>?
        var periodicRefresh: Task<Void, Never>?
        var lastBackgroundRefresh: ContinuousClock.Instant?
        var redirects = 0
        var retries = 0
        var refreshes = 0
        var closed = false
        /// The cluster client's subscriptions, made on first use.
        var pubSub: RedisPubSub?
    }

    public init(
        seeds: [Address],
        nodeConfig: RedisConfig,
        sessionCommands: RedisSessionCommands,
        clusterCommands: RedisClusterCommands,
        commandTable: RedisCommandTable = .empty,
        readPolicy: ReadPolicy = .primary,
        maxRedirects: Int = 5,
        maxFailoverWait: Duration = .seconds(10),
        refreshInterval: Duration? = .seconds(60),
        logger: Logger = Logger(label: "fred")
    ) {
        self.seeds = seeds
        self.refreshInterval = refreshInterval
        self.readPolicy = readPolicy
        self.maxFailoverWait = maxFailoverWait
        self.nodeConfig = nodeConfig
        self.sessionCommands = sessionCommands
        self.clusterCommands = clusterCommands
        self.commandTable = commandTable
        self.maxRedirects = maxRedirects
        self.logger = logger
    }

    /// Learns the topology from the seeds (and connects to the first node that answers).
    ///
    /// With the node configuration's ``RedisConfig/failFast`` off, a cluster no seed answers is
    /// asked again following its ``RedisConfig/reconnectPolicy``, as ``RedisClient/connect()`` does.
    public func connect() async throws {
        guard !seeds.isEmpty else { throw RedisError.badArgument("a cluster client needs at least one seed node") }
        var attempt = 0
        while true {
            do {
                _ = try await refreshTopology()
                break
            } catch {
                attempt += 1
                guard !nodeConfig.failFast, let policy = nodeConfig.reconnectPolicy, policy.allows(attempt: attempt),
                      !RedisClient.isPermanentConnectFailure(error), !state.withLockedValue(\.closed) else { throw error }
                var generator = SystemRandomNumberGenerator()
                let delay = policy.delay(forAttempt: attempt, using: &generator)
                logger.warning("connecting failed; trying again", metadata: [
                    "error": "\(error)", "attempt": "\(attempt)", "delay": "\(delay)",
                ])
                try await Task.sleep(for: delay)
            }
        }
        guard let interval = refreshInterval else { return }
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self, !Task.isCancelled else { return }
                _ = try? await self.refreshTopology()
            }
        }
        state.withLockedValue { state in
            state.periodicRefresh?.cancel()
            state.periodicRefresh = task
        }
    }

    /// Closes every node's connection.
    public func quit() async throws {
        let (clients, pubSub) = state.withLockedValue { state -> ([Task<RedisClient, any Error>], RedisPubSub?) in
            state.closed = true
            defer { state.pubSub = nil }
            state.periodicRefresh?.cancel()
            state.periodicRefresh = nil
            defer { state.clients = [:] }
            return (Array(state.clients.values), state.pubSub)
        }
        pubSub?.close()
        for task in clients {
            if let client = try? await task.value { try? await client.quit() }
        }
    }

    /// The coordinator of the cluster client's subscriptions.
    func pubSubCoordinator() throws -> RedisPubSub {
        try state.withLockedValue { state in
            guard !state.closed else { throw RedisError.notConnected }
            if let pubSub = state.pubSub { return pubSub }
            let router = PubSubRouter(cluster: self, sessionCommands: sessionCommands, reconnectPolicy: nodeConfig.reconnectPolicy)
            let pubSub = RedisPubSub(router: router, logger: logger)
            state.pubSub = pubSub
            return pubSub
        }
    }

    /// The topology as the client knows it now.
    public var topology: RedisClusterTopology? { state.withLockedValue { $0.topology } }
    /// How many `MOVED` and `ASK` redirects the client has followed.
    public var redirectCount: Int { state.withLockedValue { $0.redirects } }
    /// How many `TRYAGAIN` and `CLUSTERDOWN` answers the client has retried.
    public var retryCount: Int { state.withLockedValue { $0.retries } }
    /// How many times the client has loaded the topology.
    public var refreshCount: Int { state.withLockedValue { $0.refreshes } }

    // MARK: - Executing

    public func execute(_ command: RESPCommand) async throws -> RESPValue {
        if let refusal = command.info.sharedConnectionRefusal { throw refusal }
        let topology = try await currentTopology()
        switch spread(of: command, topology: topology) {
        case .nodes(let addresses): return try await fanOut(command, to: addresses)
        case .split(let parts): return try await executeSplit(command, parts: parts)
        case nil: break
        }
        let slot = try command.routingSlot()
        return try await routed(
            slot: slot, readOnly: command.info.flags.contains(.readonly),
            mayResendWritten: command.info.flags.contains(.readonly) || nodeConfig.retryWrittenWrites, name: command.info.name
        ) { client, asking in
            guard asking else { return try await client.execute(command) }
            // ASKING and the command leave together on the same connection.
            let replies = try await client.execute([self.clusterCommands.asking(), command])
            guard replies.count == 2 else { throw RedisError.unexpectedReply(expected: "two replies", got: "\(replies.count)") }
            return try replies[1].get()
        }
    }

    /// Sends a unit (one command, or a transaction's batch) to the node that serves `slot`, and
    /// follows what the routing rules say after each failure `send` throws: redirects (`asking`:
    /// `send` must put `ASKING` first on the same connection), `TRYAGAIN`, lost nodes, failovers.
    func routed<Result>(
        slot: Int?, readOnly: Bool, mayResendWritten: Bool, name: String,
        _ send: (_ client: RedisClient, _ asking: Bool) async throws -> Result
    ) async throws -> Result {
        var topology = try await currentTopology()
        var routing = RedisClusterRouting(
            slot: slot, readsFromReplica: readPolicy != .primary && readOnly && slot != nil,
            fallsBackToPrimary: readPolicy == .preferReplica, mayResendWritten: mayResendWritten,
            maxRedirects: maxRedirects, failoverDeadline: .now + maxFailoverWait, commandName: name)
        var action = routing.route(in: topology, now: .now)
        while true {
            let target: Address
            let asking: Bool
            switch action {
            case .send(let address, let ask):
                (target, asking) = (address, ask)
            case .remapAndSend(let movedSlot, let address):
                state.withLockedValue { $0.topology?.move(slot: movedSlot, to: address) }
                refreshInBackground()
                (target, asking) = (address, false)
            case .waitAndRefresh(let pause, let lost):
                if let lost { forget(lost) }
                state.withLockedValue { $0.retries += 1 }
                try await Task.sleep(for: pause)
                topology = (try? await refreshTopology()) ?? topology
                action = routing.route(in: topology, now: .now)
                continue
            case .forgetAndRoute(let lost):
                forget(lost)
                action = routing.route(in: topology, now: .now)
                continue
            case .refreshForRedirect(let redirect):
                topology = try await refreshTopology()
                action = routing.redirected(redirect, in: topology)
                continue
            case .waitAndResend(let pause):
                state.withLockedValue { $0.retries += 1 }
                try await Task.sleep(for: pause)
                action = routing.route(in: topology, now: .now)
                continue
            case .fail(let error, let refresh):
                if refresh { refreshInBackground() }
                throw error
            }
            do {
                return try await send(try await nodeClient(for: target), asking)
            } catch let error as RedisError {
                if case .server(let reply) = error, reply.kind == .moved || reply.kind == .ask {
                    state.withLockedValue { $0.redirects += 1 }
                }
                action = routing.next(after: error, in: topology, now: .now)
                if case .send = action, case .server(let reply) = error, reply.kind == .ask || reply.kind == .moved {
                    logger.debug("redirected", metadata: ["kind": "\(reply.code)", "to": "\(routing.target.map { "\($0)" } ?? "?")"])
                }
            }
        }
    }

    // MARK: - Topology

    /// Every primary that serves slots: a keyspace-wide `SCAN` visits each once.
    public func scanTargets() async throws -> [any RedisCommandExecutor] {
        try await primaryClients()
    }

    /// A client of each primary that serves slots, for what must run on every one of them in
    /// turn (a cluster-wide `SCAN`).
    public func primaryClients() async throws -> [RedisClient] {
        var clients: [RedisClient] = []
        for address in try await currentTopology().primaries {
            clients.append(try await nodeClient(for: address))
        }
        return clients
    }

    /// The known topology, loaded first if there is none.
    func currentTopology() async throws -> RedisClusterTopology {
        if let known = topology { return known }
        return try await refreshTopology()
    }

    /// Loads the topology again; concurrent callers share one load.
    @discardableResult
    func refreshTopology() async throws -> RedisClusterTopology {
        let task = state.withLockedValue { state -> Task<RedisClusterTopology, any Error> in
            if let running = state.refresh { return running }
            let task = Task { try await self.loadTopology() }
            state.refresh = task
            return task
        }
        defer { state.withLockedValue { if $0.refresh == task { $0.refresh = nil } } }
        return try await task.value
    }

    /// Reloads the topology without waiting for it, at most once a second: the redirect that
    /// asks for it has already corrected the map for its slot, so a stream of redirects (a
    /// resharding moves slots one by one) needs no reload each.
    private func refreshInBackground() {
        let due = state.withLockedValue { state -> Bool in
            if let last = state.lastBackgroundRefresh, ContinuousClock.now - last < .seconds(1) { return false }
            state.lastBackgroundRefresh = .now
            return true
        }
        guard due else { return }
        Task { try? await self.refreshTopology() }
    }

    private func loadTopology() async throws -> RedisClusterTopology {
        let known = topology.map { $0.shards.flatMap { $0.nodes.map(\.address) } } ?? []
        var lastError: any Error = RedisError.notConnected
        for address in known + seeds.filter({ !known.contains($0) }) {
            do {
                let client = try await nodeClient(for: address)
                let shards: [RedisClusterTopology.Shard]
                do {
                    shards = try clusterCommands.readShards(try await client.execute(clusterCommands.shards()))
                } catch RedisError.server(let error) where error.kind == .generic {
                    // Redis before 7.0 knows no CLUSTER SHARDS ("ERR unknown subcommand").
                    shards = try clusterCommands.readSlots(try await client.execute(clusterCommands.slots()))
                }
                let topology = RedisClusterTopology(shards: nodeConfig.tls == nil ? shards : shards.map { $0.preferringTLSPorts() })
                guard topology.coveredSlots > 0 else { continue }
                state.withLockedValue { state in
                    state.topology = topology
                    state.refreshes += 1
                }
                logger.debug("cluster topology loaded", metadata: ["from": "\(address)", "primaries": "\(topology.primaries.count)"])
                return topology
            } catch {
                lastError = error
                logger.debug("cannot load the topology from a node", metadata: ["node": "\(address)", "error": "\(error)"])
            }
        }
        throw lastError
    }

    /// Drops the client of the node at `address` (closing it), so that the next use connects anew.
    private func forget(_ address: Address) {
        let task = state.withLockedValue { $0.clients.removeValue(forKey: address) }
        Task { try? await task?.value.quit() }
    }

    /// The name a discovered node's certificate is checked against: the configured fixed name;
    /// else the host name the node announces; else, for a node known only by its IP address, the
    /// seed's host name (nodes behind one certificate, as managed services run them); else the
    /// node's own host.
    private func tlsServerName(for address: Address, in topology: RedisClusterTopology?) -> RedisTLS.ServerName {
        guard let tls = nodeConfig.tls, tls.serverName == .host else { return nodeConfig.tls?.serverName ?? .host }
        if let hostname = topology?.node(at: address)?.hostname, !hostname.isEmpty, hostname != "?" { return .fixed(hostname) }
        if RedisTLS.isIPAddress(address.host), let seedHost = seeds.first?.host, !RedisTLS.isIPAddress(seedHost) {
            return .fixed(seedHost)
        }
        return .host
    }

    /// The client of the node at `address`, connected on first use.
    func nodeClient(for address: Address) async throws -> RedisClient {
        let task = try state.withLockedValue { state -> Task<RedisClient, any Error> in
            guard !state.closed else { throw RedisError.notConnected }
            if let existing = state.clients[address] { return existing }
            var config = nodeConfig
            config.server = .tcp(host: address.host, port: address.port)
            config.tls?.serverName = tlsServerName(for: address, in: state.topology)
            config.reconnectPolicy = nil  // a lost node is handled by the cluster client
            // A replica answers reads of its shard only after READONLY: part of every handshake.
            let servesReads = readPolicy != .primary && (state.topology?.isReplica(address) ?? false)
            let client = RedisClient(
                config: config, sessionCommands: sessionCommands, commandTable: commandTable,
                setupCommands: servesReads ? [clusterCommands.readOnly()] : [], logger: logger)
            let task = Task {
                do {
                    try await client.connect()
                } catch let error as RedisError {
                    // Whatever stopped the connection (refused, timed out, handshake), nothing ran.
                    throw RedisError.connectionFailed(error, to: address)
                }
                return client
            }
            state.clients[address] = task
            return task
        }
        do {
            return try await task.value
        } catch {
            state.withLockedValue { if $0.clients[address] == task { $0.clients[address] = nil } }
            throw error
        }
    }
}

/// A `MOVED` or `ASK` error: the slot and where it went (`ip:port`, `:port` for the sender's
/// host, `?:port` or nothing when unknown).
struct RedisClusterRedirect: Equatable {
    var slot: Int
    var address: RedisClusterTopology.Address?

    init?(_ message: String, sender: RedisClusterTopology.Address) {
        let words = message.split(separator: " ")
        guard words.count >= 3, let slot = Int(words[1]) else { return nil }
        self.slot = slot
        let target = words[2]
        guard let colon = target.lastIndex(of: ":"), let port = Int(target[target.index(after: colon)...]) else {
            address = nil
            return
        }
        let host = String(target[..<colon])
        switch host {
        case "": address = RedisClusterTopology.Address(host: sender.host, port: port)
        case "?": address = nil
        default: address = RedisClusterTopology.Address(host: host, port: port)
        }
    }
}

extension RedisError {
    /// A `CLUSTERDOWN` answer: the slot has no serving primary for now.
    var isClusterDown: Bool {
        switch self {
        case .server(let error): return error.kind == .clusterDown
        case .clusterUnavailable: return true
        default: return false
        }
    }

    /// Whether this error means the node is lost (unreachable, connection gone) and `command` may
    /// be sent again elsewhere: it never ran, or it is read-only, or written writes may be resent.
    func isLostNode(for command: RESPCommand, retryWrittenWrites: Bool) -> Bool {
        switch self {
        case .notConnected, .connectionFailed, .connectionClosed(mayHaveRun: false):
            return true
        case .connectionClosed(mayHaveRun: true):
            return command.info.flags.contains(.readonly) || retryWrittenWrites
        default:
            return false
        }
    }
}
