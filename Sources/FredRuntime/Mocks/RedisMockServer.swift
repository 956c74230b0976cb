import NIOConcurrencyHelpers
import NIOCore

/// An in-memory Redis server. Clients configured with ``RedisConfig/mock(_:)`` run their commands
/// here instead of on a network connection; several clients may share one server (and so its data).
public final class RedisMockServer: @unchecked Sendable {
    // `storage` is only touched with `lock` held.
    private let lock = NIOLock()
    private let storage: RedisMockStorage
    /// The clock that decides expiry; freeze and advance it in tests.
    public let clock = RedisMockClock()

    /// A server whose `default` user needs `password` (like `requirepass`), or none.
    public init(password: String? = nil) {
        storage = RedisMockStorage(password: password)
    }

    /// Registers a new connection and returns its session.
    func openSession() -> RedisMockSession {
        lock.withLock {
            var session = RedisMockSession(id: storage.nextClientID)
            session.authenticated = storage.password == nil
            storage.nextClientID += 1
            storage.clients[session.id] = session
            return session
        }
    }

    func closeSession(_ session: RedisMockSession) {
        lock.withLock { storage.clients[session.id] = nil }
    }

    /// Runs `command` as `session`, returning the reply in the session's protocol.
    func execute(_ command: RESPCommand, session: inout RedisMockSession) throws -> RESPValue {
        let allArguments = command.arguments
        let name = command.info.words.isEmpty
            ? String(decoding: allArguments.first ?? [], as: UTF8.self).uppercased()
            : command.info.name
        guard let handler = command.info.mock else {
            throw RedisError.unsupportedByMock(command: name)
        }
        let arguments = Array(allArguments.dropFirst(command.info.words.count))
        let now = clock.now
        var reply: RESPValue = try lock.withLock {
            guard storage.clients[session.id] != nil else {
                // Killed by another session (`CLIENT KILL`).
                throw RedisError.connectionClosed(mayHaveRun: false)
            }
            if !session.authenticated && !command.info.flags.contains(.noAuth) {
                return .simpleError(ByteBuffer(string: "NOAUTH Authentication required."))
            }
            var context = RedisMockContext(commandName: name, arguments: arguments, storage: storage, session: session, now: now)
            let reply: RESPValue
            do {
                reply = try handler.body(&context)
            } catch let error as RedisMockErrorReply {
                reply = .simpleError(ByteBuffer(string: error.message))
            }
            session = context.session
            if storage.clients[session.id] == nil {
                session.closeAfterReply = true  // it killed itself (`CLIENT KILL … SKIPME no`)
            } else {
                storage.clients[session.id] = session
            }
            return reply
        }
        if session.protocolVersion < 3 {
            reply = reply.downgradedToRESP2()
        }
        if reply.isError, let text = reply.stringPayload {
            throw RedisError.server(RedisServerError(message: String(buffer: text)))
        }
        return reply
    }

    /// Reads or changes the stored data directly, for example to seed a test.
    public func withStorage<Result>(_ body: (RedisMockStorage) throws -> Result) rethrows -> Result {
        try lock.withLock { try body(storage) }
    }
}
