import Logging
import NIOCore
import NIOTLS

/// The channel handler of one connection: encodes commands into one output buffer flushed once per
/// event-loop tick (auto-pipelining), decodes replies in place and hands each to the oldest waiting
/// command. All of its state lives on the channel's event loop.
final class RedisChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    typealias Pending = RedisPendingReply

    private var stateMachine = RedisConnectionStateMachine<Pending>()
    private var decoder: NIOSingleStepByteToMessageProcessor<RESPDecoder>
    private var context: ChannelHandlerContext?
    /// What leaves the connection and when: one write per tick, nothing twice.
    private var flush: RedisFlushStateMachine
    /// Reply deadlines, the dead-peer watch and the heartbeat: when the one timer fires and why.
    private var timers: RedisConnectionTimers
    private var timer: Scheduled<Void>?
    private let logger: Logger

    /// Sent (a PING) on a connection idle for the heartbeat interval.
    private let heartbeatCommand: RESPCommand?

    /// Past this many commands waiting for replies, new ones fail at once.
    private let maxInFlight: Int
    /// Where pushes go (pub/sub messages and confirmations); dropped while nil.
    private var pushHandler: ((RESPValue) -> Void)?
    /// Cancellations that arrived before their command (the task was cancelled as it sent it);
    /// bounded, as a cancellation racing a reply may never meet its command.
    private var cancelledBeforeSent: Set<UInt64> = []

    /// Turns an error of a layer below (TLS) into the error commands fail with; nil keeps the
    /// default (``RedisError/connectionClosed(mayHaveRun:)``).
    typealias ErrorExplainer = (any Error, ChannelPipeline.SynchronousOperations) -> RedisError?
    private let explainError: ErrorExplainer?

    init(
        limits: RESPDecodingLimits, maxInFlight: Int, deadPeerTimeout: Duration?,
        heartbeat: (command: RESPCommand, interval: Duration)?, logger: Logger,
        explainError: ErrorExplainer? = nil
    ) {
        self.explainError = explainError
        self.maxInFlight = maxInFlight
        self.decoder = NIOSingleStepByteToMessageProcessor(RESPDecoder(limits: limits), maximumBufferSize: limits.maxUnconsumedBytes)
        self.flush = RedisFlushStateMachine(allocator: ByteBufferAllocator())
        self.timers = RedisConnectionTimers(
            deadPeerTimeout: deadPeerTimeout.map { TimeAmount($0) }, heartbeatInterval: heartbeat.map { TimeAmount($0.interval) },
            now: .now())
        self.heartbeatCommand = heartbeat?.command
        self.logger = logger
    }

    /// The error that closed the connection, once it is closed.
    var closeReason: RedisError? { stateMachine.closedBy }

    /// How many replies the connection still expects.
    var waiting: Int { stateMachine.waiting }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        self.flush = RedisFlushStateMachine(allocator: context.channel.allocator)
        carryOut(timers.started(now: context.eventLoop.now), context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        fail(.connectionClosed(mayHaveRun: true))
    }

    /// Queues `command`; the reply (or error) resumes `continuation`, or a timeout at `deadline`, or
    /// ``cancel(_:)`` with `id`. Must run on the event loop.
    func send(_ command: RESPCommand, id: UInt64 = 0, deadline: NIODeadline?, continuation: UnsafeContinuation<RESPValue, any Error>) {
        if id != 0, !cancelledBeforeSent.isEmpty, cancelledBeforeSent.remove(id) != nil {
            continuation.resume(throwing: CancellationError())
            return
        }
        guard stateMachine.waiting < maxInFlight else {
            continuation.resume(throwing: RedisError.commandBufferFull(limit: maxInFlight))
            return
        }
        let waitingBefore = stateMachine.waiting
        switch stateMachine.send(.single(continuation), deadline: deadline, id: id) {
        case .write:
            enqueue(command)
            if let context {
                carryOut(timers.sent(deadline: deadline, waitingBefore: waitingBefore, now: context.eventLoop.now), context: context)
            }
        case .fail(let pending, let error):
            pending.complete(.failure(error))
        }
    }

    /// Queues `commands` back to back (one write, one flush); `continuation` gets every reply in
    /// order once the last one is in. Must run on the event loop.
    func send(
        _ commands: [RESPCommand], id: UInt64 = 0, deadline: NIODeadline?,
        continuation: UnsafeContinuation<[Result<RESPValue, RedisError>], Never>
    ) {
        if id != 0, !cancelledBeforeSent.isEmpty, cancelledBeforeSent.remove(id) != nil {
            continuation.resume(returning: Array(repeating: .failure(.connectionClosed(mayHaveRun: false)), count: commands.count))
            return
        }
        guard stateMachine.waiting + commands.count <= maxInFlight else {
            continuation.resume(returning: Array(repeating: .failure(.commandBufferFull(limit: maxInFlight)), count: commands.count))
            return
        }
        let waitingBefore = stateMachine.waiting
        let batch = RedisReplyBatch(count: commands.count, continuation: continuation)
        for (index, command) in commands.enumerated() {
            switch stateMachine.send(.batch(batch, index: index), deadline: deadline, id: id) {
            case .write:
                enqueue(command)
            case .fail(let pending, let error):
                pending.complete(.failure(error))
            }
        }
        if let context {
            carryOut(timers.sent(deadline: deadline, waitingBefore: waitingBefore, now: context.eventLoop.now), context: context)
        }
    }

    /// Queues `command`, which the server answers only with pushes (`SUBSCRIBE`), and `fence` (a
    /// `PING`) behind it in the same write; `continuation` resumes at the fence's reply, throwing
    /// the error reply the command got, if any. Must run on the event loop.
    func send(
        _ command: RESPCommand, fence: RESPCommand, id: UInt64, deadline: NIODeadline?,
        continuation: UnsafeContinuation<Void, any Error>
    ) {
        if id != 0, !cancelledBeforeSent.isEmpty, cancelledBeforeSent.remove(id) != nil {
            continuation.resume(throwing: CancellationError())
            return
        }
        let waitingBefore = stateMachine.waiting
        switch stateMachine.send(.fence(RedisReplyFence(continuation: continuation)), deadline: deadline, id: id, fence: true) {
        case .write:
            enqueue(command)
            enqueue(fence)
            if let context {
                carryOut(timers.sent(deadline: deadline, waitingBefore: waitingBefore, now: context.eventLoop.now), context: context)
            }
        case .fail(let pending, let error):
            pending.complete(.failure(error))
        }
    }

    /// Hands every push from now on to `handler`, on the event loop; with `pubSubArrays` (a RESP2
    /// connection that subscribes), pub/sub arrays count as pushes. Must run on the event loop.
    func receivePushes(pubSubArrays: Bool, _ handler: @escaping (RESPValue) -> Void) {
        stateMachine.pubSubArraysArePushes = pubSubArrays
        pushHandler = handler
    }

    /// The task that sent the commands named `id` was cancelled: they stop waiting, keeping their
    /// places (their replies, when they come, are dropped). Must run on the event loop.
    func cancel(_ id: UInt64) {
        let cancelled = stateMachine.cancel(id)
        guard cancelled.isEmpty else {
            for pending in cancelled { pending.cancel() }
            return
        }
        // Not sent yet (or already answered): remembered for the send that may still come.
        if cancelledBeforeSent.count >= 1024 { cancelledBeforeSent.removeAll() }
        cancelledBeforeSent.insert(id)
    }

    private func carryOut(_ action: RedisConnectionTimers.TimerAction, context: ChannelHandlerContext) {
        guard case .arm(let deadline) = action else { return }
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.timerFired()
        }
    }

    private func timerFired() {
        timer = nil
        guard let context else { return }
        let now = context.eventLoop.now
        switch timers.fired(now: now, waiting: stateMachine.waiting) {
        case .closeDeadPeer:
            logger.warning("closing connection: the server sent nothing while commands waited", metadata: [
                "waiting": "\(stateMachine.waiting)", "dead peer timeout": "\(timers.deadPeerTimeout.map { "\($0)" } ?? "none")",
            ])
            fail(.connectionClosed(mayHaveRun: true))
            context.close(promise: nil)
        case .expireCommands:
            // The commands whose deadline passed fail; their replies, when they come, are dropped.
            let (expired, next) = stateMachine.expire(now: now)
            for pending in expired {
                pending.complete(.failure(.timeout("no reply within the command timeout; the command may still run")))
            }
            if expired.contains(where: \.isHeartbeat) {
                logger.warning("closing connection: the server did not answer the heartbeat")
                fail(.connectionClosed(mayHaveRun: true))
                context.close(promise: nil)
                return
            }
            carryOut(timers.commandsExpired(next: next, waiting: stateMachine.waiting), context: context)
        case .sendHeartbeat(let deadline):
            guard let heartbeatCommand, case .write = stateMachine.send(.heartbeat, deadline: deadline) else { return }
            enqueue(heartbeatCommand)
            carryOut(timers.sent(deadline: deadline, waitingBefore: 0, now: now), context: context)
        case .timer(let action):
            carryOut(action, context: context)
        }
    }

    /// Adds `command` to what the next flush sends: copied into the output buffer when small, handed
    /// to the channel without a copy when large.
    private func enqueue(_ command: RESPCommand) {
        guard let context else { return }
        switch flush.enqueue(command) {
        case .scheduleFlush:
            scheduleFlush(context)
        case .writeDirect(let head, let body, let schedule):
            context.write(wrapOutboundOut(head), promise: nil)
            context.write(wrapOutboundOut(body), promise: nil)
            if schedule { scheduleFlush(context) }
        case .none:
            break
        }
    }

    private func scheduleFlush(_ context: ChannelHandlerContext) {
        // Runs after every task already queued on this loop, so commands written in the same tick
        // leave in one write; a lone command still leaves at once, with no timer.
        context.eventLoop.assumeIsolated().execute {
            self.flushNow()
        }
    }

    private func flushNow() {
        guard let context else { return }
        carryOut(flush.flushTick(isWritable: context.channel.isWritable), context: context)
    }

    private func carryOut(_ action: consuming RedisFlushStateMachine.FlushAction, context: ChannelHandlerContext) {
        switch consume action {
        case .writeAndFlush(let bytes):
            // NIO may call `channelWritabilityChanged` from inside this write; the state machine has
            // already handed these bytes over, so that flush cannot send them again.
            context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
        case .flush:
            context.flush()
            return
        case .none:
            return
        }
        flush.written()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        if timers.watchesTraffic { timers.received(now: context.eventLoop.now) }
        do {
            try decoder.process(buffer: bytes) { reply in
                self.handle(reply, context: context)
            }
        } catch {
            let message = (error as? RESPProtocolError)?.message ?? "\(error)"
            logger.error("closing connection: the server sent invalid RESP", metadata: ["error": "\(message)"])
            fail(.protocolViolation(message))
            context.close(promise: nil)
        }
    }

    private func handle(_ reply: RESPValue, context: ChannelHandlerContext) {
        switch stateMachine.receive(reply) {
        case .succeed(let pending, let value):
            pending.complete(.success(value))
        case .fail(let pending, let error):
            pending.complete(.failure(error))
        case .push(let value):
            if let pushHandler {
                pushHandler(value)
            } else {
                logger.trace("dropping a push nobody listens to", metadata: ["kind": "\(value.kindDescription)"])
            }
        case .fenced(let pending, let error):
            pending.absorb(error)
        case .closeConnection(let error):
            logger.error("closing connection", metadata: ["error": "\(error)"])
            fail(error)
            context.close(promise: nil)
        case .ignore:
            break
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        carryOut(flush.writabilityChanged(isWritable: context.channel.isWritable), context: context)
        context.fireChannelWritabilityChanged()
    }

    /// Whether a TLS layer below has finished its handshake (false without TLS too).
    private(set) var tlsHandshakeCompleted = false

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event { tlsHandshakeCompleted = true }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.connectionClosed(mayHaveRun: true))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("connection error", metadata: ["error": "\(error)"])
        fail(explainError?(error, context.pipeline.syncOperations) ?? .connectionClosed(mayHaveRun: true))
        context.close(promise: nil)
    }

    private func fail(_ error: RedisError) {
        timers.close()
        timer?.cancel()
        timer = nil
        switch stateMachine.close(error) {
        case .failAll(let pending, let error):
            for waiting in pending { waiting.complete(.failure(error)) }
        case .none:
            break
        }
    }
}
