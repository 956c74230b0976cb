/// The route of one command through a cluster, as a plain value: where it goes first, and after
/// each failure what happens next (send elsewhere, follow a redirect, wait out a failover, give
/// up). The cluster client only carries out its actions (sending, sleeping, reloading the
/// topology), so the rules are tested without a cluster.
struct RedisClusterRouting {
    typealias Address = RedisClusterTopology.Address

    /// The slot of the command's keys; nil for a keyless command (any primary serves it).
    let slot: Int?
    /// The command may be read from a replica (a read-only command with a replica read policy).
    let readsFromReplica: Bool
    /// An unreachable replica sends the read to the primary at once (`preferReplica`).
    let fallsBackToPrimary: Bool
    /// A written but unanswered command may be sent again (read-only, or written writes resent).
    let mayResendWritten: Bool
    /// Redirects (`MOVED`, `ASK`, `TRYAGAIN`) allowed before ``RedisError/tooManyRedirects(command:last:)``.
    let maxRedirects: Int
    /// Lost nodes and a cluster that is down are waited out until then.
    let failoverDeadline: ContinuousClock.Instant
    let commandName: String

    /// Where the command goes next; nil: looked up in the topology.
    private(set) var target: Address?
    /// The next send is preceded by `ASKING` on the same connection.
    private(set) var asking = false
    private var replicaFailed = false
    private var redirects = 0
    private var pause = Duration.milliseconds(50)
    private var lastError = ""

    init(
        slot: Int?, readsFromReplica: Bool, fallsBackToPrimary: Bool, mayResendWritten: Bool,
        maxRedirects: Int, failoverDeadline: ContinuousClock.Instant, commandName: String
    ) {
        self.slot = slot
        self.readsFromReplica = readsFromReplica
        self.fallsBackToPrimary = fallsBackToPrimary
        self.mayResendWritten = mayResendWritten
        self.maxRedirects = maxRedirects
        self.failoverDeadline = failoverDeadline
        self.commandName = commandName
    }

    enum Action: Equatable {
        /// Send the command to this node (preceded by `ASKING` on the same connection when `asking`).
        case send(Address, asking: Bool)
        /// Record that `slot` now lives at `address` (a `MOVED`), reload the map in the background,
        /// and send the command there.
        case remapAndSend(slot: Int, to: Address)
        /// Wait `pause`, reload the topology (dropping the client of `forget` first), then ask
        /// ``route(in:now:)`` again.
        case waitAndRefresh(Duration, forget: Address?)
        /// Drop the client of this node and ask ``route(in:now:)`` again at once.
        case forgetAndRoute(Address)
        /// A redirect names a node the map does not know: reload the topology now, then call
        /// ``redirected(_:in:)`` with the new map.
        case refreshForRedirect(RedisClusterRedirect)
        /// Wait this long, then send to the same node again (`TRYAGAIN`).
        case waitAndResend(Duration)
        /// Give up with this error; `refreshInBackground`: the map may be stale, reload it for the
        /// commands that follow.
        case fail(RedisError, refreshInBackground: Bool)
    }

    /// Where the command goes, from `topology`.
    mutating func route(in topology: RedisClusterTopology, now: ContinuousClock.Instant) -> Action {
        if let target { return .send(target, asking: asking) }
        let address: Address?
        if readsFromReplica && !replicaFailed, let slot, let replica = topology.replicas(forSlot: slot).randomElement() {
            address = replica
        } else if let slot {
            address = topology.primary(forSlot: slot)
        } else {
            address = topology.primaries.randomElement()
        }
        guard let address else {
            let error = RedisError.clusterUnavailable(
                slot.map { "no primary serves hash slot \($0) in the client's map of the cluster" } ?? "no primary is known")
            return waitOut(error, forget: nil, now: now)
        }
        target = address
        return .send(address, asking: false)
    }

    /// The command failed on ``target`` with `error`.
    mutating func next(after error: RedisError, in topology: RedisClusterTopology, now: ContinuousClock.Instant) -> Action {
        let current = target
        switch error {
        case .server(let reply) where reply.kind == .moved || reply.kind == .ask:
            lastError = reply.message
            redirects += 1
            guard redirects <= maxRedirects else { return tooManyRedirects() }
            guard let sender = current, let redirect = RedisClusterRedirect(reply.message, sender: sender) else {
                return .fail(error, refreshInBackground: false)
            }
            asking = reply.kind == .ask
            // Never send to (or authenticate with) a node before the cluster itself lists it.
            guard let address = redirect.address, topology.contains(address) else { return .refreshForRedirect(redirect) }
            return follow(redirect, to: address)
        case .server(let reply) where reply.kind == .tryAgain:
            // A multi-key command during a slot migration: the keys are split for a moment.
            lastError = reply.message
            redirects += 1
            guard redirects <= maxRedirects else { return tooManyRedirects() }
            asking = false
            return .waitAndResend(.milliseconds(50 * redirects))
        case .timeout:
            // No answer in time (a frozen node?): this one may still run, so it is not resent.
            return .fail(error, refreshInBackground: true)
        case _ where error.isClusterDown || isLostNode(error):
            lastError = "\(error)"
            if let current, topology.isReplica(current), fallsBackToPrimary, !replicaFailed {
                replicaFailed = true  // the replica cannot be reached: read from the primary at once
                target = nil
                return .forgetAndRoute(current)
            }
            return waitOut(error, forget: error.isClusterDown ? nil : current, now: now)
        default:
            return .fail(error, refreshInBackground: false)
        }
    }

    /// The topology was reloaded for `redirect`: where it goes now.
    mutating func redirected(_ redirect: RedisClusterRedirect, in topology: RedisClusterTopology) -> Action {
        guard let address = redirect.address ?? topology.primary(forSlot: redirect.slot), topology.contains(address) else {
            return .fail(.server(RedisServerError(message: lastError)), refreshInBackground: false)
        }
        return follow(redirect, to: address)
    }

    private mutating func follow(_ redirect: RedisClusterRedirect, to address: Address) -> Action {
        target = address
        return asking ? .send(address, asking: true) : .remapAndSend(slot: redirect.slot, to: address)
    }

    /// A node lost or a cluster down: wait, reload, route again, pausing longer each time, until
    /// the failover deadline.
    private mutating func waitOut(_ error: RedisError, forget: Address?, now: ContinuousClock.Instant) -> Action {
        guard now + pause < failoverDeadline else { return .fail(error, refreshInBackground: false) }
        let wait = pause
        pause = min(pause * 2, .milliseconds(500))
        target = nil
        asking = false
        return .waitAndRefresh(wait, forget: forget)
    }

    private func tooManyRedirects() -> Action {
        .fail(.tooManyRedirects(command: commandName, last: lastError), refreshInBackground: false)
    }

    /// The node is gone or unreachable and the command may be sent elsewhere: it never ran, or may
    /// run again.
    private func isLostNode(_ error: RedisError) -> Bool {
        switch error {
        case .notConnected, .connectionFailed, .connectionClosed(mayHaveRun: false): return true
        case .connectionClosed(mayHaveRun: true): return mayResendWritten
        default: return false
        }
    }
}
