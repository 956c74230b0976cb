import NIOConcurrencyHelpers

/// A client's connection to a ``RedisMockServer``: its own session (database, name, protocol),
/// running one command at a time in the order they were sent, as a real connection does (a
/// command behind a blocked `BLPOP` waits for it).
final class RedisMockConnection: Sendable {
    let server: RedisMockServer
    private let state: NIOLockedValueBox<State>

    private struct State {
        var session: RedisMockSession?
        /// A command is running (or blocked).
        var busy = false
        /// Commands waiting for their turn, oldest first, each with a number for cancellation.
        var queue: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextID = 0
    }

    init(server: RedisMockServer) {
        self.server = server
        self.state = NIOLockedValueBox(State(session: server.openSession()))
    }

    func send(_ command: RESPCommand) async throws -> RESPValue {
        try await takeTurn()
        defer { endTurn() }
        guard var session = state.withLockedValue({ $0.session }) else { throw RedisError.connectionClosed(mayHaveRun: false) }
        defer {
            state.withLockedValue { state in
                guard state.session != nil else { return }
                if session.closeAfterReply {
                    server.closeSession(session)
                    state.session = nil
                } else {
                    state.session = session
                }
            }
        }
        return try await server.execute(command, session: &session)
    }

    /// Waits until no other command of this connection runs; a cancelled task stops waiting (and
    /// its command is not run).
    private func takeTurn() async throws {
        let id = try state.withLockedValue { state -> Int? in
            guard state.busy else {
                state.busy = true
                return nil
            }
            if Task.isCancelled { throw CancellationError() }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLockedValue { state -> Result<Void, any Error>? in
                    guard state.busy else {
                        state.busy = true
                        return .success(())
                    }
                    // Under the lock: a cancellation came before (seen here) or finds the entry.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.queue.append((id, continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let removed = state.withLockedValue { state -> CheckedContinuation<Void, any Error>? in
                guard let index = state.queue.firstIndex(where: { $0.id == id }) else { return nil }
                return state.queue.remove(at: index).continuation
            }
            removed?.resume(throwing: CancellationError())
        }
    }

    /// Hands the connection to the next waiting command.
    private func endTurn() {
        let next = state.withLockedValue { state -> CheckedContinuation<Void, any Error>? in
            guard !state.queue.isEmpty else {
                state.busy = false
                return nil
            }
            return state.queue.removeFirst().continuation  // stays busy: the turn passes on
        }
        next?.resume()
    }

    func close() {
        let session = state.withLockedValue { state -> RedisMockSession? in
            defer { state.session = nil }
            return state.session
        }
        if let session { server.closeSession(session) }
    }
}
