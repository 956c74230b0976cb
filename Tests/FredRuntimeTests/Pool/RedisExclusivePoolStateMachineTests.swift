import Testing
@testable import FredRuntime

/// The exclusive pool decided with no socket: the bound, first-come-first-served grants, handing
/// a returned connection to the longest waiter, replacing a closed one, idle expiry, closing.
@Suite struct RedisExclusivePoolStateMachineTests {
    final class Connection: Sendable {}
    typealias Machine = RedisExclusivePoolStateMachine<Connection, UInt64>

    static func opened(maximum: Int, idle: Duration? = .seconds(10)) -> Machine {
        var machine = Machine(maximum: maximum, idleTimeout: idle)
        machine.open()
        return machine
    }

    @Test func opensUpToTheMaximumThenQueues() {
        var machine = Self.opened(maximum: 2)
        guard case .open = machine.lease(id: 1, waiter: 1) else { Issue.record("first lease opens"); return }
        guard case .open = machine.lease(id: 2, waiter: 2) else { Issue.record("second lease opens"); return }
        guard case .wait = machine.lease(id: 3, waiter: 3) else { Issue.record("third lease waits"); return }
        #expect(machine.inUse == 2)
        #expect(machine.waiting.map(\.id) == [3])
    }

    @Test func noConnectionsAllowedFailsAtOnce() {
        var machine = Self.opened(maximum: 0)
        guard case .fail(.poolTimeout(limit: 0, waited: .zero)) = machine.lease(id: 1, waiter: 1) else { Issue.record(); return }
        #expect(machine.waiting.isEmpty)
    }

    @Test func aReturnedConnectionGoesToTheLongestWaiterInOrder() {
        var machine = Self.opened(maximum: 1)
        _ = machine.lease(id: 1, waiter: 1)
        for id in UInt64(2)...5 { _ = machine.lease(id: id, waiter: id) }
        let connection = Connection()
        var served: [UInt64] = []
        for _ in 2...5 {
            guard case .hand(let handed, let waiter) = machine.release(connection, reusable: true, now: .now) else {
                Issue.record("a waiter gets the connection")
                return
            }
            #expect(handed === connection)
            served.append(waiter)
        }
        #expect(served == [2, 3, 4, 5])
        #expect(machine.inUse == 1)
    }

    @Test func waitersGoBeforeIdleConnections() {
        // A waiter in line and a connection coming back: the waiter gets it; a new lease queues.
        var machine = Self.opened(maximum: 1)
        _ = machine.lease(id: 1, waiter: 1)
        _ = machine.lease(id: 2, waiter: 2)
        guard case .hand(_, 2) = machine.release(Connection(), reusable: true, now: .now) else { Issue.record(); return }
        guard case .wait = machine.lease(id: 3, waiter: 3) else { Issue.record("the third waits its turn"); return }
    }

    @Test func aClosedConnectionLetsTheNextWaiterOpenOne() {
        var machine = Self.opened(maximum: 1)
        _ = machine.lease(id: 1, waiter: 1)
        _ = machine.lease(id: 2, waiter: 2)
        let connection = Connection()
        guard case .openFor(2, let closing) = machine.release(connection, reusable: false, now: .now) else { Issue.record(); return }
        #expect(closing === connection)
        #expect(machine.inUse == 1)
        // A failed open (no connection) with nobody waiting frees the slot.
        guard case .none = machine.release(nil, reusable: false, now: .now) else { Issue.record(); return }
        #expect(machine.inUse == 0)
    }

    @Test func withdrawnWaitersAreSkipped() {
        var machine = Self.opened(maximum: 1)
        _ = machine.lease(id: 1, waiter: 1)
        _ = machine.lease(id: 2, waiter: 2)
        _ = machine.lease(id: 3, waiter: 3)
        #expect(machine.withdraw(id: 2) == 2)
        #expect(machine.withdraw(id: 2) == nil)  // already gone: a late timer does nothing
        guard case .hand(_, 3) = machine.release(Connection(), reusable: true, now: .now) else { Issue.record(); return }
    }

    @Test func idleConnectionsAreReusedNewestFirstAndExpire() {
        var machine = Self.opened(maximum: 3, idle: .seconds(10))
        let start = ContinuousClock.now
        let old = Connection(), new = Connection()
        _ = machine.lease(id: 1, waiter: 1)
        _ = machine.lease(id: 2, waiter: 2)
        guard case .armIdleTimer(.seconds(10)) = machine.release(old, reusable: true, now: start) else { Issue.record(); return }
        guard case .none = machine.release(new, reusable: true, now: start + .seconds(5)) else { Issue.record("armed once"); return }
        guard case .use(let reused) = machine.lease(id: 3, waiter: 3) else { Issue.record(); return }
        #expect(reused === new)
        _ = machine.release(reused, reusable: true, now: start + .seconds(6))
        let (expired, again) = machine.idleTimerFired(now: start + .seconds(10))
        #expect(expired.count == 1 && expired[0] === old)
        #expect(again == .seconds(6))
        let (later, none) = machine.idleTimerFired(now: start + .seconds(16))
        #expect(later.count == 1 && later[0] === new)
        #expect(none == nil)
        #expect(!machine.idleTimerArmed)
    }

    @Test func closingFailsWaitersAndRefusesLeases() {
        var machine = Self.opened(maximum: 1)
        _ = machine.lease(id: 1, waiter: 1)
        _ = machine.lease(id: 2, waiter: 2)
        let (idle, waiters) = machine.close()
        #expect(idle.isEmpty && waiters == [2])
        guard case .fail(.notConnected) = machine.lease(id: 3, waiter: 3) else { Issue.record(); return }
        let connection = Connection()
        guard case .close(let closing) = machine.release(connection, reusable: true, now: .now) else { Issue.record(); return }
        #expect(closing === connection)
    }
}
