import Logging
import NIOCore

/// One connection a client sends its commands through: to a Redis server over the network, or to
/// anything else that answers as one (the in-memory mock engine). The client has one code path for
/// all of them; only opening a connection depends on where the server is.
///
/// A transport answers each command with its own reply, in the order the commands were sent. A
/// wait ends at the command's deadline (``RedisError/timeout(_:)``) or when the waiting task is
/// cancelled (`CancellationError`); either way the command keeps its place, so its late reply
/// reaches nobody.
public protocol RedisTransport: AnyObject, Sendable {
    /// Sends `command` and returns its reply; an error reply throws ``RedisError/server(_:)``.
    func send(_ command: RESPCommand, deadline: NIODeadline?) async throws -> RESPValue

    /// Sends `commands` back to back, with no other command between them, and returns each one's
    /// reply or failure in order.
    func send(_ commands: [RESPCommand], deadline: NIODeadline?) async -> [Result<RESPValue, RedisError>]

    /// Sends `command`, which the server answers only with pushes (`SUBSCRIBE`, `UNSUBSCRIBE`, …),
    /// and `fence` (a `PING`) right behind it; returns once the fence is answered, so the server
    /// has dealt with the command. The command's error reply, if it got one, is thrown.
    ///
    /// Transports without pub/sub throw ``RedisError/unsupported(_:)`` (the default).
    func send(_ command: RESPCommand, fence: RESPCommand, deadline: NIODeadline?) async throws

    /// Hands every push the connection receives from now on to `handler`: RESP3 push frames and,
    /// when `pubSubArrays` is true (a RESP2 connection that subscribes), pub/sub arrays. The
    /// handler must return quickly; it may run on the connection's event loop.
    ///
    /// Does nothing by default (pushes are dropped).
    func receivePushes(pubSubArrays: Bool, _ handler: @escaping @Sendable (RESPValue) -> Void) async

    /// Whether the connection is still open (a server may close an idle one).
    var isOpen: Bool { get }

    /// Calls `handler` once, when the connection ends for any reason other than ``close()``
    /// (at once when it already has), with why.
    func whenClosed(_ handler: @escaping @Sendable (RedisError) -> Void)

    /// Closes the connection; commands still waiting fail.
    func close() async

    /// The event loop the connection's input and output run on, for ``RedisClient/taskExecutor``;
    /// nil when it has none.
    var eventLoop: (any EventLoop)? { get }

    /// Called once the client has set the connection up (its handshake has run); commands from
    /// now on are the application's. A backend that logs what it is sent (the mock's recordings)
    /// starts here. Does nothing by default.
    func handshakeCompleted()
}

extension RedisTransport {
    public func handshakeCompleted() {}

    public func send(_ command: RESPCommand, fence: RESPCommand, deadline: NIODeadline?) async throws {
        throw RedisError.unsupported("this transport has no pub/sub")
    }

    public func receivePushes(pubSubArrays: Bool, _ handler: @escaping @Sendable (RESPValue) -> Void) async {}

    /// Sends `command` with a timeout from now (nil: none).
    func send(_ command: RESPCommand, timeout: Duration?) async throws -> RESPValue {
        try await send(command, deadline: timeout.map { NIODeadline.now() + TimeAmount($0) })
    }
}

/// Opens the connections of a client whose server is not reached over TCP (``RedisConfig/Server/custom(_:)``):
/// the in-memory mock engine, or a backend of your own.
public protocol RedisTransportFactory: Sendable, CustomStringConvertible {
    /// A new connection, not set up yet: the client runs its handshake on it.
    func openTransport(logger: Logger) async throws -> any RedisTransport
}
