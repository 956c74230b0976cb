import Logging
import NIOConcurrencyHelpers

/// A client of a Redis Cluster: from one reachable seed node it learns which node serves which
/// slot, keeps a client per node, and sends each command to the primary of its keys' slot,
/// following `MOVED` and `ASK` redirects. Every generated command method works on it.
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
    /// How each node's client connects (its `server` is replaced by the node's address).
    public let nodeConfig: RedisConfig
    /// How many redirects one command may follow before failing with
    /// ``RedisError/tooManyRedirects(command:last:)``.
    public let maxRedirects: Int
    public let commandTable: RedisCommandTable
    private let sessionCommands: RedisSessionCommands
    private let clusterCommands: RedisClusterCommands
    private let logger: Logger
    private let state = NIOLockedValueBox(State())

    private struct State {
        var topology: RedisClusterTopology?
        var clients: [Address: Task<RedisClient, any Error>] = [:]
        var refresh: Task<RedisClusterTopology, any Error>?
        var redirects = 0
        var retries = 0
        var refreshes = 0
        var closed = false
    }

    public init(
        seeds: [Address],
        nodeConfig: RedisConfig,
        sessionCommands: RedisSessionCommands,
        clusterCommands: RedisClusterCommands,
        commandTable: RedisCommandTable = .empty,
        maxRedirects: Int = 5,
        logger: Logger = Logger(label: "fred")
    ) {
        self.seeds = seeds
        self.nodeConfig = nodeConfig
        self.sessionCommands = sessionCommands
        self.clusterCommands = clusterCommands
        self.commandTable = commandTable
        self.maxRedirects = maxRedirects
        self.logger = logger
    }

    /// Learns the topology from the seeds (and connects to the first node that answers).
    public func connect() async throws {
        guard !seeds.isEmpty else { throw RedisError.badArgument("a cluster client needs at least one seed node") }
        _ = try await refreshTopology()
    }

    /// Closes every node's connection.
    public func quit() async throws {
        let clients = state.withLockedValue { state -> [Task<RedisClient, any Error>] in
            state.closed = true
            defer { state.clients = [:] }
            return Array(state.clients.values)
        }
        for task in clients {
            if let client = try? await task.value { try? await client.quit() }
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
        var topology = try await currentTopology()
        switch spread(of: command, topology: topology) {
        case .nodes(let addresses): return try await fanOut(command, to: addresses)
        case .split(let parts): return try await executeSplit(command, parts: parts)
        case nil: break
        }
        let slot = try slot(of: command)
        var target = try primary(for: slot, in: topology, command: command)
        var asking = false
        var lastError = ""
        for attempt in 0...maxRedirects {
            do {
                let client = try await nodeClient(for: target)
                guard asking else { return try await client.execute(command) }
                // ASKING and the command leave together on the same connection.
                let replies = try await client.execute([clusterCommands.asking(), command])
                guard replies.count == 2 else { throw RedisError.unexpectedReply(expected: "two replies", got: "\(replies.count)") }
                return try replies[1].get()
            } catch RedisError.server(let error) where error.kind == .moved || error.kind == .ask {
                lastError = error.message
                state.withLockedValue { $0.redirects += 1 }
                guard let redirect = RedisClusterRedirect(error.message, sender: target) else { throw RedisError.server(error) }
                asking = error.kind == .ask
                if let address = redirect.address, topology.contains(address) {
                    target = address
                } else {
                    // An unknown node: never send to it (or send credentials) before the cluster
                    // itself lists it.
                    topology = try await refreshTopology()
                    guard let address = redirect.address ?? topology.primary(forSlot: redirect.slot), topology.contains(address) else {
                        throw RedisError.server(error)
                    }
                    target = address
                }
                if !asking {
                    state.withLockedValue { $0.topology?.move(slot: redirect.slot, to: target) }
                    refreshInBackground()
                }
                logger.debug("redirected", metadata: ["kind": "\(error.code)", "slot": "\(redirect.slot)", "to": "\(target)", "attempt": "\(attempt + 1)"])
            } catch RedisError.server(let error) where error.kind == .tryAgain || error.kind == .clusterDown {
                lastError = error.message
                state.withLockedValue { $0.retries += 1 }
                try await Task.sleep(for: .milliseconds(50 * (attempt + 1)))
                if error.kind == .clusterDown { topology = try await refreshTopology() }
                target = try primary(for: slot, in: topology, command: command)
                asking = false
            }
        }
        throw RedisError.tooManyRedirects(command: command.info.name, last: lastError)
    }

    /// The slot of the command's keys; nil for a command without keys.
    private func slot(of command: RESPCommand) throws -> Int? {
        guard let keys = command.info.keys(of: command), let first = keys.first else { return nil }
        let slot = RedisHashSlot.slot(for: first)
        for key in keys.dropFirst() where RedisHashSlot.slot(for: key) != slot {
            throw RedisError.crossSlot(command: command.info.name)
        }
        return slot
    }

    private func primary(for slot: Int?, in topology: RedisClusterTopology, command: RESPCommand) throws -> Address {
        if let slot {
            guard let address = topology.primary(forSlot: slot) else {
                throw RedisError.server(RedisServerError(message: "CLUSTERDOWN Hash slot \(slot) not served"))
            }
            return address
        }
        guard let any = topology.primaries.randomElement() else {
            throw RedisError.server(RedisServerError(message: "CLUSTERDOWN no primary is known"))
        }
        return any
    }

    // MARK: - Topology

    private func currentTopology() async throws -> RedisClusterTopology {
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

    private func refreshInBackground() {
        Task { try? await self.refreshTopology() }
    }

    private func loadTopology() async throws -> RedisClusterTopology {
        let known = topology.map { $0.shards.flatMap { $0.nodes.map(\.address) } } ?? []
        var lastError: any Error = RedisError.notConnected
        for address in known + seeds.filter({ !known.contains($0) }) {
            do {
                let client = try await nodeClient(for: address)
                let reply = try await client.execute(clusterCommands.shards())
                let topology = RedisClusterTopology(shards: try clusterCommands.readShards(reply))
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

    /// The client of the node at `address`, connected on first use.
    func nodeClient(for address: Address) async throws -> RedisClient {
        let task = try state.withLockedValue { state -> Task<RedisClient, any Error> in
            guard !state.closed else { throw RedisError.notConnected }
            if let existing = state.clients[address] { return existing }
            var config = nodeConfig
            config.server = .tcp(host: address.host, port: address.port)
            let client = RedisClient(config: config, sessionCommands: sessionCommands, commandTable: commandTable, logger: logger)
            let task = Task {
                try await client.connect()
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
struct RedisClusterRedirect {
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
