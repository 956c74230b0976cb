import Logging
import NIOCore
import NIOEmbedded
import Testing
@testable import FredRuntime

/// The channel handler carrying out its timers' actions, on a testing channel whose clock only
/// moves when the test says: no socket, no wall-clock wait.
@Suite struct RedisChannelHandlerTimerTests {
    struct Harness {
        let channel = NIOAsyncTestingChannel()
        let handler: NIOLoopBound<RedisChannelHandler>

        init(deadPeerTimeout: Duration? = nil, heartbeat: Duration? = nil) async throws {
            let channel = channel
            handler = try await channel.testingEventLoop.executeInContext {
                let handler = RedisChannelHandler(
                    limits: RESPDecodingLimits(), maxInFlight: 100, deadPeerTimeout: deadPeerTimeout,
                    heartbeat: heartbeat.map { (RedisFlushStateMachineTests.command("PING"), $0) }, logger: Logger(label: "test"))
                try channel.pipeline.syncOperations.addHandler(handler)
                return NIOLoopBound(handler, eventLoop: channel.eventLoop)
            }
            try await channel.connect(to: .init(ipAddress: "127.0.0.1", port: 6379))
        }

        /// Sends `command` (reply due by `deadline` from now) and returns the wait for its reply.
        func send(_ command: RESPCommand, deadline: TimeAmount? = nil) -> Task<Result<RESPValue, any Error>, Never> {
            let channel = channel, handler = handler
            return Task {
                do {
                    return .success(try await withUnsafeThrowingContinuation { continuation in
                        channel.eventLoop.execute {
                            handler.value.send(command, deadline: deadline.map { channel.testingEventLoop.now + $0 }, continuation: continuation)
                        }
                    })
                } catch {
                    return .failure(error)
                }
            }
        }

        /// Everything written so far, as text.
        func written() async throws -> String {
            var bytes = ByteBuffer()
            while let chunk = try await channel.readOutbound(as: ByteBuffer.self) { bytes.writeImmutableBuffer(chunk) }
            return String(buffer: bytes)
        }

        /// Waits until `count` commands have reached the handler (a task's send runs on the loop's queue).
        func settle(waiting count: Int = 1) async throws {
            for _ in 0..<5000 {
                await channel.testingEventLoop.run()
                if try await channel.testingEventLoop.executeInContext({ handler.value.waiting }) >= count { return }
                try await Task.sleep(for: .milliseconds(1))
            }
            Issue.record("the command never reached the handler")
        }

        var closeReason: RedisError? {
            get async throws { try await channel.testingEventLoop.executeInContext { handler.value.closeReason } }
        }
    }

    static let ping = "*1\r\n$4\r\nPING\r\n"

    @Test func anIdleConnectionSendsAHeartbeatAndClosesWhenItGoesUnanswered() async throws {
        let harness = try await Harness(heartbeat: .seconds(1))
        await harness.channel.testingEventLoop.advanceTime(by: .milliseconds(999))
        #expect(try await harness.written() == "", "nothing before a whole idle interval")
        await harness.channel.testingEventLoop.advanceTime(by: .milliseconds(1))
        #expect(try await harness.written() == Self.ping)
        try await harness.channel.writeInbound(ByteBuffer(string: "+PONG\r\n"))
        await harness.channel.testingEventLoop.advanceTime(by: .milliseconds(999))
        #expect(try await harness.written() == "")
        #expect(try await harness.closeReason == nil)
        await harness.channel.testingEventLoop.advanceTime(by: .milliseconds(1))
        #expect(try await harness.written() == Self.ping, "the next heartbeat, one interval after the answer")
        await harness.channel.testingEventLoop.advanceTime(by: .seconds(1))
        #expect(try await harness.closeReason == .connectionClosed(mayHaveRun: true), "no answer within the interval closes")
        _ = try? await harness.channel.finish()
    }

    @Test func trafficPostponesTheHeartbeat() async throws {
        let harness = try await Harness(heartbeat: .seconds(1))
        await harness.channel.testingEventLoop.advanceTime(by: .milliseconds(600))
        let get = harness.send(RedisFlushStateMachineTests.command("GET", "k"))
        try await harness.settle()
        await harness.channel.testingEventLoop.advanceTime(by: .milliseconds(600))
        #expect(try await harness.written() == "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", "no heartbeat while a reply is awaited")
        try await harness.channel.writeInbound(ByteBuffer(string: "$1\r\nv\r\n"))
        #expect(try await get.value.get() == .bulkString(ByteBuffer(string: "v")))
        await harness.channel.testingEventLoop.advanceTime(by: .milliseconds(999))
        #expect(try await harness.written() == "")
        await harness.channel.testingEventLoop.advanceTime(by: .milliseconds(1))
        #expect(try await harness.written() == Self.ping)
        _ = try? await harness.channel.finish()
    }

    @Test func aServerSilentWhileCommandsWaitIsADeadPeer() async throws {
        let harness = try await Harness(deadPeerTimeout: .seconds(2))
        await harness.channel.testingEventLoop.advanceTime(by: .seconds(60))
        #expect(try await harness.closeReason == nil, "an idle connection is not watched")
        let get = harness.send(RedisFlushStateMachineTests.command("GET", "k"))
        try await harness.settle()
        await harness.channel.testingEventLoop.advanceTime(by: .milliseconds(1500))
        try await harness.channel.writeInbound(ByteBuffer(string: "$5\r\nhel"))  // part of the reply
        await harness.channel.testingEventLoop.advanceTime(by: .milliseconds(1500))
        #expect(try await harness.closeReason == nil, "bytes arrived 1.5 s ago")
        await harness.channel.testingEventLoop.advanceTime(by: .milliseconds(500))
        #expect(try await harness.closeReason == .connectionClosed(mayHaveRun: true))
        guard case .failure(let error) = await get.value else { Issue.record("the GET did not fail"); return }
        #expect(error as? RedisError == .connectionClosed(mayHaveRun: true))
        _ = try? await harness.channel.finish()
    }

    @Test func aCommandPastItsDeadlineFailsAndItsLateReplyReachesNoOne() async throws {
        let harness = try await Harness()
        let slow = harness.send(RedisFlushStateMachineTests.command("GET", "slow"), deadline: .seconds(1))
        try await harness.settle()
        await harness.channel.testingEventLoop.advanceTime(by: .seconds(1))
        guard case .failure(let error) = await slow.value, case .timeout = error as? RedisError else {
            Issue.record("the GET did not time out"); return
        }
        let next = harness.send(RedisFlushStateMachineTests.command("GET", "next"))
        try await harness.settle(waiting: 2)
        try await harness.channel.writeInbound(ByteBuffer(string: "$4\r\nlate\r\n$4\r\nmine\r\n"))
        #expect(try await next.value.get() == .bulkString(ByteBuffer(string: "mine")))
        #expect(try await harness.closeReason == nil)
        _ = try? await harness.channel.finish()
    }
}
