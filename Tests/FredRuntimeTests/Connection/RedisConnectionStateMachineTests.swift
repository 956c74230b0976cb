import NIOCore
import Testing
@testable import FredRuntime

@Suite struct RedisConnectionStateMachineTests {
    typealias Machine = RedisConnectionStateMachine<Int>
    let ok = RESPValue.simpleString(ByteBuffer(string: "OK"))

    @Test func repliesGoToCommandsInTheOrderTheyWereSent() {
        var machine = Machine()
        for id in 1...3 {
            guard case .write = machine.send(id) else { Issue.record("send \(id) not written"); return }
        }
        for (expected, reply) in [(1, RESPValue.integer(10)), (2, .integer(20)), (3, .integer(30))] {
            guard case .succeed(let id, let value) = machine.receive(reply) else { Issue.record("no success"); return }
            #expect(id == expected)
            #expect(value == reply)
        }
        #expect(machine.waiting == 0)
    }

    @Test func errorReplyFailsOnlyItsOwnCommand() {
        var machine = Machine()
        _ = machine.send(1)
        _ = machine.send(2)
        guard case .fail(1, .server(let error)) = machine.receive(.simpleError(ByteBuffer(string: "WRONGTYPE Operation against a key"))) else {
            Issue.record("expected failure of 1"); return
        }
        #expect(error.kind == .wrongType)
        guard case .succeed(2, _) = machine.receive(ok) else { Issue.record("2 did not succeed"); return }
    }

    @Test func pushMessagesDoNotConsumeAWaitingCommand() {
        var machine = Machine()
        _ = machine.send(1)
        guard case .push = machine.receive(.push([.simpleString(ByteBuffer(string: "invalidate"))])) else { Issue.record("not a push"); return }
        #expect(machine.waiting == 1)
    }

    /// `SUBSCRIBE …; PING` as one fenced slot: an error reply before the PONG is the SUBSCRIBE's
    /// and keeps the slot; the PONG ends it; the command behind gets its own reply.
    @Test func aFenceTakesTheErrorsBeforeItsOwnReply() {
        var machine = Machine()
        _ = machine.send(1, fence: true)
        _ = machine.send(2)
        guard case .fenced(1, .server(let error)) = machine.receive(.simpleError(ByteBuffer(string: "NOPERM no permissions"))) else {
            Issue.record("the error did not stay with the fence"); return
        }
        #expect(error.kind == .noPerm)
        #expect(machine.waiting == 2)
        guard case .push = machine.receive(.push([.bulkString(ByteBuffer(string: "sunsubscribe"))])) else { Issue.record("not a push"); return }
        guard case .succeed(1, _) = machine.receive(.simpleString(ByteBuffer(string: "PONG"))) else { Issue.record("the fence did not end"); return }
        guard case .succeed(2, .integer(7)) = machine.receive(.integer(7)) else { Issue.record("2 lost its reply"); return }
    }

    /// On a RESP2 subscriber, pub/sub arrays are pushes, and `[pong, ""]` is a reply.
    @Test func resp2PubSubArraysArePushesOnASubscriber() {
        var machine = Machine()
        machine.pubSubArraysArePushes = true
        _ = machine.send(1, fence: true)
        let message = RESPValue.array([.bulkString(ByteBuffer(string: "message")), .bulkString(ByteBuffer(string: "ch")), .bulkString(ByteBuffer(string: "x"))])
        guard case .push = machine.receive(message) else { Issue.record("a message array is a push"); return }
        guard case .push = machine.receive(.array([.bulkString(ByteBuffer(string: "subscribe")), .bulkString(ByteBuffer(string: "ch")), .integer(1)])) else {
            Issue.record("a confirmation is a push"); return
        }
        let pong = RESPValue.array([.bulkString(ByteBuffer(string: "pong")), .bulkString(ByteBuffer())])
        guard case .succeed(1, pong) = machine.receive(pong) else { Issue.record("pong is the fence's reply"); return }
        machine.pubSubArraysArePushes = false
        _ = machine.send(2)
        guard case .succeed(2, message) = machine.receive(message) else { Issue.record("off a subscriber, arrays are replies"); return }
    }

    @Test func unsolicitedReplyClosesTheConnection() {
        var machine = Machine()
        guard case .closeConnection(.protocolViolation) = machine.receive(ok) else { Issue.record("expected close"); return }
    }

    @Test func closeFailsEveryWaitingCommandAndRefusesNewOnes() {
        var machine = Machine()
        _ = machine.send(1)
        _ = machine.send(2)
        guard case .failAll(let pending, .connectionClosed(mayHaveRun: true)) = machine.close(.connectionClosed(mayHaveRun: true)) else {
            Issue.record("expected failAll"); return
        }
        #expect(Array(pending) == [1, 2])
        guard case .fail(3, .connectionClosed(mayHaveRun: false)) = machine.send(3) else { Issue.record("send after close"); return }
        guard case .ignore = machine.receive(ok) else { Issue.record("reply after close"); return }
        guard case .none = machine.close(.notConnected) else { Issue.record("second close"); return }
    }

    @Test func timedOutCommandKeepsItsPlaceAndItsLateReplyIsDropped() {
        var machine = Machine()
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
        _ = machine.send(1, deadline: start + .milliseconds(10))
        _ = machine.send(2)
        _ = machine.send(3, deadline: start + .milliseconds(50))
        let early = machine.expire(now: start + .milliseconds(5))
        #expect(early.expired.isEmpty)
        #expect(early.next == start + .milliseconds(10))
        let due = machine.expire(now: start + .milliseconds(20))
        #expect(due.expired == [1])
        #expect(due.next == start + .milliseconds(50))
        #expect(machine.waiting == 3)
        // The late reply of 1 is read and dropped; 2 gets its own reply, not 1's.
        guard case .ignore = machine.receive(.integer(100)) else { Issue.record("late reply not dropped"); return }
        guard case .succeed(2, .integer(200)) = machine.receive(.integer(200)) else { Issue.record("2 got the wrong reply"); return }
        #expect(machine.expire(now: start + .milliseconds(20)).expired.isEmpty)
    }

    @Test func closeFailsOnlyCommandsThatStillWait() {
        var machine = Machine()
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
        _ = machine.send(1, deadline: start)
        _ = machine.send(2)
        #expect(machine.expire(now: start).expired == [1])
        guard case .failAll(let pending, _) = machine.close(.connectionClosed(mayHaveRun: true)) else {
            Issue.record("expected failAll"); return
        }
        #expect(pending == [2])
    }

    @Test func aCancelledCommandKeepsItsPlaceAndItsLateReplyIsDropped() {
        var machine = Machine()
        _ = machine.send(1, id: 11)
        _ = machine.send(2, id: 12)
        _ = machine.send(3, id: 11)  // a batch: two slots, one sender
        #expect(machine.cancel(11) == [1, 3])
        #expect(machine.cancel(11).isEmpty, "cancelled once")
        #expect(machine.cancel(99).isEmpty)
        #expect(machine.waiting == 3)
        guard case .ignore = machine.receive(.integer(100)) else { Issue.record("late reply of 1 not dropped"); return }
        guard case .succeed(2, .integer(200)) = machine.receive(.integer(200)) else { Issue.record("2 got the wrong reply"); return }
        guard case .ignore = machine.receive(.integer(300)) else { Issue.record("late reply of 3 not dropped"); return }
        #expect(machine.waiting == 0)
    }
}
