import Logging
import NIOCore
import NIOEmbedded
import Testing
@testable import FredRuntime

/// The channel handler's write path on a channel that behaves as NIO's socket channel does when a
/// flush drains its queue: it reports writability from inside the flush.
@Suite struct RedisChannelHandlerWriteTests {
    /// Sets the channel writable and reports it from inside the first flush, as a socket channel
    /// does when that flush drains its queue below the low-water mark.
    final class WritableDuringFlush: ChannelOutboundHandler, @unchecked Sendable {
        typealias OutboundIn = ByteBuffer
        let channel: NIOAsyncTestingChannel
        var reported = false
        init(channel: NIOAsyncTestingChannel) { self.channel = channel }

        func flush(context: ChannelHandlerContext) {
            context.flush()
            guard !reported else { return }
            reported = true
            channel.isWritable = true
            context.fireChannelWritabilityChanged()
        }
    }

    @Test func commandsAreWrittenOnceWhenWritabilityIsReportedInsideAFlush() async throws {
        let channel = NIOAsyncTestingChannel()
        let bound = try await channel.testingEventLoop.executeInContext {
            let handler = RedisChannelHandler(
                limits: RESPDecodingLimits(), maxInFlight: 100, deadPeerTimeout: nil, heartbeat: nil, logger: Logger(label: "test"))
            try channel.pipeline.syncOperations.addHandler(WritableDuringFlush(channel: channel))
            try channel.pipeline.syncOperations.addHandler(handler)
            return NIOLoopBound(handler, eventLoop: channel.eventLoop)
        }
        let commands = (0..<3).map { RedisFlushStateMachineTests.command("LPUSH", "jobs", "job-\($0)") }

        async let replies = withUnsafeContinuation { continuation in
            channel.eventLoop.execute {
                bound.value.send(commands, deadline: nil, continuation: continuation)
            }
        }
        var written = ByteBuffer()
        for _ in 0..<1000 where written.readableBytes == 0 {
            while let chunk = try await channel.readOutbound(as: ByteBuffer.self) { written.writeImmutableBuffer(chunk) }
            if written.readableBytes == 0 { try await Task.sleep(for: .milliseconds(1)) }
        }
        var expected = ByteBuffer()
        for command in commands { command.write(into: &expected) }
        #expect(written == expected, "each command leaves exactly once")
        for length in 1...3 { try await channel.writeInbound(ByteBuffer(string: ":\(length)\r\n")) }
        let results = await replies
        #expect(results == [.success(.integer(1)), .success(.integer(2)), .success(.integer(3))])
        _ = try? await channel.finish()
    }
}
