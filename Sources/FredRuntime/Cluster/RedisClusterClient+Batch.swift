import NIOCore

/// Batches on a cluster: the commands for one node leave together on its connection; the nodes'
/// parts go out at once. Order holds among the commands of one node only, as a cluster cannot
/// order commands across nodes. A batch with a transaction (`MULTI` … `EXEC`) goes whole to the
/// node of its one slot.
extension RedisClusterClient {
    public func execute(_ commands: [RESPCommand]) async throws -> [Result<RESPValue, RedisError>] {
        guard !commands.isEmpty else { return [] }
        if let refusal = RedisBatchRules.refusal(commands) { throw refusal }
        if commands.contains(where: { $0.info.semantics.change == .transactionBegin }) {
            return try await executeTransaction(commands)
        }
        let topology = try await currentTopology()
        var byNode: [Address: [Int]] = [:]
        var alone: [Int] = []
        for (index, command) in commands.enumerated() {
            // Fanned out, split, keyless or cross-slot: through the one-command path.
            guard spread(of: command, topology: topology) == nil,
                  let slot = try? command.routingSlot(),
                  let address = topology.primary(forSlot: slot)
            else {
                alone.append(index)
                continue
            }
            byNode[address, default: []].append(index)
        }
        return await withTaskGroup(of: [(Int, Result<RESPValue, RedisError>)].self) { group in
            for (address, indices) in byNode {
                group.addTask {
                    let batch = indices.map { commands[$0] }
                    let results: [Result<RESPValue, RedisError>]
                    do {
                        results = try await self.nodeClient(for: address).execute(batch)
                    } catch {
                        results = Array(repeating: .failure(RedisError.connectionFailed(error, to: address)), count: batch.count)
                    }
                    var settled: [(Int, Result<RESPValue, RedisError>)] = []
                    for (index, result) in zip(indices, results) {
                        // Redirected, or its node lost before it was written: resend it alone,
                        // through the path that follows redirects and waits out failovers.
                        if case .failure(let error) = result, error.sendsAgainAlone(commands[index], retryWrittenWrites: self.nodeConfig.retryWrittenWrites) {
                            settled.append((index, await self.resultOf(commands[index])))
                        } else {
                            settled.append((index, result))
                        }
                    }
                    return settled
                }
            }
            for index in alone {
                group.addTask { [(index, await self.resultOf(commands[index]))] }
            }
            var results = [Result<RESPValue, RedisError>](repeating: .failure(.notConnected), count: commands.count)
            for await part in group {
                for (index, result) in part { results[index] = result }
            }
            return results
        }
    }

    /// A batch holding a transaction: its keys must all hash to one slot (checked here, as the
    /// server would answer `CROSSSLOT`), and the whole batch goes to that slot's primary, so that
    /// `MULTI` and `EXEC` meet on one connection. Redirects are followed for the whole unit: a
    /// command answered `MOVED`, `ASK` or `TRYAGAIN` while queueing made `EXEC` discard the
    /// transaction (`EXECABORT`: nothing ran), so the batch goes again where the answer says
    /// (`ASKING` first, before `MULTI`, for an `ASK`). A batch whose `EXEC` was written is never
    /// sent twice: it runs at most once.
    private func executeTransaction(_ commands: [RESPCommand]) async throws -> [Result<RESPValue, RedisError>] {
        var slot: Int?
        for command in commands {
            guard let keySlot = try command.routingSlot() else { continue }
            guard slot == nil || slot == keySlot else { throw RedisError.crossSlot(command: command.info.name) }
            slot = keySlot
        }
        let begin = commands.first { $0.info.semantics.change == .transactionBegin }?.info.name ?? "transaction"
        guard let slot else {
            throw RedisError.needsDedicatedConnection(
                command: begin, reason: "a transaction on a cluster must name a key, so that it goes to the node that serves the key's slot")
        }
        return try await routed(slot: slot, readOnly: false, mayResendWritten: false, name: begin) { client, asking in
            var replies = try await client.execute(asking ? [self.clusterCommands.asking()] + commands : commands)
            if asking { replies.removeFirst() }
            if let redirect = Self.redirectWhileQueueing(commands, replies) { throw redirect }
            return replies
        }
    }

    /// The error that should send a transaction's batch elsewhere, when nothing in it ran: a
    /// queueing redirect that made `EXEC` discard it, or a connection lost before `EXEC` was written.
    private static func redirectWhileQueueing(_ commands: [RESPCommand], _ replies: [Result<RESPValue, RedisError>]) -> RedisError? {
        guard replies.count == commands.count,
              let end = commands.lastIndex(where: { $0.info.semantics.change == .transactionEnd })
        else { return nil }
        switch replies[end] {
        case .failure(.connectionClosed(mayHaveRun: false)):
            return .connectionClosed(mayHaveRun: false)
        case .failure(.server(let error)) where error.kind == .execAbort:
            for case .failure(.server(let queued)) in replies[..<end]
            where [.moved, .ask, .tryAgain, .clusterDown].contains(queued.kind) {
                return .server(queued)
            }
            return nil
        default:
            return nil
        }
    }

    private func resultOf(_ command: RESPCommand) async -> Result<RESPValue, RedisError> {
        do {
            return .success(try await execute(command))
        } catch let error as RedisError {
            return .failure(error)
        } catch {
            return .failure(.unsupported("\(error)"))
        }
    }
}

extension RedisError {
    /// Whether a batched command that failed so should be sent again through the one-command path.
    func sendsAgainAlone(_ command: RESPCommand, retryWrittenWrites: Bool) -> Bool {
        if case .server(let error) = self {
            return [.moved, .ask, .tryAgain, .clusterDown].contains(error.kind)
        }
        return isLostNode(for: command, retryWrittenWrites: retryWrittenWrites)
    }
}

extension RedisClusterClient {
    /// Lends `body` a connection of its own on the primary that serves `key`'s slot (see
    /// ``RedisClient/withConnection(_:isolation:)``): for `WATCH`, session state or blocking loops
    /// on the keys of that slot. A command in it for a key of another slot gets the server's
    /// `MOVED`; the connection is not redirected.
    @discardableResult
    public func withConnection<Result: Sendable>(
        forKey key: some RESPBulkStringEncodable,
        _ body: (RedisExclusiveConnection) async throws -> Result,
        isolation: isolated (any Actor)? = #isolation
    ) async throws -> Result {
        try await primaryClient(forSlot: Self.slot(of: key)).withConnection(body)
    }

    /// The client of the primary that serves `slot`, by the current map (loaded first if there is
    /// none).
    package func primaryClient(forSlot slot: Int) async throws -> RedisClient {
        let topology = try await currentTopology()
        guard let address = topology.primary(forSlot: slot) else {
            throw RedisError.clusterUnavailable("no primary serves hash slot \(slot) in the client's map of the cluster")
        }
        return try await nodeClient(for: address)
    }

    /// Reloads the map of the cluster now (after a `MOVED` seen outside the client's own routing).
    package func reloadTopology() async throws {
        _ = try await refreshTopology()
    }

    package static func slot(of key: some RESPBulkStringEncodable) -> Int {
        var buffer = ByteBuffer()
        key.encodeBulkString(into: &buffer)
        return buffer.withUnsafeReadableBytes { RedisHashSlot.slotOfBulkString($0) }
    }
}

extension RedisClusterClient {
    /// The cluster itself: its keys are scanned slot by slot.
    public func keyspaceCluster() async throws -> RedisClusterClient? { self }

    /// The client of the node at `address`, which the map of the cluster must list (the map is
    /// reloaded once when it does not).
    package func client(at address: RedisClusterTopology.Address) async throws -> RedisClient {
        if try await currentTopology().contains(address) { return try await nodeClient(for: address) }
        guard try await refreshTopology().contains(address) else {
            throw RedisError.clusterUnavailable("\(address) is not a node of the cluster")
        }
        return try await nodeClient(for: address)
    }

    /// The current map of the cluster (loaded first if there is none).
    package func topologyForScan() async throws -> RedisClusterTopology {
        try await currentTopology()
    }
}
