import Testing
@testable import FredRuntime

/// A client's life, decided with no socket: connecting, losing the connection, commands waiting,
/// reconnecting, giving up, quitting — and the races between them.
@Suite struct RedisClientStateMachineTests {
    final class Connection: RedisClientStateMachineConnection {
        func isSame(as other: Connection) -> Bool { self === other }
    }
    struct Waiter: RedisClientStateMachineWaiter, Equatable { let id: UInt64 }
    typealias Machine = RedisClientStateMachine<Connection, Waiter>

    static func connectedMachine(_ connection: Connection) throws -> Machine {
        var machine = Machine()
        try machine.connect()
        #expect(machine.connected(connection, .resp3) == .connected)
        return machine
    }

    @Test func connectTwiceOrWhileConnectedIsRefused() throws {
        var machine = Machine()
        try machine.connect()
        #expect(machine.publicState == .connecting)
        #expect(throws: RedisError.self) { try machine.connect() }
        _ = machine.connected(Connection(), .resp2)
        #expect(machine.publicState == .connected && machine.protocolVersion == .resp2)
        #expect(throws: RedisError.self) { try machine.connect() }
    }

    @Test func quitDuringConnectWinsOverTheConnectionThatArrivesLater() throws {
        var machine = Machine()
        try machine.connect()
        guard case .none = machine.quit() else { Issue.record("nothing to close yet"); return }
        #expect(machine.connected(Connection(), .resp3) == nil, "the late connection must be closed by the caller")
        machine.connectFailed()
        #expect(machine.publicState == .closed)
        try machine.connect()  // a closed client may connect again
        #expect(machine.publicState == .connecting)
    }

    @Test func aLostConnectionStartsReconnectingOnceAndOnlyForTheCurrentOne() throws {
        let first = Connection()
        var machine = try Self.connectedMachine(first)
        guard case .stale = machine.connectionLost(Connection(), because: .connectionClosed(mayHaveRun: true), reconnects: true) else {
            Issue.record("another connection's end acted"); return
        }
        guard case .reconnect(.disconnected) = machine.connectionLost(first, because: .connectionClosed(mayHaveRun: true), reconnects: true) else {
            Issue.record("no reconnect"); return
        }
        guard case .stale = machine.connectionLost(first, because: .connectionClosed(mayHaveRun: true), reconnects: true) else {
            Issue.record("the same end acted twice"); return
        }
        #expect(machine.publicState == .reconnecting)
    }

    @Test func withoutAPolicyALostConnectionStaysLost() throws {
        let connection = Connection()
        var machine = try Self.connectedMachine(connection)
        guard case .lost = machine.connectionLost(connection, because: .connectionClosed(mayHaveRun: true), reconnects: false) else {
            Issue.record("expected lost"); return
        }
        guard case .fail(RedisError.notConnected) = machine.wait(Waiter(id: 1), limit: 10, cancelled: false) else {
            Issue.record("a command waited for a connection that never comes"); return
        }
    }

    @Test func waitersQueueBoundedAndResumeOnTheNewConnection() throws {
        let first = Connection()
        var machine = try Self.connectedMachine(first)
        guard case .send(let now) = machine.wait(Waiter(id: 1), limit: 2, cancelled: false), now === first else {
            Issue.record("a connected client made a command wait"); return
        }
        _ = machine.connectionLost(first, because: .connectionClosed(mayHaveRun: true), reconnects: true)
        guard case .queued = machine.wait(Waiter(id: 2), limit: 2, cancelled: false),
              case .queued = machine.wait(Waiter(id: 3), limit: 2, cancelled: false),
              case .fail(RedisError.commandBufferFull(limit: 2)) = machine.wait(Waiter(id: 4), limit: 2, cancelled: false),
              case .fail(is CancellationError) = machine.wait(Waiter(id: 5), limit: 2, cancelled: true)
        else { Issue.record("the queue is not bounded"); return }
        #expect(machine.waitingCount == 2)
        #expect(machine.dropWaiter(2) == Waiter(id: 2), "a waiter whose deadline passed leaves the queue")
        #expect(machine.dropWaiter(2) == nil)
        #expect(machine.attemptStarting(1, delay: .milliseconds(10)) == .reconnecting(attempt: 1, delay: .milliseconds(10)))
        let second = Connection()
        guard case .resume(let waiters, .connected) = machine.reconnected(second, .resp3) else { Issue.record("not resumed"); return }
        #expect(waiters == [Waiter(id: 3)])
        #expect(machine.connection === second)
    }

    @Test func givingUpFailsTheWaitersAndQuitFailsThemToo() throws {
        let connection = Connection()
        var machine = try Self.connectedMachine(connection)
        _ = machine.connectionLost(connection, because: .connectionClosed(mayHaveRun: true), reconnects: true)
        _ = machine.wait(Waiter(id: 1), limit: 10, cancelled: false)
        let (waiters, event) = machine.gaveUp(.connectionFailed(.init(reason: .refused, server: "a:1", detail: "")))
        #expect(waiters == [Waiter(id: 1)] && event == .gaveUp(.connectionFailed(.init(reason: .refused, server: "a:1", detail: ""))))
        #expect(machine.publicState == .disconnected)

        var other = try Self.connectedMachine(connection)
        _ = other.connectionLost(connection, because: .connectionClosed(mayHaveRun: true), reconnects: true)
        _ = other.wait(Waiter(id: 7), limit: 10, cancelled: false)
        guard case .failWaiters(let failed) = other.quit() else { Issue.record("waiters not failed"); return }
        #expect(failed == [Waiter(id: 7)])
        #expect(other.attemptStarting(2, delay: .zero) == nil, "no attempt after quit()")
        guard case .closeNew = other.reconnected(Connection(), .resp3) else { Issue.record("a connection arriving after quit() was kept"); return }
        #expect(other.publicState == .closed)
    }
}
