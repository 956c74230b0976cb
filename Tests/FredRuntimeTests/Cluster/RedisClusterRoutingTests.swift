import Testing
@testable import FredRuntime

/// The route of one command through a cluster, decided with no cluster: redirects, lost nodes,
/// failovers and their limits.
@Suite struct RedisClusterRoutingTests {
    typealias Address = RedisClusterTopology.Address
    /// The two-shard map of ``RedisClusterTopologyTests``: a (primary) and b (its replica), c.
    static let fixture = RedisClusterTopologyTests()
    var a: Address { Self.fixture.a }
    var b: Address { Self.fixture.b }
    var c: Address { Self.fixture.c }
    var topology: RedisClusterTopology { Self.fixture.topology }
    let start = ContinuousClock.now

    func routing(slot: Int? = 5, readsFromReplica: Bool = false, mayResendWritten: Bool = false, maxRedirects: Int = 5) -> RedisClusterRouting {
        RedisClusterRouting(
            slot: slot, readsFromReplica: readsFromReplica, fallsBackToPrimary: true, mayResendWritten: mayResendWritten,
            maxRedirects: maxRedirects, failoverDeadline: start + .seconds(10), commandName: "GET")
    }

    static func reply(_ text: String) -> RedisError { .server(RedisServerError(message: text)) }

    @Test func aCommandGoesToItsSlotsPrimaryOrAReplicaForReads() {
        var primary = routing()
        #expect(primary.route(in: topology, now: start) == .send(a, asking: false))
        var replica = routing(readsFromReplica: true)
        #expect(replica.route(in: topology, now: start) == .send(b, asking: false))
    }

    @Test func movedRemapsTheSlotAndAskSendsAskingOnce() {
        var route = routing()
        _ = route.route(in: topology, now: start)
        #expect(route.next(after: Self.reply("MOVED 5 127.0.0.1:7002"), in: topology, now: start) == .remapAndSend(slot: 5, to: c))
        #expect(route.next(after: Self.reply("ASK 5 127.0.0.1:7000"), in: topology, now: start) == .send(a, asking: true))
        #expect(route.next(after: Self.reply("MOVED 5 127.0.0.1:7002"), in: topology, now: start) == .remapAndSend(slot: 5, to: c), "ASKING is one-shot")
    }

    @Test func aRedirectToAnUnknownNodeReloadsTheMapFirst() {
        var route = routing()
        _ = route.route(in: topology, now: start)
        let unknown = "MOVED 5 10.1.1.1:7009"
        guard case .refreshForRedirect(let redirect) = route.next(after: Self.reply(unknown), in: topology, now: start) else {
            Issue.record("an unknown node was trusted")
            return
        }
        #expect(route.redirected(redirect, in: topology) == .fail(Self.reply(unknown), refreshInBackground: false), "still unknown after a reload: refused")
    }

    @Test func redirectsAreBounded() {
        var route = routing(maxRedirects: 2)
        _ = route.route(in: topology, now: start)
        _ = route.next(after: Self.reply("MOVED 5 127.0.0.1:7002"), in: topology, now: start)
        _ = route.next(after: Self.reply("MOVED 5 127.0.0.1:7000"), in: topology, now: start)
        #expect(route.next(after: Self.reply("MOVED 5 127.0.0.1:7002"), in: topology, now: start)
            == .fail(.tooManyRedirects(command: "GET", last: "MOVED 5 127.0.0.1:7002"), refreshInBackground: false))
    }

    @Test func tryAgainWaitsLongerEachTime() {
        var route = routing()
        _ = route.route(in: topology, now: start)
        #expect(route.next(after: Self.reply("TRYAGAIN Multiple keys"), in: topology, now: start) == .waitAndResend(.milliseconds(50)))
        #expect(route.next(after: Self.reply("TRYAGAIN Multiple keys"), in: topology, now: start) == .waitAndResend(.milliseconds(100)))
    }

    @Test func aLostNodeIsWaitedOutUntilTheFailoverDeadlineWithGrowingPauses() {
        var route = routing()
        _ = route.route(in: topology, now: start)
        #expect(route.next(after: .connectionFailed(.init(reason: .refused, server: "a:1", detail: "")), in: topology, now: start) == .waitAndRefresh(.milliseconds(50), forget: a))
        _ = route.route(in: topology, now: start)
        #expect(route.next(after: .connectionFailed(.init(reason: .refused, server: "a:1", detail: "")), in: topology, now: start) == .waitAndRefresh(.milliseconds(100), forget: a))
        _ = route.route(in: topology, now: start)
        #expect(route.next(after: .connectionFailed(.init(reason: .refused, server: "a:1", detail: "")), in: topology, now: start + .seconds(10))
            == .fail(.connectionFailed(.init(reason: .refused, server: "a:1", detail: "")), refreshInBackground: false))
    }

    @Test func aWrittenWriteIsResentOnlyWhenAllowed() {
        var strict = routing()
        _ = strict.route(in: topology, now: start)
        #expect(strict.next(after: .connectionClosed(mayHaveRun: true), in: topology, now: start)
            == .fail(.connectionClosed(mayHaveRun: true), refreshInBackground: false))
        var lenient = routing(mayResendWritten: true)
        _ = lenient.route(in: topology, now: start)
        #expect(lenient.next(after: .connectionClosed(mayHaveRun: true), in: topology, now: start) == .waitAndRefresh(.milliseconds(50), forget: a))
    }

    @Test func anUnreachableReplicaSendsTheReadToThePrimaryAtOnce() {
        var route = routing(readsFromReplica: true)
        #expect(route.route(in: topology, now: start) == .send(b, asking: false))
        #expect(route.next(after: .connectionFailed(.init(reason: .refused, server: "a:1", detail: "")), in: topology, now: start) == .forgetAndRoute(b))
        #expect(route.route(in: topology, now: start) == .send(a, asking: false))
    }

    @Test func aSlotWithNoPrimaryIsTheClientsOwnTypedConclusion() {
        let empty = RedisClusterTopology(shards: [])
        var route = routing()
        #expect(route.route(in: empty, now: start) == .waitAndRefresh(.milliseconds(50), forget: nil))
        #expect(route.route(in: empty, now: start + .seconds(10))
            == .fail(.clusterUnavailable("no primary serves hash slot 5 in the client's map of the cluster"), refreshInBackground: false))
    }

    @Test func aTimeoutIsNotResentButTheMapIsReloaded() {
        var route = routing()
        _ = route.route(in: topology, now: start)
        #expect(route.next(after: .timeout("late"), in: topology, now: start) == .fail(.timeout("late"), refreshInBackground: true))
    }
}
