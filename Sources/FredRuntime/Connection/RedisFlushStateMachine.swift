import NIOCore

/// When and what a connection writes, as a plain value: commands gather in one output buffer
/// that leaves once per event-loop tick (auto-pipelining), large bodies go to the channel without a
/// copy, and nothing leaves twice.
///
/// The last point is the one wave 1 broke. A flush that drains NIO's queue below its low-water mark
/// makes NIO report the channel writable again *from inside that flush*; the handler, reacting to
/// writability, flushes again. Had the buffer still held the bytes being written, they would be sent
/// a second time and every later reply would go to the wrong caller. Here a flush hands its bytes
/// over and leaves the buffer empty before the write starts (``flushTick(isWritable:)``), so a
/// re-entrant flush finds nothing to resend.
struct RedisFlushStateMachine {
    /// Commands at least this large are not copied into the output buffer: their body goes to the
    /// channel as it is, after the bytes queued before it.
    static let directWriteThreshold = 16 * 1024
    /// The output buffer is given back to the allocator after a write once it has grown beyond this.
    static let retainedOutputCapacity = 64 * 1024

    /// Bytes waiting for the next write.
    private(set) var output: ByteBuffer
    private let allocator: ByteBufferAllocator
    /// A flush task is queued on the event loop.
    private(set) var flushScheduled = false
    /// The bytes of a direct write are in the channel, not flushed yet.
    private var unflushedDirectWrites = false

    init(allocator: ByteBufferAllocator) {
        self.allocator = allocator
        self.output = allocator.buffer(capacity: 1024)
    }

    enum EnqueueAction {
        /// Queue a flush task on the event loop (runs after every task already queued).
        case scheduleFlush
        /// Write these buffers to the channel in order, without flushing; then maybe schedule a flush.
        case writeDirect(ByteBuffer, ByteBuffer, scheduleFlush: Bool)
        /// A flush is already scheduled.
        case none
    }

    /// A command is to be sent.
    mutating func enqueue(_ command: RESPCommand) -> EnqueueAction {
        let schedule = !flushScheduled
        flushScheduled = true
        guard command.body.readableBytes >= Self.directWriteThreshold else {
            command.write(into: &output)
            return schedule ? .scheduleFlush : .none
        }
        command.writeHeader(into: &output)
        let head = output
        output = allocator.buffer(capacity: 1024)
        unflushedDirectWrites = true
        return .writeDirect(head, command.body, scheduleFlush: schedule)
    }

    enum FlushAction {
        /// Write these bytes and flush. Call ``written()`` once the write call returns.
        case writeAndFlush(ByteBuffer)
        /// Flush what is already in the channel.
        case flush
        case none
    }

    /// The flush task runs (or the channel became writable again).
    mutating func flushTick(isWritable: Bool) -> FlushAction {
        flushScheduled = false
        return drain(isWritable: isWritable)
    }

    /// The channel's writability changed.
    mutating func writabilityChanged(isWritable: Bool) -> FlushAction {
        // A scheduled flush will send the bytes; sending them now too is harmless (the buffer is
        // handed over once), but waiting keeps commands of one tick together.
        guard isWritable, !flushScheduled else { return .none }
        return drain(isWritable: true)
    }

    private mutating func drain(isWritable: Bool) -> FlushAction {
        // While the socket is backed up past NIO's high-water mark, commands gather here (one buffer,
        // bounded by the in-flight limit) instead of in NIO's queue of pending writes; a writability
        // change sends them once the socket drains. Direct writes already handed over still go.
        guard isWritable, output.readableBytes > 0 else {
            guard unflushedDirectWrites else { return .none }
            unflushedDirectWrites = false
            return .flush
        }
        unflushedDirectWrites = false
        let bytes = output
        // Empty before the write begins, so a flush from inside the write has nothing to resend;
        // the storage stays shared with `bytes` until the write is done (see `written()`).
        output.moveReaderIndex(to: output.writerIndex)
        return .writeAndFlush(bytes)
    }

    /// The write of a ``FlushAction/writeAndFlush(_:)`` returned: reuse the output storage (the
    /// socket usually took the bytes at once, so NIO no longer holds them), or let it go if it grew large.
    mutating func written() {
        guard output.readableBytes == 0 else { return }  // commands queued meanwhile: keep them
        if output.capacity > Self.retainedOutputCapacity {
            output = allocator.buffer(capacity: 1024)
        } else {
            output.clear()  // fresh storage only if NIO still holds the bytes
        }
    }
}
