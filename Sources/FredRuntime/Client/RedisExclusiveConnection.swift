import NIOConcurrencyHelpers
import NIOCore

/// A connection of a client's own, lent to one ``RedisClient/withConnection(_:isolation:)`` closure:
/// the place for what must not happen on the connection every task shares: `SELECT`,
/// `CLIENT SETNAME`, `WATCH`, `MULTI` … `EXEC` sent one by one, blocking loops.
///
/// It has every generated command method, typed pipelines and transactions. It is never
/// reconnected behind your back (a reconnect would silently undo the session you set up): once it
/// is lost, commands fail with ``RedisError/connectionClosed(mayHaveRun:)``. Using it after the
/// closure returned throws ``RedisError/badArgument(_:)``. Commands answered with pushes or not at
/// all (`SUBSCRIBE`, `MONITOR`, `CLIENT REPLY`) are refused: Fred's connections pair every command
/// with one reply.
///
/// When the closure ends, the connection is cleaned before another task gets it: a transaction
/// left open is discarded (`DISCARD`), watched keys are forgotten (`UNWATCH`). A connection whose
/// session changed (`SELECT`, `CLIENT SETNAME`, …) or whose state is unknown (a timeout, a
/// cancellation, a lost reply) is closed instead; `RESET` is never used, as it would also drop the
/// authentication, protocol, name and database the client set up.
public final class RedisExclusiveConnection: RedisCommandExecutor, Sendable {
    public let commandTable: RedisCommandTable
    private let transport: RedisClient.Transport
    private let commandTimeout: Duration?
    private let state = NIOLockedValueBox(RedisExclusiveConnectionState())

    init(transport: RedisClient.Transport, commandTable: RedisCommandTable, commandTimeout: Duration?) {
        self.transport = transport
        self.commandTable = commandTable
        self.commandTimeout = commandTimeout
    }

    public func execute(_ command: RESPCommand) async throws -> RESPValue {
        try state.withLockedValue { try $0.willSend([command]) }
        let timeout = command.blocks
            ? RedisClient.timeout(ofBlocking: command, commandTimeout: commandTimeout)
            : RedisClient.timeoutOverride ?? commandTimeout
        do {
            let reply = try await RedisClient.cancellable(transport) { try await transport.send(command, timeout: timeout) }
            state.withLockedValue { $0.answered(command, .success(reply)) }
            return reply
        } catch let error as RedisError {
            state.withLockedValue { $0.answered(command, .failure(error)) }
            throw error
        } catch {
            state.withLockedValue { $0.lost() }
            throw error
        }
    }

    /// Sends `commands` back to back in one write and returns each one's reply or failure.
    public func execute(_ commands: [RESPCommand]) async throws -> [Result<RESPValue, RedisError>] {
        guard !commands.isEmpty else { return [] }
        try state.withLockedValue { try $0.willSend(commands) }
        let timeout = RedisClient.timeoutOverride ?? (commands.contains(where: \.blocks) ? nil : commandTimeout)
        let deadline = timeout.map { NIODeadline.now() + TimeAmount($0) }
        let results = await withTaskCancellationHandler {
            await transport.base.send(commands, deadline: deadline)
        } onCancel: { [transport] in
            Task { await transport.close() }
        }
        state.withLockedValue { state in
            for (command, result) in zip(commands, results) { state.answered(command, result) }
        }
        if Task.isCancelled {
            state.withLockedValue { $0.lost() }
            throw CancellationError()
        }
        return results
    }

    /// Ends the lease: what the connection needs before another task may use it.
    func end() -> RedisExclusiveConnectionState.Cleanup {
        state.withLockedValue { $0.end() }
    }
}
