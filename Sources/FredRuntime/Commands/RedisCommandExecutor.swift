/// Anything that can run a command: the client today; pipelines, transactions and cluster clients
/// later. The generated methods (`get`, `set`, `clientKill`, …) are extensions of this protocol, so
/// every executor has all of them.
public protocol RedisCommandExecutor: Sendable {
    /// Sends `command` and returns its reply. An error reply throws ``RedisError/server(_:)``.
    func execute(_ command: RESPCommand) async throws -> RESPValue

    /// Sends `commands` as one pipeline and returns every reply in order; an error reply is the
    /// `failure` of its own slot. Throws only when nothing could be sent.
    func execute(_ commands: [RESPCommand]) async throws -> [Result<RESPValue, RedisError>]

    /// The commands this executor knows by name, for ``send(command:)``.
    var commandTable: RedisCommandTable { get }

    /// What a keyspace-wide `SCAN` visits, one after the other with a cursor each: the executor
    /// itself, or every primary of a cluster. A requirement, so that the cluster's answer is used
    /// whatever the static type of the executor.
    func scanTargets() async throws -> [any RedisCommandExecutor]

    /// The cluster whose keys a keyspace-wide scan walks slot by slot (so that it visits each key
    /// once while slots move), or nil for one server.
    func keyspaceCluster() async throws -> RedisClusterClient?
}

extension RedisCommandExecutor {
    /// Runs the commands one after another; executors with a connection override this to send
    /// them back to back.
    public func execute(_ commands: [RESPCommand]) async throws -> [Result<RESPValue, RedisError>] {
        var results: [Result<RESPValue, RedisError>] = []
        results.reserveCapacity(commands.count)
        for command in commands {
            do {
                results.append(.success(try await execute(command)))
            } catch let error as RedisError {
                results.append(.failure(error))
            }
        }
        return results
    }

    /// Knows no command by name unless the executor says otherwise.
    public var commandTable: RedisCommandTable { .empty }

    /// One server: the executor itself.
    public func scanTargets() async throws -> [any RedisCommandExecutor] { [self] }

    /// One server: no cluster.
    public func keyspaceCluster() async throws -> RedisClusterClient? { nil }

    /// Sends a command given as words, for example one no spec describes (a module's
    /// `["JSON.GET", "doc", "$"]`). A command in ``commandTable`` keeps what the spec says about it
    /// (the mock engine answers it); any other goes out as it is. The reply comes back as a generic
    /// ``RESPValue`` for the caller to convert with ``RESPValue/decode(as:)``.
    public func send(command words: [String]) async throws -> RESPValue {
        guard !words.isEmpty, !words[0].isEmpty else {
            throw RedisError.badArgument("send(command:) needs at least a command name")
        }
        let info = commandTable.info(forWords: words) ?? .custom
        var command = RESPCommand(info)
        command.append(contentsOf: Array(words.dropFirst(info.words.count)))
        return try await execute(command)
    }
}
