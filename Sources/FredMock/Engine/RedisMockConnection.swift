import FredRuntime
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// A client's connection to a ``RedisMockServer``: its own session (database, name, protocol),
/// running one command at a time in the order they were sent, as a real connection does (a
/// command behind a blocked `BLPOP` waits for it).
final class RedisMockConnection: RedisTransport {
    let server: RedisMockServer
    private let state: NIOLockedValueBox<State>

    private struct State {
        var session: RedisMockSession?
        /// A command is running (or blocked).
        var busy = false
        /// Commands waiting for their turn, oldest first, each with a number for cancellation.
        var queue: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextID = 0
        /// Told when the server ends the session (`QUIT`, `CLIENT KILL`).
        var closedHandlers: [@Sendable (RedisError) -> Void] = []
        /// Why the server ended the session, once it has.
        var endedBy: RedisError?
        /// Commands cancelled or timed out before they joined ``queue``: they fail as they come.
        var droppedWaiters: [Int: any Error] = [:]
    }

    init(server: RedisMockServer, handshake: RedisMockSession.Handshake = .untilTold) {
        self.server = server
        let session = server.openSession(handshake: handshake)
        self.state = NIOLockedValueBox(State(session: session))
        // Killed by another session, it ends at once, as a server closes a killed client's
        // connection.
        server.whenKilled(session: session.id) { [weak self] in self?.killed() }
    }

    /// Another session killed this one (`CLIENT KILL`).
    private func killed() {
        let session = state.withLockedValue { $0.session }
        end(.connectionClosed(mayHaveRun: false), closing: session)
    }

    /// The protocol the session speaks (2 until `HELLO 3`).
    var protocolVersion: Int { state.withLockedValue { $0.session?.protocolVersion ?? 2 } }

    /// The session's id (`CLIENT ID`), while it is open.
    var sessionID: Int? { state.withLockedValue { $0.session?.id } }

    /// Sends `command` once the commands before it are done. Once it runs, it runs to the end
    /// (a blocked command stays blocked) even if the caller stops waiting for it, as a command
    /// written to a server does; the commands behind it wait for it.
    func send(_ command: RESPCommand, deadline: NIODeadline?) async throws -> RESPValue {
        try await takeTurn(deadline: deadline)
        return try await RedisMockPendingReply.run({ try await self.run(command) }, finally: endTurn).value(before: deadline)
    }

    /// Runs the commands in one turn, so that no other command of this connection comes between
    /// them (a `MULTI` … `EXEC` batch stays whole).
    func send(_ commands: [RESPCommand], deadline: NIODeadline?) async -> [Result<RESPValue, RedisError>] {
        do {
            try await takeTurn(deadline: deadline)
        } catch {
            return Array(repeating: .failure(error as? RedisError ?? .connectionClosed(mayHaveRun: false)), count: commands.count)
        }
        let pending = RedisMockPendingReply.run({ () async -> [Result<RESPValue, RedisError>] in
            var results: [Result<RESPValue, RedisError>] = []
            results.reserveCapacity(commands.count)
            for command in commands {
                do {
                    results.append(.success(try await self.run(command)))
                } catch let error as RedisError {
                    results.append(.failure(error))
                } catch {
                    results.append(.failure(.connectionClosed(mayHaveRun: true)))
                }
            }
            return results
        }, finally: endTurn)
        do {
            return try await pending.value(before: deadline)
        } catch {
            // As a network connection answers an abandoned batch: each command may have run.
            let failure = error as? RedisError ?? .connectionClosed(mayHaveRun: true)
            return Array(repeating: .failure(failure), count: commands.count)
        }
    }

    /// A subscription change: the engine queues its confirmations as pushes before the reply, so
    /// once it has run, the server has dealt with it (the fence, a `PING`, adds nothing here).
    func send(_ command: RESPCommand, fence: RESPCommand, deadline: NIODeadline?) async throws {
        _ = try await send(command, deadline: deadline)
    }

    /// Pushes for this session (pub/sub confirmations and messages, shaped for its protocol) go to
    /// `handler`.
    func receivePushes(pubSubArrays: Bool, _ handler: @escaping @Sendable (RESPValue) -> Void) async {
        guard let id = sessionID else { return }
        server.deliverPushes(session: id) { push, _ in handler(push) }
    }

    /// Runs `command` on the session; the caller holds the turn. An error reply throws
    /// ``RedisError/server(_:)``, as on a network connection.
    private func run(_ command: RESPCommand) async throws -> RESPValue {
        let reply = try await run(server.request(for: command))
        if reply.isError, let text = reply.stringPayload {
            throw RedisError.server(RedisServerError(message: String(buffer: text)))
        }
        return reply
    }

    /// Runs the command a client sent as `words` (over TCP) and returns its reply, an error reply
    /// as a value.
    func reply(to words: [[UInt8]]) async throws -> (reply: RESPValue, request: RedisMockRequest) {
        let request = server.request(words: words)
        try await takeTurn(deadline: nil)
        defer { endTurn() }
        return (try await run(request), request)
    }

    /// Runs `request` on the session; the caller holds the turn.
    private func run(_ request: RedisMockRequest) async throws -> RESPValue {
        guard var session = state.withLockedValue({ $0.session }) else { throw RedisError.connectionClosed(mayHaveRun: false) }
        do {
            let reply = try await server.execute(request, session: &session)
            keep(session)
            return reply
        } catch RedisError.connectionClosed(let mayHaveRun) {
            // Another session killed this one (`CLIENT KILL`): the server ended it, and what the
            // session still held (a transaction, watched keys, push streams) ends with it.
            end(.connectionClosed(mayHaveRun: mayHaveRun), closing: session)
            throw RedisError.connectionClosed(mayHaveRun: mayHaveRun)
        } catch {
            keep(session)
            throw error
        }
    }

    /// Keeps the session as the command left it; one the command ended (`QUIT`, `CLIENT KILL` of
    /// itself) is closed, as the server closes the connection after the reply.
    private func keep(_ session: RedisMockSession) {
        if session.closeAfterReply {
            end(.connectionClosed(mayHaveRun: true), closing: session)
        } else {
            state.withLockedValue { state in
                if state.session != nil { state.session = session }
            }
        }
    }

    /// The server ended the session: closes what is left of it on the server (`closing`) and tells
    /// those waiting for the end.
    private func end(_ reason: RedisError, closing session: RedisMockSession?) {
        let handlers = state.withLockedValue { state -> [@Sendable (RedisError) -> Void] in
            guard state.session != nil else { return [] }
            state.session = nil
            state.endedBy = reason
            defer { state.closedHandlers.removeAll() }
            return state.closedHandlers
        }
        if let session { server.closeSession(session) }
        for handler in handlers { handler(reason) }
    }

    func handshakeCompleted() {
        state.withLockedValue { state in
            guard var session = state.session else { return }
            server.handshakeCompleted(&session)
            state.session = session
        }
    }

    var isOpen: Bool { state.withLockedValue { $0.session != nil } }

    var eventLoop: (any EventLoop)? { nil }

    func whenClosed(_ handler: @escaping @Sendable (RedisError) -> Void) {
        let ended = state.withLockedValue { state -> RedisError? in
            if state.endedBy == nil, state.session != nil { state.closedHandlers.append(handler) }
            return state.endedBy
        }
        if let ended { handler(ended) }
    }

    /// Waits until no other command of this connection runs; a cancelled task stops waiting (and
    /// its command is not run), and so does one still waiting at `deadline`.
    private func takeTurn(deadline: NIODeadline?) async throws {
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
        let timer = deadline.map { deadline in
            Task { [weak self] in
                let left = (deadline - NIODeadline.now()).nanoseconds
                if left > 0 {
                    guard (try? await Task.sleep(for: .nanoseconds(left))) != nil else { return }
                }
                self?.dropWaiter(id, with: RedisError.timeout("no reply within the command timeout; the command was not sent"))
            }
        }
        defer {
            timer?.cancel()
            state.withLockedValue { _ = $0.droppedWaiters.removeValue(forKey: id) }
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLockedValue { state -> Result<Void, any Error>? in
                    guard state.busy else {
                        state.busy = true
                        return .success(())
                    }
                    // Under the lock: a cancellation or a timeout came before (seen here) or
                    // finds the entry.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if let error = state.droppedWaiters.removeValue(forKey: id) { return .failure(error) }
                    state.queue.append((id, continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            dropWaiter(id, with: CancellationError())
        }
    }

    /// Takes the command `id` out of the queue and fails it with `error`; when it is not queued
    /// yet, it fails as it comes.
    private func dropWaiter(_ id: Int, with error: any Error) {
        let removed = state.withLockedValue { state -> CheckedContinuation<Void, any Error>? in
            guard let index = state.queue.firstIndex(where: { $0.id == id }) else {
                state.droppedWaiters[id] = error
                return nil
            }
            return state.queue.remove(at: index).continuation
        }
        removed?.resume(throwing: error)
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

    /// Ends the session from the client's side (no ``whenClosed(_:)`` handler is called).
    func close() async {
        closeNow()
    }

    /// ``close()`` for callers that cannot wait.
    func closeNow() {
        let session = state.withLockedValue { state -> RedisMockSession? in
            defer {
                state.session = nil
                state.closedHandlers.removeAll()
            }
            return state.session
        }
        if let session { server.closeSession(session) }
    }
}

/// Opens sessions on a mock server for a client: what ``RedisConfig/mock(_:protocolVersion:)`` configures.
struct RedisMockTransportFactory: RedisTransportFactory {
    let server: RedisMockServer

    func openTransport(logger: Logger) async throws -> any RedisTransport {
        RedisMockConnection(server: server)
    }

    var description: String { "mock" }
}
