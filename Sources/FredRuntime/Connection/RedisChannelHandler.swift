import Logging
import NIOCore

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
    private var output: ByteBuffer
    private var flushScheduled = false
    /// The one timer of the connection: it fires at the earliest deadline of a waiting command.
    private var timeoutTimer: (deadline: NIODeadline, task: Scheduled<Void>)?
    /// Commands at least this large are not copied into ``output``: their body goes to the
    /// channel as it is, after the bytes queued before it.
    static let directWriteThreshold = 16 * 1024
    /// ``output`` is given back to the allocator after a flush once it has grown beyond this.
    static let retainedOutputCapacity = 64 * 1024
    private let logger: Logger

    /// With commands waiting, a connection that receives no byte for this long is closed.
    private let deadPeerTimeout: TimeAmount?
    /// When the connection last received bytes, or began waiting for some.
    private var lastHeard = NIODeadline.now()
    private var deadPeerTimer: Scheduled<Void>?

    /// On a connection idle for `interval`, `command` (a PING) is sent; no reply within
    /// `interval` closes the connection.
    private let heartbeat: (command: RESPCommand, interval: TimeAmount)?
    /// When the connection last sent or received anything (kept only with a heartbeat).
    private var lastActivity = NIODeadline.now()
    private var heartbeatTask: Scheduled<Void>?

    /// Past this many commands waiting for replies, new ones fail at once.
    private let maxInFlight: Int

    init(
        limits: RESPDecodingLimits, maxInFlight: Int, deadPeerTimeout: Duration?,
        heartbeat: (command: RESPCommand, interval: Duration)?, logger: Logger
    ) {
        self.maxInFlight = maxInFlight
        self.decoder = NIOSingleStepByteToMessageProcessor(RESPDecoder(limits: limits), maximumBufferSize: limits.maxUnconsumedBytes)
        self.output = ByteBuffer()
        self.deadPeerTimeout = deadPeerTimeout.map { TimeAmount($0) }
        self.heartbeat = heartbeat.map { ($0.command, TimeAmount($0.interval)) }
        self.logger = logger
    }

    /// The error that closed the connection, once it is closed.
    var closeReason: RedisError? { stateMachine.closedBy }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        self.output = context.channel.allocator.buffer(capacity: 1024)
        scheduleBeat()
    }

    private func scheduleBeat() {
        guard let heartbeat, let context, stateMachine.closedBy == nil else { return }
        heartbeatTask = context.eventLoop.assumeIsolated().scheduleTask(in: heartbeat.interval) {
            self.beat()
            self.scheduleBeat()
        }
    }

    /// Sends the heartbeat if nothing went either way for a whole interval.
    private func beat() {
        guard let heartbeat, stateMachine.waiting == 0, NIODeadline.now() - lastActivity >= heartbeat.interval else { return }
        switch stateMachine.send(.heartbeat, deadline: .now() + heartbeat.interval) {
        case .write:
            lastActivity = .now()
            enqueue(heartbeat.command)
            scheduleFlush()
            armTimer(for: .now() + heartbeat.interval)
        case .fail:
            break
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        fail(.connectionClosed(mayHaveRun: true))
    }

    /// Queues `command`; the reply (or error) resumes `continuation`, or a timeout at `deadline`.
    /// Must run on the event loop.
    func send(_ command: RESPCommand, deadline: NIODeadline?, continuation: UnsafeContinuation<RESPValue, any Error>) {
        guard stateMachine.waiting < maxInFlight else {
            continuation.resume(throwing: RedisError.commandBufferFull(limit: maxInFlight))
            return
        }
        watchForDeadPeer()
        if heartbeat != nil { lastActivity = .now() }
        switch stateMachine.send(.single(continuation), deadline: deadline) {
        case .write:
            enqueue(command)
            scheduleFlush()
            if let deadline { armTimer(for: deadline) }
        case .fail(let pending, let error):
            pending.complete(.failure(error))
        }
    }

    /// Queues `commands` back to back (one write, one flush); `continuation` gets every reply in
    /// order once the last one is in. Must run on the event loop.
    func send(
        _ commands: [RESPCommand], deadline: NIODeadline?,
        continuation: UnsafeContinuation<[Result<RESPValue, RedisError>], Never>
    ) {
        guard stateMachine.waiting + commands.count <= maxInFlight else {
            continuation.resume(returning: Array(repeating: .failure(.commandBufferFull(limit: maxInFlight)), count: commands.count))
            return
        }
        watchForDeadPeer()
        if heartbeat != nil { lastActivity = .now() }
        let batch = RedisReplyBatch(count: commands.count, continuation: continuation)
        for (index, command) in commands.enumerated() {
            switch stateMachine.send(.batch(batch, index: index), deadline: deadline) {
            case .write:
                enqueue(command)
            case .fail(let pending, let error):
                pending.complete(.failure(error))
            }
        }
        scheduleFlush()
        if let deadline { armTimer(for: deadline) }
    }

    /// A command is about to wait for a reply: starts the dead-peer clock if nothing waited yet.
    private func watchForDeadPeer() {
        guard let deadPeerTimeout, deadPeerTimer == nil, let context else { return }
        if stateMachine.waiting == 0 { lastHeard = .now() }
        deadPeerTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: lastHeard + deadPeerTimeout) {
            self.checkDeadPeer()
        }
    }

    private func checkDeadPeer() {
        deadPeerTimer = nil
        guard let deadPeerTimeout, let context, stateMachine.waiting > 0 else { return }
        let silentUntil = lastHeard + deadPeerTimeout
        guard NIODeadline.now() >= silentUntil else {
            deadPeerTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: silentUntil) { self.checkDeadPeer() }
            return
        }
        logger.warning("closing connection: the server sent nothing while commands waited", metadata: [
            "waiting": "\(stateMachine.waiting)", "dead peer timeout": "\(deadPeerTimeout)",
        ])
        fail(.connectionClosed(mayHaveRun: true))
        context.close(promise: nil)
    }

    /// Makes sure the timer fires no later than `deadline`.
    private func armTimer(for deadline: NIODeadline) {
        guard let context else { return }
        if let timer = timeoutTimer {
            guard deadline < timer.deadline else { return }
            timer.task.cancel()
        }
        let task = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.timerFired()
        }
        timeoutTimer = (deadline, task)
    }

    /// Fails the commands whose deadline passed; their replies, when they come, are dropped.
    private func timerFired() {
        timeoutTimer = nil
        let (expired, next) = stateMachine.expire(now: .now())
        for pending in expired {
            pending.complete(.failure(.timeout("no reply within the command timeout; the command may still run")))
        }
        if expired.contains(where: \.isHeartbeat), let context {
            logger.warning("closing connection: the server did not answer the heartbeat")
            fail(.connectionClosed(mayHaveRun: true))
            context.close(promise: nil)
            return
        }
        if let next { armTimer(for: next) }
    }

    /// Adds `command` to what the next flush sends: copied into ``output`` when small, handed to
    /// the channel without a copy when large.
    private func enqueue(_ command: RESPCommand) {
        guard command.body.readableBytes >= Self.directWriteThreshold, let context else {
            command.write(into: &output)
            return
        }
        command.writeHeader(into: &output)
        context.write(wrapOutboundOut(output), promise: nil)
        output = context.channel.allocator.buffer(capacity: 1024)
        context.write(wrapOutboundOut(command.body), promise: nil)
    }

    private func scheduleFlush() {
        guard !flushScheduled, let context else { return }
        flushScheduled = true
        // Runs after every task already queued on this loop, so commands written in the same tick
        // leave in one write; a lone command still leaves at once, with no timer.
        context.eventLoop.assumeIsolated().execute {
            self.flushNow()
        }
    }

    private func flushNow() {
        flushScheduled = false
        guard let context else { return }
        // While the socket is backed up past NIO's high-water mark, commands gather in `output`
        // (one buffer, bounded by the in-flight limit) instead of NIO's queue of pending writes;
        // `channelWritabilityChanged` sends them once the socket drains.
        guard context.channel.isWritable else {
            context.flush()  // large commands already handed to the channel still go
            return
        }
        guard output.readableBytes > 0 else {
            context.flush()  // only large commands, written directly, are waiting
            return
        }
        // Flushing before reusing `output`: the socket usually takes the bytes at once, and then
        // `output` owns its storage again.
        context.writeAndFlush(wrapOutboundOut(output), promise: nil)
        if output.capacity > Self.retainedOutputCapacity {
            output = context.channel.allocator.buffer(capacity: 1024)
        } else {
            output.clear()  // fresh storage only if NIO still holds the bytes
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        if deadPeerTimeout != nil { lastHeard = .now() }
        if heartbeat != nil { lastActivity = .now() }
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
            logger.debug("dropping a push message: pub/sub is not built yet", metadata: ["kind": "\(value.kindDescription)"])
        case .closeConnection(let error):
            logger.error("closing connection", metadata: ["error": "\(error)"])
            fail(error)
            context.close(promise: nil)
        case .ignore:
            break
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, !flushScheduled { flushNow() }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.connectionClosed(mayHaveRun: true))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("connection error", metadata: ["error": "\(error)"])
        fail(.connectionClosed(mayHaveRun: true))
        context.close(promise: nil)
    }

    private func fail(_ error: RedisError) {
        timeoutTimer?.task.cancel()
        timeoutTimer = nil
        deadPeerTimer?.cancel()
        deadPeerTimer = nil
        heartbeatTask?.cancel()
        heartbeatTask = nil
        switch stateMachine.close(error) {
        case .failAll(let pending, let error):
            for waiting in pending { waiting.complete(.failure(error)) }
        case .none:
            break
        }
    }
}
