import NIOCore
import Testing
@testable import FredRuntime

/// The connection's clocks on a fake clock: `at(ms)` is a moment, milliseconds after an origin.
@Suite struct RedisConnectionTimersTests {
    static func at(_ milliseconds: Int64) -> NIODeadline { .uptimeNanoseconds(1_000_000_000 + UInt64(milliseconds * 1_000_000)) }
    func at(_ milliseconds: Int64) -> NIODeadline { Self.at(milliseconds) }

    func timers(deadPeer: Int64? = nil, heartbeat: Int64? = nil) -> RedisConnectionTimers {
        RedisConnectionTimers(
            deadPeerTimeout: deadPeer.map { .milliseconds($0) }, heartbeatInterval: heartbeat.map { .milliseconds($0) }, now: at(0))
    }

    @Test func withNoDeadlineAndNoClockTheTimerIsNeverSet() {
        var timers = timers()
        #expect(timers.started(now: at(0)) == .none)
        #expect(!timers.watchesTraffic)
        var clockRead = false
        #expect(timers.sent(deadline: nil, waitingBefore: 0, now: { clockRead = true; return at(0) }()) == .none)
        #expect(!clockRead, "the hot path reads no clock when nothing needs one")
        #expect(timers.fired(now: at(10_000), waiting: 1) == .timer(.none))
    }

    @Test func theTimerFollowsTheEarliestReplyDeadline() {
        var timers = timers()
        #expect(timers.sent(deadline: at(100), waitingBefore: 0, now: at(0)) == .arm(at(100)))
        #expect(timers.sent(deadline: at(200), waitingBefore: 1, now: at(1)) == .none, "a later deadline leaves the timer alone")
        #expect(timers.sent(deadline: at(50), waitingBefore: 2, now: at(2)) == .arm(at(50)), "an earlier one moves it")
        #expect(timers.fired(now: at(50), waiting: 3) == .expireCommands)
        #expect(timers.commandsExpired(next: at(100), waiting: 3) == .arm(at(100)))
        #expect(timers.fired(now: at(100), waiting: 2) == .expireCommands)
        #expect(timers.commandsExpired(next: nil, waiting: 2) == .none)
    }

    @Test func aTimerThatFiresBeforeAnythingIsDueIsSetAgain() {
        var timers = timers()
        _ = timers.sent(deadline: at(100), waitingBefore: 0, now: at(0))
        // The reply came, its deadline is stale; a second command waits until 300.
        _ = timers.sent(deadline: at(300), waitingBefore: 0, now: at(20))
        #expect(timers.fired(now: at(100), waiting: 1) == .expireCommands)
        #expect(timers.commandsExpired(next: at(300), waiting: 1) == .arm(at(300)))
    }

    @Test func anIdleConnectionSendsAHeartbeatAfterOneInterval() {
        var timers = timers(heartbeat: 1000)
        #expect(timers.started(now: at(0)) == .arm(at(1000)))
        #expect(timers.fired(now: at(1000), waiting: 0) == .sendHeartbeat(deadline: at(2000)))
        #expect(timers.sent(deadline: at(2000), waitingBefore: 0, now: at(1000)) == .arm(at(2000)))
        // The heartbeat's reply is overdue: the FIFO expires it, and the handler closes.
        #expect(timers.fired(now: at(2000), waiting: 1) == .expireCommands)
    }

    @Test func trafficPostponesTheHeartbeat() {
        var timers = timers(heartbeat: 1000)
        _ = timers.started(now: at(0))
        timers.received(now: at(600))
        #expect(timers.fired(now: at(1000), waiting: 0) == .timer(.arm(at(1600))))
        _ = timers.sent(deadline: nil, waitingBefore: 0, now: at(1500))
        #expect(timers.fired(now: at(1600), waiting: 0) == .timer(.arm(at(2500))))
        #expect(timers.fired(now: at(2500), waiting: 0) == .sendHeartbeat(deadline: at(3500)))
    }

    @Test func noHeartbeatWhileRepliesAreAwaited() {
        var timers = timers(heartbeat: 1000)
        _ = timers.started(now: at(0))
        _ = timers.sent(deadline: nil, waitingBefore: 0, now: at(10))
        #expect(timers.fired(now: at(1010), waiting: 1) == .timer(.arm(at(2010))), "looked at again one interval later")
        timers.received(now: at(1500))
        #expect(timers.fired(now: at(2010), waiting: 0) == .timer(.arm(at(2500))))
        #expect(timers.fired(now: at(2500), waiting: 0) == .sendHeartbeat(deadline: at(3500)))
    }

    @Test func aSilentServerIsDeclaredDeadOnlyWhileRepliesAreAwaited() {
        var timers = timers(deadPeer: 2000)
        #expect(timers.started(now: at(0)) == .none, "an idle connection has nothing to watch")
        // Idle for a long time, then a command: the clock starts when the waiting does.
        #expect(timers.sent(deadline: nil, waitingBefore: 0, now: at(60_000)) == .arm(at(62_000)))
        #expect(timers.sent(deadline: nil, waitingBefore: 1, now: at(61_000)) == .none, "a second command does not restart it")
        timers.received(now: at(61_500))  // part of a reply
        #expect(timers.fired(now: at(62_000), waiting: 2) == .timer(.arm(at(63_500))))
        #expect(timers.fired(now: at(63_500), waiting: 2) == .closeDeadPeer)
        #expect(timers.sent(deadline: at(70_000), waitingBefore: 2, now: at(63_600)) == .none, "a closed connection sets no timer")
        #expect(timers.fired(now: at(70_000), waiting: 2) == .timer(.none))
    }

    @Test func timedOutCommandsStillCountAsAwaitingBytes() {
        var timers = timers(deadPeer: 2000)
        _ = timers.sent(deadline: at(500), waitingBefore: 0, now: at(0))
        #expect(timers.fired(now: at(500), waiting: 1) == .expireCommands)
        // The command failed but keeps its place: its reply is still expected.
        #expect(timers.commandsExpired(next: nil, waiting: 1) == .arm(at(2000)))
        #expect(timers.fired(now: at(2000), waiting: 1) == .closeDeadPeer)
    }

    @Test func theDeadPeerWatchComesBeforeExpiringAndHeartbeats() {
        var timers = timers(deadPeer: 1000, heartbeat: 1000)
        _ = timers.started(now: at(0))
        _ = timers.sent(deadline: at(1000), waitingBefore: 0, now: at(0))
        #expect(timers.fired(now: at(1000), waiting: 1) == .closeDeadPeer)
    }

    @Test func closingStopsEverything() {
        var timers = timers(deadPeer: 1000, heartbeat: 1000)
        _ = timers.started(now: at(0))
        timers.close()
        #expect(timers.armedAt == nil)
        #expect(timers.fired(now: at(5000), waiting: 0) == .timer(.none))
        #expect(timers.commandsExpired(next: at(6000), waiting: 1) == .none)
    }
}
