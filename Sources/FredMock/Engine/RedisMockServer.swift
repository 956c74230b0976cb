import FredCommands
import FredRuntime
import NIOConcurrencyHelpers
import NIOCore

/// An in-memory Redis server. Clients configured with ``RedisConfig/mock(_:protocolVersion:)`` run
/// their commands here instead of on a network connection; several clients may share one server
/// (and so its data, its transactions' watched keys, and clients blocked on its lists).
///
/// Plug in your own answers with ``handle(_:with:)`` (one command) or ``handleAll(with:)`` (every
/// command, falling through to the engine with ``RedisMockContext/builtIn()``), and keep every
/// command for assertions with ``record()``.
public final class RedisMockServer: @unchecked Sendable {
    // Everything below is only touched with `lock` held.
    private let lock = NIOLock()
    private let storage: RedisMockStorage
    private var overrides: [String: RedisMockHandler] = [:]
    private var catchAll: RedisMockHandler?
    private var handlers = RedisMockHandlerTable.builtIn
    private var commandTables = [RedisCommands.table]
    private var recordings: [RedisMockRecording] = []
    private var transactions: [Int: RedisMockTransaction] = [:]
    private var watches: [Int: RedisMockWatch] = [:]
    private var waiters: [RedisMockWaiter] = []
    private var pushStreams: [Int: [AsyncStream<RESPValue>.Continuation]] = [:]
    /// Sessions whose pushes are written to a socket (clients over TCP), with the writer.
    private var pushSinks: [Int: PushSink] = [:]
    /// Connections told when another session kills theirs (`CLIENT KILL`).
    private var killHooks: [Int: @Sendable () -> Void] = [:]
    private var nextWaiterID = 0

    /// The clock that decides expiry and blocking timeouts; freeze and advance it in tests.
    public let clock = RedisMockClock()

    /// A server whose `default` user needs `password` (like `requirepass`), or none.
    public init(password: String? = nil) {
        storage = RedisMockStorage(password: password)
        clock.onAdvance { [weak self] in self?.expireWaiters() }
    }

    // MARK: Users' own handlers

    /// Answers `command` (`"GET"`, `"CLIENT SETNAME"`, or a module's `"JSON.GET"`) with `handler`
    /// instead of the engine. Inside it, ``RedisMockContext/builtIn()`` runs the engine's own.
    public func handle(_ command: String, with handler: RedisMockHandler) {
        lock.withLock { overrides[command.uppercased()] = handler }
    }

    /// Answers every command with `handler` first (after ``handle(_:with:)``'s); inside it,
    /// ``RedisMockContext/builtIn()`` falls through to the engine.
    public func handleAll(with handler: RedisMockHandler) {
        lock.withLock { catchAll = handler }
    }

    /// Answers the Lua script `source` with `handler` in `EVAL`, `EVAL_RO` and (once the script is
    /// known, by `EVAL` or `SCRIPT LOAD`) `EVALSHA`: the mock runs no Lua. The handler sees the
    /// arguments after the script: `numkeys`, the keys, then the script's arguments. Returns the
    /// script's SHA-1, as `SCRIPT LOAD` would.
    @discardableResult
    public func handleScript(_ source: String, with handler: RedisMockHandler) -> String {
        let sha = RedisSHA1.hex(Array(source.utf8))
        lock.withLock { storage.scriptHandlers[sha] = handler }
        return sha
    }

    /// Answers `FCALL`/`FCALL_RO` of the library function `name` with `handler` (the mock runs no
    /// Lua, so `FUNCTION LOAD` is not needed). The handler sees `numkeys`, the keys, then the
    /// function's arguments.
    public func handleFunction(_ name: String, with handler: RedisMockHandler) {
        lock.withLock { storage.functionHandlers[name] = handler }
    }

    /// Adds the handlers of your own spec (the `MockGen` plugin's `RedisMockHandlerTable.generated`)
    /// to the engine's, with the spec's command table (its `table`), so that commands sent as words
    /// (over TCP, or with `send(command:)`) are known by their flags and arity too.
    public func install(_ handlers: RedisMockHandlerTable, commands: RedisCommandTable? = nil) {
        lock.withLock {
            self.handlers = self.handlers.merging(handlers)
            if let commands { commandTables.insert(commands, at: 0) }
        }
    }

    /// The request for a command built by a client in this process.
    func request(for command: RESPCommand) -> RedisMockRequest {
        if !command.info.words.isEmpty { return RedisMockRequest(command, tables: []) }
        return RedisMockRequest(command, tables: lock.withLock { commandTables })
    }

    /// The request for a command received as words.
    func request(words: [[UInt8]]) -> RedisMockRequest {
        RedisMockRequest(words: words, tables: lock.withLock { commandTables })
    }

    /// A server that answers every command with its own words, as an array of bulk strings (an
    /// echo mock: check what your code sends without modelling any reply).
    public static func echo() -> RedisMockServer {
        let server = RedisMockServer()
        server.handleAll(with: RedisMockHandler { context in
            .array((context.commandName.split(separator: " ").map { Array($0.utf8) } + context.arguments).map { .bulk($0) })
        })
        return server
    }

    /// Starts keeping every command clients send from now on, in order, each with its words as
    /// sent. A connection's handshake is not kept: for a client in this process it ends when the
    /// client says so; over TCP, at the connection's first command that does not set its session up
    /// (`HELLO`, `AUTH`, `SELECT`, `CLIENT SETNAME`). Commands the server refuses before running
    /// them (wrong arity, `NOAUTH`) are not kept either.
    public func record() -> RedisMockRecording {
        let recording = RedisMockRecording()
        lock.withLock { recordings.append(recording) }
        return recording
    }

    /// Every push frame the engine sends the client with id `clientID` (`CLIENT ID`) from now on:
    /// pub/sub confirmations (`[subscribe, channel, count]`) and messages (`[message, channel,
    /// payload]`, `[pmessage, pattern, channel, payload]`), shaped as the client's connection
    /// carries them (a push frame in RESP3, an array in RESP2). The stream ends when the client
    /// disconnects.
    ///
    /// This is how a test reads what a subscribed mock client received; the client's own pub/sub
    /// API comes with the pub/sub work.
    public func pushes(to clientID: Int) -> AsyncStream<RESPValue> {
        let (stream, continuation) = AsyncStream<RESPValue>.makeStream()
        let open = lock.withLock { () -> Bool in
            guard storage.clients[clientID] != nil else { return false }
            pushStreams[clientID, default: []].append(continuation)
            return true
        }
        if !open { continuation.finish() }
        return stream
    }

    /// Reads or changes the stored data directly, for example to seed a test.
    public func withStorage<Result>(_ body: (RedisMockStorage) throws -> Result) rethrows -> Result {
        try lock.withLock { try body(storage) }
    }

    // MARK: Sessions

    /// Calls `killed` when another session kills session `id` (`CLIENT KILL`), as a server closes
    /// the killed client's connection at once.
    func whenKilled(session id: Int, _ killed: @escaping @Sendable () -> Void) {
        lock.withLock { killHooks[id] = killed }
    }

    /// Writes the pushes of session `id` (pub/sub confirmations and messages) with `sink`: a
    /// client over TCP.
    func deliverPushes(session id: Int, to sink: @escaping PushSink) {
        lock.withLock { pushSinks[id] = sink }
    }

    /// The hooks of sockets whose sessions the last command killed (`CLIENT KILL`), to be called
    /// once the lock is released; the session that ran it (`SKIPME no`) closes after its reply.
    /// Called with the lock held.
    private func takeKillHooks(sparing current: Int) -> [@Sendable () -> Void] {
        guard !killHooks.isEmpty else { return [] }
        let killed = killHooks.keys.filter { $0 != current && storage.clients[$0] == nil }
        return killed.compactMap { killHooks.removeValue(forKey: $0) }
    }

    /// Marks the end of `session`'s handshake: recordings keep what it sends from now on.
    func handshakeCompleted(_ session: inout RedisMockSession) {
        session.handshake = .done
        lock.withLock {
            if storage.clients[session.id] != nil { storage.clients[session.id]?.handshake = .done }
        }
    }

    /// Registers a new connection and returns its session.
    func openSession(handshake: RedisMockSession.Handshake = .untilTold) -> RedisMockSession {
        lock.withLock {
            var session = RedisMockSession(id: storage.nextClientID)
            session.handshake = handshake
            session.authenticated = storage.password == nil
            storage.nextClientID += 1
            storage.clients[session.id] = session
            return session
        }
    }

    func closeSession(_ session: RedisMockSession) {
        let (woken, streams) = lock.withLock { () -> ([RedisMockWaiter], [AsyncStream<RESPValue>.Continuation]) in
            storage.clients[session.id] = nil
            storage.subscriptions[session.id] = nil
            transactions[session.id] = nil
            watches[session.id] = nil
            pushSinks[session.id] = nil
            killHooks[session.id] = nil
            return (removeWaiters { $0.session.id == session.id }, pushStreams.removeValue(forKey: session.id) ?? [])
        }
        for waiter in woken { waiter.continuation.resume(throwing: RedisError.connectionClosed(mayHaveRun: true)) }
        for stream in streams { stream.finish() }
    }

    /// The outcome of a command: a reply, or a client parked until a key is written.
    enum Outcome {
        case reply(RESPValue)
        case blocked(RedisMockBlock, RedisMockHandler, RedisMockContext)
    }

    /// Runs `request` as `session`; the reply (an error reply too) is in the session's protocol.
    func execute(_ request: RedisMockRequest, session: inout RedisMockSession) async throws -> RESPValue {
        let name = request.name
        let arguments = request.arguments
        let flags = request.flags
        let now = clock.now
        let (outcome, woken, pushes, killed) = try lock.withLock { () throws -> (Outcome, [(RedisMockWaiter, Result<RESPValue, Error>)], [Push], [@Sendable () -> Void]) in
            guard storage.clients[session.id] != nil else {
                // Killed by another session (`CLIENT KILL`).
                throw RedisError.connectionClosed(mayHaveRun: false)
            }
            let builtIn = handlers.handler(for: name)
            let handler = overrides[name] ?? catchAll ?? builtIn
            if let arity = request.info?.arity {
                let words = request.nameWordCount + arguments.count
                if arity > 0 ? words != arity : words < -arity {
                    // Checked before anything else, as a server does; it spoils a transaction,
                    // and a refused EXEC discards it.
                    let message = RedisMockContext(commandName: name, arguments: arguments, storage: storage, session: session, now: now).wrongArity.message
                    guard handler?.role == .exec else {
                        transactions[session.id]?.failed = true
                        return (.reply(.simpleError(ByteBuffer(string: message))), [], [], [])
                    }
                    transactions[session.id] = nil
                    watches[session.id] = nil
                    let reason = message.hasPrefix("ERR ") ? String(message.dropFirst(4)) : message
                    return (.reply(.simpleError(ByteBuffer(string: "EXECABORT Transaction discarded because of: \(reason)"))), [], [], [])
                }
            }
            if !session.authenticated && !flags.contains(.noAuth) {
                return (.reply(.simpleError(ByteBuffer(string: "NOAUTH Authentication required."))), [], [], [])
            }
            if session.protocolVersion < 3, storage.subscriptions[session.id] != nil, !flags.contains(.subscriberMode) {
                let shown = name.lowercased().split(separator: " ").joined(separator: "|")
                return (.reply(.simpleError(ByteBuffer(string:
                    "ERR Can't execute '\(shown)': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"
                ))), [], [], [])
            }
            if session.handshake == .untilFirstOrdinaryCommand, request.info?.semantics.change != .session {
                session.handshake = .done
            }
            if session.handshake == .done {
                for recording in recordings { recording.append(request.words, session: session.id) }
            }
            guard let handler else {
                if transactions[session.id] != nil { transactions[session.id]?.failed = true }
                throw RedisError.unsupportedByMock(command: name)
            }
            var context = RedisMockContext(commandName: name, arguments: arguments, storage: storage, session: session, now: now)
            context.builtInHandler = builtIn
            let outcome = try run(handler, in: &context, flags: flags)
            session = context.session
            if storage.clients[session.id] == nil {
                session.closeAfterReply = true  // it killed itself (`CLIENT KILL … SKIPME no`)
            } else {
                storage.clients[session.id] = session
            }
            let woken = serveWrittenKeys(now: now)
            return (outcome, woken, takePushes(), takeKillHooks(sparing: session.id))
        }
        for (waiter, result) in woken { waiter.continuation.resume(with: result) }
        for (deliver, push) in pushes { deliver(push) }
        for hook in killed { hook() }
        var reply: RESPValue
        switch outcome {
        case .reply(let value): reply = value
        case .blocked(let block, let handler, let context): reply = try await wait(block, handler: handler, context: context)
        }
        if session.protocolVersion < 3 {
            reply = reply.downgradedToRESP2()
        }
        return reply
    }

    /// Runs `handler` in its role: queued inside `MULTI`, a transaction step, or the command.
    private func run(_ handler: RedisMockHandler, in context: inout RedisMockContext, flags: RedisCommandFlags) throws -> Outcome {
        let id = context.session.id
        switch handler.role {
        case .command where transactions[id] != nil, .unwatch where transactions[id] != nil:
            transactions[id]?.queued.append((handler, context.commandName, context.arguments, context.builtInHandler))
            return .reply(.simple("QUEUED"))
        case .command, .immediate:
            return try body(handler, &context)
        case .resetsTransaction:
            transactions[id] = nil
            watches[id] = nil
            return try body(handler, &context)
        case .multi:
            guard context.arguments.isEmpty else { return .reply(.simpleError(ByteBuffer(string: context.wrongArity.message))) }
            guard transactions[id] == nil else { return .reply(.simpleError(ByteBuffer(string: "ERR MULTI calls can not be nested"))) }
            transactions[id] = RedisMockTransaction()
            return .reply(.ok)
        case .discard:
            guard context.arguments.isEmpty else { return .reply(.simpleError(ByteBuffer(string: context.wrongArity.message))) }
            guard transactions.removeValue(forKey: id) != nil else {
                return .reply(.simpleError(ByteBuffer(string: "ERR DISCARD without MULTI")))
            }
            watches[id] = nil
            return .reply(.ok)
        case .watch:
            guard !context.arguments.isEmpty else { return .reply(.simpleError(ByteBuffer(string: context.wrongArity.message))) }
            guard transactions[id] == nil else { return .reply(.simpleError(ByteBuffer(string: "ERR WATCH inside MULTI is not allowed"))) }
            var watch = watches[id] ?? RedisMockWatch()
            for key in context.arguments {
                let ref = RedisMockKeyRef(database: context.session.database, key: key)
                if watch.keys[ref] == nil { watch.keys[ref] = context.entry(key) != nil }
            }
            watches[id] = watch
            return .reply(.ok)
        case .unwatch:
            guard context.arguments.isEmpty else { return .reply(.simpleError(ByteBuffer(string: context.wrongArity.message))) }
            watches[id] = nil
            return .reply(.ok)
        case .exec:
            guard context.arguments.isEmpty else {
                transactions[id]?.failed = true
                return .reply(.simpleError(ByteBuffer(string: context.wrongArity.message)))
            }
            guard let transaction = transactions.removeValue(forKey: id) else {
                return .reply(.simpleError(ByteBuffer(string: "ERR EXEC without MULTI")))
            }
            let watch = watches.removeValue(forKey: id)
            if transaction.failed {
                return .reply(.simpleError(ByteBuffer(string: "EXECABORT Transaction discarded because of previous errors.")))
            }
            if let watch, watch.dirty || watch.keys.contains(where: { ref, existed in
                // A watched key that expired since `WATCH` counts as changed.
                existed && storage.databases[ref.database].entries[ref.key] != nil
                    && storage.entry(ref.key, database: ref.database, now: context.now) == nil
            }) {
                return .reply(.null)
            }
            var replies: [RESPValue] = []
            for (queuedHandler, name, arguments, builtIn) in transaction.queued {
                var queuedContext = RedisMockContext(commandName: name, arguments: arguments, storage: storage, session: context.session, now: context.now)
                queuedContext.builtInHandler = builtIn
                queuedContext.inTransaction = true
                do {
                    switch try body(queuedHandler, &queuedContext) {
                    case .reply(let reply): replies.append(reply)
                    case .blocked(let block, _, _): replies.append(block.timeoutReply)
                    }
                } catch let error as RedisError {
                    // What the engine cannot run (a script without a handler) fails in its slot,
                    // as a command failing inside EXEC does.
                    replies.append(.simpleError(ByteBuffer(string: "ERR \(error)")))
                }
                context.session = queuedContext.session
            }
            return .reply(.array(replies))
        }
    }

    /// The handler's body, with error replies and blocks turned into outcomes.
    private func body(_ handler: RedisMockHandler, _ context: inout RedisMockContext) throws -> Outcome {
        do {
            return .reply(try handler.body(&context))
        } catch let error as RedisMockErrorReply {
            return .reply(.simpleError(ByteBuffer(string: error.message)))
        } catch let block as RedisMockBlock {
            if context.inTransaction { return .reply(block.timeoutReply) }
            return .blocked(block, handler, context)
        }
    }

    // MARK: Written keys: watches and blocked clients

    /// Marks the watches of written keys as changed, and runs the handlers of clients blocked on
    /// them (oldest first) until no more are served. Returns the replies to deliver.
    private func serveWrittenKeys(now: Int64) -> [(RedisMockWaiter, Result<RESPValue, Error>)] {
        var served: [(RedisMockWaiter, Result<RESPValue, Error>)] = []
        while !storage.touched.isEmpty {
            let touched = storage.touched
            storage.touched = []
            for (id, watch) in watches where !watch.dirty && watch.keys.keys.contains(where: touched.contains) {
                watches[id]?.dirty = true
            }
            var index = 0
            while index < waiters.count {
                let waiter = waiters[index]
                guard waiter.keys.contains(where: touched.contains), storage.clients[waiter.session.id] != nil else {
                    index += 1
                    continue
                }
                var context = RedisMockContext(commandName: waiter.commandName, arguments: waiter.arguments, storage: storage, session: waiter.session, now: now)
                context.builtInHandler = waiter.builtIn
                context.servesBlockedClient = true
                do {
                    let reply = try waiter.handler.body(&context)
                    waiters.remove(at: index)
                    served.append((waiter, .success(reply)))
                } catch is RedisMockBlock {
                    index += 1  // still nothing for it
                } catch let error as RedisMockErrorReply {
                    waiters.remove(at: index)
                    served.append((waiter, .success(.simpleError(ByteBuffer(string: error.message)))))
                } catch {
                    waiters.remove(at: index)
                    served.append((waiter, .failure(error)))
                }
            }
        }
        for waiter in served { storage.blockedClientIDs.remove(waiter.0.session.id) }
        // Clients killed (`CLIENT KILL`) or unblocked (`CLIENT UNBLOCK`) by this command.
        for waiter in removeWaiters({ storage.clients[$0.session.id] == nil }) {
            served.append((waiter, .failure(RedisError.connectionClosed(mayHaveRun: true))))
        }
        let unblocked = storage.unblockRequests
        storage.unblockRequests = [:]
        for waiter in removeWaiters({ unblocked[$0.session.id] != nil }) {
            let reply = unblocked[waiter.session.id] == true
                ? RESPValue.simpleError(ByteBuffer(string: "UNBLOCKED client unblocked via CLIENT UNBLOCK"))
                : waiter.timeoutReply
            served.append((waiter, .success(reply)))
        }
        return served
    }

    /// Parks the client until a write serves it or the mock clock passes its timeout.
    private func wait(_ block: RedisMockBlock, handler: RedisMockHandler, context: RedisMockContext) async throws -> RESPValue {
        let id = lock.withLock { () -> Int in
            nextWaiterID += 1
            return nextWaiterID
        }
        let deadline = block.timeout.map { context.now + $0 }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<RESPValue, Error>) in
                let refs = block.keys.map { RedisMockKeyRef(database: context.session.database, key: $0) }
                let cancelled = lock.withLock { () -> Bool in
                    // Checked under the lock: a cancellation either came before (seen here) or
                    // comes after (and finds the waiter), so a cancelled command is never parked.
                    if Task.isCancelled { return true }
                    waiters.append(RedisMockWaiter(
                        id: id, session: context.session, keys: Set(refs), deadline: deadline, timeoutReply: block.timeoutReply,
                        handler: handler, builtIn: context.builtInHandler, commandName: context.commandName,
                        arguments: block.retryArguments ?? context.arguments, continuation: continuation
                    ))
                    storage.blockedClientIDs.insert(context.session.id)
                    return false
                }
                if cancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                if let deadline {
                    // Following the system clock, the deadline comes by itself; a frozen clock
                    // reaches it only through `advance`, which checks the waiters too.
                    let delay = max(deadline - clock.now, 0)
                    Task { [weak self] in
                        try? await Task.sleep(for: .milliseconds(delay))
                        self?.expireWaiters()
                    }
                }
            }
        } onCancel: {
            let cancelled = lock.withLock { removeWaiters { $0.id == id } }
            for waiter in cancelled { waiter.continuation.resume(throwing: CancellationError()) }
        }
    }

    /// A push frame bound for one of a client's streams.
    typealias Push = (@Sendable (RESPValue) -> Void, RESPValue)

    /// Writes a session's pushes to its socket, given the session's protocol version.
    typealias PushSink = @Sendable (RESPValue, Int) -> Void

    /// Takes the pushes handlers queued (`PUBLISH`, `SUBSCRIBE`) for the clients' streams (to be
    /// yielded once the lock is released); a killed client's subscriptions end with it. Called
    /// with the lock held.
    private func takePushes() -> [Push] {
        for id in storage.subscriptions.keys where storage.clients[id] == nil { storage.subscriptions[id] = nil }
        guard !storage.outbox.isEmpty else { return [] }
        defer { storage.outbox.removeAll() }
        return storage.outbox.flatMap { item -> [Push] in
            let version = storage.clients[item.clientID]?.protocolVersion ?? 2
            // As the client's connection carries it: a push frame in RESP3, an array in RESP2.
            let shaped = version >= 3 ? item.push : item.push.downgradedToRESP2()
            var pushes: [Push] = (pushStreams[item.clientID] ?? []).map { stream in ({ stream.yield($0) }, shaped) }
            if let sink = pushSinks[item.clientID] { pushes.append(({ sink($0, version) }, shaped)) }
            return pushes
        }
    }

    /// Replies `timeoutReply` to every waiter whose deadline the clock has passed, and serves
    /// `CLIENT UNBLOCK` requests.
    func expireWaiters() {
        let now = clock.now
        let expired = lock.withLock { () -> [(RedisMockWaiter, RESPValue)] in
            var result: [(RedisMockWaiter, RESPValue)] = []
            for waiter in removeWaiters({ waiter in waiter.deadline.map { $0 <= now } ?? false }) {
                result.append((waiter, waiter.timeoutReply))
            }
            return result
        }
        for (waiter, reply) in expired { waiter.continuation.resume(returning: reply) }
    }

    /// Removes and returns the waiters matching `predicate`.
    private func removeWaiters(_ predicate: (RedisMockWaiter) -> Bool) -> [RedisMockWaiter] {
        let removed = waiters.filter(predicate)
        guard !removed.isEmpty else { return [] }
        waiters.removeAll(where: predicate)
        for waiter in removed { storage.blockedClientIDs.remove(waiter.session.id) }
        return removed
    }
}

/// A session's `MULTI` in progress.
struct RedisMockTransaction {
    var queued: [(RedisMockHandler, String, [[UInt8]], RedisMockHandler?)] = []
    /// A command failed to queue: `EXEC` answers `EXECABORT`.
    var failed = false
}

/// A session's watched keys, with whether each existed when watched.
struct RedisMockWatch {
    var keys: [RedisMockKeyRef: Bool] = [:]
    var dirty = false
}

/// A client parked by a blocking command.
struct RedisMockWaiter {
    let id: Int
    let session: RedisMockSession
    let keys: Set<RedisMockKeyRef>
    let deadline: Int64?
    let timeoutReply: RESPValue
    let handler: RedisMockHandler
    let builtIn: RedisMockHandler?
    let commandName: String
    let arguments: [[UInt8]]
    let continuation: CheckedContinuation<RESPValue, Error>
}

/// Every command clients sent to a ``RedisMockServer`` since ``RedisMockServer/record()``.
public final class RedisMockRecording: Sendable {
    /// One recorded command.
    public struct Command: Sendable, Hashable, CustomStringConvertible {
        /// The command's words as sent (`["SET", "k", "v"]`, `["CLIENT", "SETNAME", "app"]`).
        public let words: [[UInt8]]
        /// The id of the session that sent it (`CLIENT ID`).
        public let clientID: Int

        /// The words as text (invalid UTF-8 repaired).
        public var strings: [String] { words.map { String(decoding: $0, as: UTF8.self) } }
        public var description: String { strings.joined(separator: " ") }
    }

    private let recorded = NIOLockedValueBox<[Command]>([])

    init() {}

    func append(_ words: [[UInt8]], session: Int) {
        recorded.withLockedValue { $0.append(Command(words: words, clientID: session)) }
    }

    /// The commands so far, oldest first.
    public var commands: [Command] { recorded.withLockedValue { $0 } }

    /// The commands so far as text (`[["SET", "k", "v"], ["GET", "k"]]`).
    public var strings: [[String]] { commands.map(\.strings) }

    /// Forgets what was recorded so far.
    public func clear() { recorded.withLockedValue { $0.removeAll() } }
}
