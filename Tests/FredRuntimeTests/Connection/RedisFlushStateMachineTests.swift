import NIOCore
import Testing
@testable import FredRuntime

@Suite struct RedisFlushStateMachineTests {
    static func command(_ words: String...) -> RESPCommand {
        var command = RESPCommand(.custom)
        for word in words { command.append(word) }
        return command
    }

    static func encoded(_ commands: RESPCommand...) -> ByteBuffer {
        var buffer = ByteBuffer()
        for command in commands { command.write(into: &buffer) }
        return buffer
    }

    @Test func commandsOfOneTickLeaveInOneWrite() {
        var machine = RedisFlushStateMachine(allocator: ByteBufferAllocator())
        guard case .scheduleFlush = machine.enqueue(Self.command("GET", "a")) else { Issue.record("first command schedules a flush"); return }
        guard case .none = machine.enqueue(Self.command("GET", "b")) else { Issue.record("second command schedules again"); return }
        guard case .writeAndFlush(let bytes) = machine.flushTick(isWritable: true) else { Issue.record("no write"); return }
        #expect(bytes == Self.encoded(Self.command("GET", "a"), Self.command("GET", "b")))
        machine.written()
        guard case .none = machine.flushTick(isWritable: true) else { Issue.record("an empty tick wrote"); return }
    }

    /// NIO reports the channel writable again from inside the flush that drained it; the flush
    /// that reaction starts must not send the same bytes again (wave 1 did: writes ran twice).
    @Test func aFlushFromInsideAWriteDoesNotResendItsBytes() {
        var machine = RedisFlushStateMachine(allocator: ByteBufferAllocator())
        _ = machine.enqueue(Self.command("LPUSH", "k", "v1"))
        guard case .writeAndFlush = machine.flushTick(isWritable: true) else { Issue.record("no write"); return }
        // Inside that write: the channel became writable again.
        guard case .none = machine.writabilityChanged(isWritable: true) else { Issue.record("the bytes were sent twice"); return }
        machine.written()
        guard case .none = machine.flushTick(isWritable: true) else { Issue.record("the bytes were sent twice"); return }
    }

    @Test func aCommandQueuedDuringAWriteLeavesWithTheNextOne() {
        var machine = RedisFlushStateMachine(allocator: ByteBufferAllocator())
        _ = machine.enqueue(Self.command("SET", "a", "1"))
        guard case .writeAndFlush(let first) = machine.flushTick(isWritable: true) else { Issue.record("no write"); return }
        guard case .scheduleFlush = machine.enqueue(Self.command("SET", "b", "2")) else { Issue.record("no flush scheduled"); return }
        machine.written()
        guard case .writeAndFlush(let second) = machine.flushTick(isWritable: true) else { Issue.record("the second command was lost"); return }
        #expect(first == Self.encoded(Self.command("SET", "a", "1")))
        #expect(second == Self.encoded(Self.command("SET", "b", "2")))
    }

    @Test func aBackedUpChannelGathersCommandsUntilItDrains() {
        var machine = RedisFlushStateMachine(allocator: ByteBufferAllocator())
        _ = machine.enqueue(Self.command("INCR", "n"))
        guard case .none = machine.flushTick(isWritable: false) else { Issue.record("wrote while not writable"); return }
        _ = machine.enqueue(Self.command("INCR", "m"))
        guard case .none = machine.flushTick(isWritable: false) else { Issue.record("wrote while not writable"); return }
        guard case .none = machine.writabilityChanged(isWritable: false) else { Issue.record("wrote while not writable"); return }
        guard case .writeAndFlush(let bytes) = machine.writabilityChanged(isWritable: true) else { Issue.record("nothing sent once writable"); return }
        #expect(bytes == Self.encoded(Self.command("INCR", "n"), Self.command("INCR", "m")))
        machine.written()
        guard case .none = machine.writabilityChanged(isWritable: true) else { Issue.record("sent twice"); return }
    }

    @Test func aLargeBodyGoesToTheChannelWithoutACopyInOrder() {
        var machine = RedisFlushStateMachine(allocator: ByteBufferAllocator())
        let large = Self.command("SET", "big", String(repeating: "x", count: RedisFlushStateMachine.directWriteThreshold))
        _ = machine.enqueue(Self.command("GET", "before"))
        guard case .writeDirect(let head, let body, scheduleFlush: false) = machine.enqueue(large) else { Issue.record("not a direct write"); return }
        var sent = head
        sent.writeImmutableBuffer(body)
        #expect(sent == Self.encoded(Self.command("GET", "before"), large))
        _ = machine.enqueue(Self.command("GET", "after"))
        guard case .writeAndFlush(let rest) = machine.flushTick(isWritable: true) else { Issue.record("no write"); return }
        #expect(rest == Self.encoded(Self.command("GET", "after")))
    }

    @Test func directWritesAreFlushedEvenWhileTheChannelIsBackedUp() {
        var machine = RedisFlushStateMachine(allocator: ByteBufferAllocator())
        let large = Self.command("SET", "big", String(repeating: "x", count: RedisFlushStateMachine.directWriteThreshold))
        guard case .writeDirect(_, _, scheduleFlush: true) = machine.enqueue(large) else { Issue.record("not a direct write"); return }
        guard case .flush = machine.flushTick(isWritable: false) else { Issue.record("direct write not flushed"); return }
        guard case .none = machine.flushTick(isWritable: false) else { Issue.record("flushed twice"); return }
    }
}
