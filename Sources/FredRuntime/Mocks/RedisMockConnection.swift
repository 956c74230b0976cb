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
        /// Commands waiting for their turn, oldest first.
        var queue: [CheckedContinuation<Void, Never>] = []
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

    /// Waits until no other command of this connection runs.
    private func takeTurn() async throws {
        let mustWait = state.withLockedValue { state -> Bool in
            guard state.busy else {
                state.busy = true
                return false
            }
            return true
        }
        guard mustWait else { return }
        await withCheckedContinuation { continuation in
            let runNow = state.withLockedValue { state -> Bool in
                guard state.busy else {
                    state.busy = true
                    return true
                }
                state.queue.append(continuation)
                return false
            }
            if runNow { continuation.resume() }
        }
    }

    /// Hands the connection to the next waiting command.
    private func endTurn() {
        let next = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            guard !state.queue.isEmpty else {
                state.busy = false
                return nil
            }
            return state.queue.removeFirst()  // stays busy: the turn passes on
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
