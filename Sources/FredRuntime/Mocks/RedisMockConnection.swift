import NIOConcurrencyHelpers

/// A client's connection to a ``RedisMockServer``: its own session (database, name, protocol).
final class RedisMockConnection: Sendable {
    let server: RedisMockServer
    private let session: NIOLockedValueBox<RedisMockSession?>

    init(server: RedisMockServer) {
        self.server = server
        self.session = NIOLockedValueBox(server.openSession())
    }

    func send(_ command: RESPCommand) throws -> RESPValue {
        // One command at a time per session, as on a real connection.
        try session.withLockedValue { session in
            guard var current = session else { throw RedisError.connectionClosed(mayHaveRun: false) }
            defer {
                if current.closeAfterReply {
                    server.closeSession(current)
                    session = nil
                } else {
                    session = current
                }
            }
            return try server.execute(command, session: &current)
        }
    }

    func close() {
        session.withLockedValue { session in
            if let current = session { server.closeSession(current) }
            session = nil
        }
    }
}
