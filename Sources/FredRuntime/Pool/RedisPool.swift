import Atomics

/// A client a ``RedisPool`` can hold: it connects, quits and runs commands (``RedisClient`` and
/// ``RedisClusterClient``).
public protocol RedisPoolMember: RedisCommandExecutor {
    func connect() async throws
    func quit() async throws
}

extension RedisClient: RedisPoolMember {}
extension RedisClusterClient: RedisPoolMember {}
extension RedisPool: RedisPoolMember {}

/// Several clients, each with its own connection (or connections, for a cluster) and its own
/// reconnection, that share the commands sent to the pool in turn (round robin).
///
/// One ``RedisClient`` already pipelines the commands of any number of tasks on one connection;
/// a pool spreads them over several, for when one connection's event loop or the server's
/// per-connection processing is the limit.
///
/// ```swift
/// let pool = try RedisPool(size: 4, config: try RedisConfig(url: "redis://127.0.0.1:6379"))
/// try await pool.connect()
/// try await pool.set("greeting", "hello")   // on one client
/// let value = try await pool.get("greeting") // on the next
/// try await pool.quit()
/// ```
///
/// Every command goes to one client whole: a batch (``execute(_:)-([RESPCommand])``, a typed
/// pipeline or transaction) stays on one connection, so a transaction keeps its meaning.
/// ``next()`` gives the client the next command would use, for work that must stay on one.
public final class RedisPool<Client: RedisPoolMember>: RedisCommandExecutor, Sendable {
    /// The pool's clients, in the order ``next()`` takes them.
    public let clients: [Client]
    private let counter = ManagedAtomic<Int>(0)

    /// A pool of the clients `makeClient` creates, called `size` times (at least 1).
    public init(size: Int, _ makeClient: (_ index: Int) throws -> Client) throws {
        guard size >= 1 else { throw RedisError.badArgument("a pool needs at least one client, not \(size)") }
        clients = try (0..<size).map(makeClient)
    }

    /// The client the next command goes to; each call moves on by one.
    public func next() -> Client {
        clients[counter.loadThenWrappingIncrement(ordering: .relaxed) % clients.count]
    }

    /// Connects every client at once. When one fails, those that connected quit again and its
    /// error is thrown.
    public func connect() async throws {
        let failure = await withTaskGroup(of: (any Error)?.self) { group in
            for client in clients {
                group.addTask {
                    do {
                        try await client.connect()
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            var first: (any Error)?
            for await error in group where first == nil { first = error }
            return first
        }
        if let failure {
            for client in clients { try? await client.quit() }
            throw failure
        }
    }

    /// Quits every client.
    public func quit() async throws {
        var failure: (any Error)?
        for client in clients {
            do { try await client.quit() } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
    }

    public var commandTable: RedisCommandTable { clients[0].commandTable }

    public func execute(_ command: RESPCommand) async throws -> RESPValue {
        try await next().execute(command)
    }

    public func execute(_ commands: [RESPCommand]) async throws -> [Result<RESPValue, RedisError>] {
        try await next().execute(commands)
    }

    /// Where a keyspace-wide `SCAN` goes: one client (they all reach the same data).
    public func scanTargets() async throws -> [any RedisCommandExecutor] {
        try await next().scanTargets()
    }

    public func keyspaceCluster() async throws -> RedisClusterClient? {
        try await next().keyspaceCluster()
    }
}

extension RedisPool where Client == RedisClient {
    /// Lends `body` a connection of its own from the next client (see
    /// ``RedisClient/withConnection(_:isolation:)``).
    @discardableResult
    public func withConnection<Result: Sendable>(
        _ body: (RedisExclusiveConnection) async throws -> Result,
        isolation: isolated (any Actor)? = #isolation
    ) async throws -> Result {
        try await next().withConnection(body)
    }

    /// Every client's connection events, each with the index of its client in ``clients``. The
    /// stream ends when every client's has (after ``quit()``).
    public func events() -> AsyncStream<(client: Int, event: RedisClientEvent)> {
        let streams = clients.map { $0.events() }
        return AsyncStream { continuation in
            let task = Task {
                await withTaskGroup(of: Void.self) { group in
                    for (index, stream) in streams.enumerated() {
                        group.addTask {
                            for await event in stream { continuation.yield((index, event)) }
                        }
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
