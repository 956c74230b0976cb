import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The subscriptions of one client (or cluster client): who listens to what, where each server
/// subscription lives, and the repairs that keep them there.
///
/// Every change (subscribing, unsubscribing, repairing after a lost connection or a moved slot)
/// runs on one worker task, one at a time, so the server-side state always follows the order of
/// requests. Messages never wait for the worker: the connection hands each one straight to the
/// buffers of the subscriptions that match it.
package final class RedisPubSub: RedisPubSubLinkOwner {
    /// One server subscription: a name on a link, shared by every local subscription to it.
    struct Key: Hashable, Sendable {
        var link: ObjectIdentifier
        var kind: RedisSubscriptionKind
        var name: ByteBuffer
    }

    struct Entry: Sendable {
        var filter: RedisSubscriptionTarget
        var link: RedisPubSubLink
        var subscribers: [UInt64]
    }

    struct Subscriber: Sendable {
        var buffer: RedisSubscriptionBuffer
        var keys: [Key]
    }

    private struct State: Sendable {
        var subscribers: [UInt64: Subscriber] = [:]
        var entries: [Key: Entry] = [:]
        var nextID: UInt64 = 0
        var closed = false
        /// Links whose connection ended, and shard channels whose slot moved, not repaired yet.
        var lostLinks: [ObjectIdentifier: RedisPubSubLink] = [:]
        var migrated: [Key] = []
        var repairQueued = false
        var worker: AsyncStream<Operation>.Continuation?
    }

    enum Operation: Sendable {
        case subscribe(id: UInt64, [RedisSubscriptionTarget], CheckedContinuation<Void, any Error>)
        case unsubscribe(id: UInt64, CheckedContinuation<Void, Never>)
        case repair
    }

    private let state = NIOLockedValueBox(State())
    /// How long a repair waits for the other losses of the same incident.
    static let repairGathering = Duration.milliseconds(20)
    private let router: any RedisPubSubRouter
    private let logger: Logger

    package init(router: any RedisPubSubRouter, logger: Logger) {
        self.router = router
        self.logger = logger
    }

    // MARK: The caller's side

    /// Subscribes to `filters`, runs `body` with the subscription's events, and unsubscribes when
    /// `body` returns or throws (also when its task is cancelled).
    package func withSubscription<Result>(
        to filters: [RedisSubscriptionTarget], options: RedisSubscriptionOptions,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RedisSubscription) async throws -> Result
    ) async throws -> Result {
        guard !filters.isEmpty else { throw RedisError.badArgument("a subscription needs at least one channel or pattern") }
        guard options.bufferSize >= 1 else { throw RedisError.badArgument("a subscription's bufferSize must be 1 or more (got \(options.bufferSize))") }
        let buffer = RedisSubscriptionBuffer(options: options)
        let id = try await subscribe(filters, buffer: buffer)
        let result: Swift.Result<Result, any Error>
        do {
            result = .success(try await body(RedisSubscription(buffer: buffer)))
        } catch {
            result = .failure(error)
        }
        await unsubscribe(id)
        return try result.get()
    }

    private func subscribe(_ filters: [RedisSubscriptionTarget], buffer: RedisSubscriptionBuffer) async throws -> UInt64 {
        var unique: [RedisSubscriptionTarget] = []
        for filter in filters where !unique.contains(filter) { unique.append(filter) }
        let (id, worker) = try state.withLockedValue { state -> (UInt64, AsyncStream<Operation>.Continuation) in
            guard !state.closed else { throw RedisError.notConnected }
            state.nextID += 1
            state.subscribers[state.nextID] = Subscriber(buffer: buffer, keys: [])
            return (state.nextID, startWorker(&state))
        }
        try await withCheckedThrowingContinuation { continuation in
            if case .terminated = worker.yield(.subscribe(id: id, unique, continuation)) {
                continuation.resume(throwing: RedisError.notConnected)
            }
        }
        return id
    }

    private func unsubscribe(_ id: UInt64) async {
        guard let worker = state.withLockedValue({ $0.closed ? nil : $0.worker }) else { return }
        await withCheckedContinuation { continuation in
            if case .terminated = worker.yield(.unsubscribe(id: id, continuation)) { continuation.resume() }
        }
    }

    /// The worker, started on first use. Called with the lock held.
    private func startWorker(_ state: inout State) -> AsyncStream<Operation>.Continuation {
        if let worker = state.worker { return worker }
        let (operations, worker) = AsyncStream<Operation>.makeStream()
        state.worker = worker
        Task { [self] in
            for await operation in operations {
                await run(operation)
            }
        }
        return worker
    }

    /// Ends every subscription (their consumers see the end) and stops the worker; the links are
    /// their clients' to close.
    package func close() {
        let (buffers, worker) = state.withLockedValue { state in
            state.closed = true
            defer {
                state.subscribers = [:]
                state.entries = [:]
                state.worker = nil
            }
            return (state.subscribers.values.map(\.buffer), state.worker)
        }
        worker?.finish()
        for buffer in buffers { buffer.finish() }
    }

    // MARK: The worker

    private func run(_ operation: Operation) async {
        switch operation {
        case .subscribe(let id, let filters, let continuation):
            do {
                try await place(filters, for: [id])
                continuation.resume()
            } catch {
                await remove(id)
                continuation.resume(throwing: error)
            }
        case .unsubscribe(let id, let continuation):
            await remove(id)
            continuation.resume()
        case .repair:
            await repair()
        }
    }

    /// Puts `filters` on their links for `subscribers`, sending the subscription commands the
    /// server does not have yet, grouped per link and kind (and slot, for shard channels). The
    /// subscribers are registered before the commands go out, so no message after the server's
    /// confirmation is missed.
    private func place(_ filters: [RedisSubscriptionTarget], for subscribers: [UInt64]) async throws {
        try await place(filters.map { ($0, subscribers) })
    }

    /// ``place(_:for:)`` for targets with subscribers of their own. A `MOVED` answer (a shard
    /// channel's slot has a new owner the map did not know yet) corrects the map and places that
    /// group again, up to 5 times.
    private func place(_ placements: [(RedisSubscriptionTarget, [UInt64])], redirects: Int = 0) async throws {
        var groups: [Group] = []
        for (filter, subscribers) in placements {
            let link = try await router.link(for: filter)
            link.attach(self)
            let key = Key(link: ObjectIdentifier(link), kind: filter.kind, name: filter.name)
            let isNew = state.withLockedValue { state -> Bool in
                let isNew = state.entries[key] == nil
                var entry = state.entries[key] ?? Entry(filter: filter, link: link, subscribers: [])
                for id in subscribers where state.subscribers[id] != nil && !entry.subscribers.contains(id) {
                    entry.subscribers.append(id)
                    state.subscribers[id]?.keys.append(key)
                }
                state.entries[key] = entry
                return isNew
            }
            guard isNew else { continue }
            let slot = filter.kind == .shardChannel ? RedisHashSlot.slot(for: filter.name.readableBytesView) : 0
            if let index = groups.firstIndex(where: { $0.link === link && $0.kind == filter.kind && $0.slot == slot }) {
                groups[index].names.append(filter.name)
            } else {
                groups.append(Group(link: link, kind: filter.kind, slot: slot, names: [filter.name]))
            }
        }
        for group in groups {
            do {
                try await group.link.send(try router.command(group.kind, subscribe: true, group.names), fence: router.sessionCommands.ping())
            } catch {
                // Nothing of this group was subscribed (a refusal takes the whole command); its
                // entries go, so that a later subscription sends them again.
                let removed = state.withLockedValue { state in
                    group.names.compactMap { name -> Entry? in
                        let key = Key(link: ObjectIdentifier(group.link), kind: group.kind, name: name)
                        guard let entry = state.entries.removeValue(forKey: key) else { return nil }
                        for id in entry.subscribers { state.subscribers[id]?.keys.removeAll { $0 == key } }
                        return entry
                    }
                }
                if case RedisError.server(let reply) = error, reply.kind == .moved, redirects < 5,
                   await router.redirected(reply, from: group.link) {
                    try await place(removed.map { ($0.filter, $0.subscribers) }, redirects: redirects + 1)
                    continue
                }
                throw error
            }
        }
    }

    private struct Group {
        var link: RedisPubSubLink
        var kind: RedisSubscriptionKind
        var slot: Int
        var names: [ByteBuffer]
    }

    /// Takes subscriber `id` off its keys, unsubscribing on the server those nobody else needs.
    private func remove(_ id: UInt64) async {
        let emptied = state.withLockedValue { state -> [Entry] in
            guard let subscriber = state.subscribers.removeValue(forKey: id) else { return [] }
            subscriber.buffer.finish()
            var emptied: [Entry] = []
            for key in subscriber.keys {
                state.entries[key]?.subscribers.removeAll { $0 == id }
                if let entry = state.entries[key], entry.subscribers.isEmpty {
                    state.entries[key] = nil
                    emptied.append(entry)
                }
            }
            return emptied
        }
        await unsubscribe(emptied)
    }

    /// Unsubscribes `entries` on their links (grouped), where those links are still connected.
    private func unsubscribe(_ entries: [Entry]) async {
        var groups: [Group] = []
        for entry in entries {
            let slot = entry.filter.kind == .shardChannel ? RedisHashSlot.slot(for: entry.filter.name.readableBytesView) : 0
            if let index = groups.firstIndex(where: { $0.link === entry.link && $0.kind == entry.filter.kind && $0.slot == slot }) {
                groups[index].names.append(entry.filter.name)
            } else {
                groups.append(Group(link: entry.link, kind: entry.filter.kind, slot: slot, names: [entry.filter.name]))
            }
        }
        for group in groups {
            do {
                try await group.link.send(
                    try router.command(group.kind, subscribe: false, group.names), fence: router.sessionCommands.ping(),
                    leaving: group.kind == .shardChannel ? group.names : [], unsubscribing: true)
            } catch {
                // The subscription is gone from the caller's side either way; a connection that
                // failed took it along.
                logger.debug("unsubscribing failed", metadata: ["error": "\(error)"])
            }
        }
    }

    // MARK: Repairs

    package func lost(_ link: RedisPubSubLink) {
        state.withLockedValue { state in
            guard !state.closed else { return }
            state.lostLinks[ObjectIdentifier(link)] = link
            queueRepair(&state)
        }
    }

    /// Queues one repair for whatever is broken by then. Called with the lock held.
    private func queueRepair(_ state: inout State) {
        guard !state.repairQueued, let worker = state.worker else { return }
        state.repairQueued = true
        worker.yield(.repair)
    }

    /// Places again what lost links and moved slots took away, then tells each subscription
    /// concerned with a gap event.
    private func repair() async {
        // The losses of one incident (a restart, a `CLIENT KILL` on every node) come within
        // milliseconds of each other: one repair, and one gap per subscription, covers them all.
        try? await Task.sleep(for: Self.repairGathering)
        let (links, migrated) = state.withLockedValue { state in
            defer {
                state.lostLinks = [:]
                state.migrated = []
                state.repairQueued = false
            }
            return (Array(state.lostLinks.values), state.migrated)
        }
        // What must be placed again, and why; taken off the broken links first.
        var lost: [(entry: Entry, reason: RedisPubSubGap.Reason)] = []
        for link in links {
            await link.reset()
            let id = ObjectIdentifier(link)
            lost += takeEntries { $0.link == id }.map { ($0, .reconnected) }
        }
        let moved = Set(migrated)
        lost += takeEntries { moved.contains($0) }.map { ($0, .slotMigrated) }
        guard !lost.isEmpty else { return }
        logger.debug("placing subscriptions again", metadata: [
            "subscriptions": "\(lost.count)", "lost connections": "\(links.count)", "moved shard channels": "\(migrated.count)",
        ])
        var attempt = 1
        while true {
            if attempt > 1 || !migrated.isEmpty { await router.refresh() }
            do {
                try await place(lost.map { ($0.entry.filter, $0.entry.subscribers) })
                break
            } catch {
                attempt += 1
                guard let delay = router.retryDelay(attempt: attempt), !state.withLockedValue({ $0.closed }) else {
                    logger.warning("subscriptions could not be placed again; ending them", metadata: ["error": "\(error)"])
                    end(lost.flatMap(\.entry.subscribers), error)
                    return
                }
                logger.debug("placing subscriptions again failed; trying again", metadata: ["error": "\(error)", "delay": "\(delay)"])
                try? await Task.sleep(for: delay)
            }
        }
        announce(lost)
    }

    /// Removes the entries whose key matches, detaching their subscribers, and returns them.
    private func takeEntries(where matches: (Key) -> Bool) -> [Entry] {
        state.withLockedValue { state in
            let keys = state.entries.keys.filter(matches)
            return keys.compactMap { key in
                guard let entry = state.entries.removeValue(forKey: key) else { return nil }
                for id in entry.subscribers { state.subscribers[id]?.keys.removeAll { $0 == key } }
                return entry
            }
        }
    }

    /// One gap event per subscription and reason, naming what it concerns.
    private func announce(_ placed: [(entry: Entry, reason: RedisPubSubGap.Reason)]) {
        var gaps: [UInt64: [(RedisPubSubGap.Reason, String)]] = [:]
        for (entry, reason) in placed {
            for id in entry.subscribers { gaps[id, default: []].append((reason, entry.filter.text)) }
        }
        let buffers = state.withLockedValue { state in gaps.keys.compactMap { id in state.subscribers[id].map { (id, $0.buffer) } } }
        for (id, buffer) in buffers {
            let concerned = gaps[id] ?? []
            for reason in [RedisPubSubGap.Reason.reconnected, .slotMigrated] {
                let names = concerned.filter { $0.0 == reason }.map(\.1)
                if !names.isEmpty { buffer.yield(.gap(RedisPubSubGap(reason: reason, subscriptions: names.sorted()))) }
            }
        }
    }

    /// Ends the subscriptions of `ids` with `error`.
    private func end(_ ids: [UInt64], _ error: any Error) {
        let buffers = state.withLockedValue { state in Set(ids).compactMap { state.subscribers[$0]?.buffer } }
        for buffer in buffers { buffer.finish(throwing: error) }
    }

    // MARK: Pushes

    package func received(_ push: RedisPubSubPush, on link: RedisPubSubLink) {
        switch push {
        case .message(let kind, let pattern, let channel, let payload):
            let key = Key(link: ObjectIdentifier(link), kind: kind, name: pattern ?? channel)
            let buffers = state.withLockedValue { state -> [RedisSubscriptionBuffer] in
                guard let entry = state.entries[key] else { return [] }
                return entry.subscribers.compactMap { state.subscribers[$0]?.buffer }
            }
            guard !buffers.isEmpty else { return }
            let message = RedisPubSubMessage(
                kind: kind, channel: String(buffer: channel), pattern: pattern.map { String(buffer: $0) }, payload: payload, node: link.node)
            for buffer in buffers { buffer.yield(.message(message)) }
        case .unsubscribed(.shardChannel, let name?):
            // Not asked for (the link filters out ours): the slot moved to another node.
            let key = Key(link: ObjectIdentifier(link), kind: .shardChannel, name: name)
            state.withLockedValue { state in
                guard !state.closed, state.entries[key] != nil else { return }
                state.migrated.append(key)
                queueRepair(&state)
            }
        case .subscribed, .unsubscribed:
            break
        }
    }
}
