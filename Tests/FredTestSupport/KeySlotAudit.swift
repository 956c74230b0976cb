import Fred
import Logging
import NIOCore
import NIOPosix
import Testing

/// Opens real TCP connections whose every command is checked: the hash slot its builder computed
/// while encoding (``RESPCommand/keySlot``) must be the one its keys have by the spec's key specs,
/// or cluster routing would send it to the wrong node. A mismatch is recorded as a test issue.
public struct KeySlotAuditingFactory: RedisTransportFactory {
    public let host: String
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { "\(host):\(port) (auditing key slots)" }

    public func openTransport(logger: Logger) async throws -> any RedisTransport {
        let connection = try await RedisConnection.connect(host: host, port: port, logger: logger, group: MultiThreadedEventLoopGroup.singleton)
        return KeySlotAuditingTransport(base: connection)
    }
}

/// Whether `command`'s computed slot disagrees with its keys: the reason, or nil when it agrees
/// (or computed none).
public func keySlotDisagreement(_ command: RESPCommand) -> String? {
    let info = command.info
    switch command.keySlot {
    case .untracked:
        return nil
    case .keyless:
        return info.keySpecs.isEmpty ? nil : "\(info.name) has key specs but its builder says it has no keys"
    case .slot(let slot):
        guard let keys = info.keys(of: command) else { return nil }
        let slots = Set(keys.map { RedisHashSlot.slot(for: $0) })
        return slots == [slot] ? nil : "\(info.name): computed slot \(slot), keys \(keys.map { String(decoding: $0, as: UTF8.self) }) are in \(slots.sorted())"
    case .crossSlot:
        guard let keys = info.keys(of: command) else { return nil }
        let slots = Set(keys.map { RedisHashSlot.slot(for: $0) })
        return slots.count > 1 ? nil : "\(info.name): computed cross-slot, keys are in \(slots.sorted())"
    }
}

final class KeySlotAuditingTransport: RedisTransport {
    let base: any RedisTransport

    init(base: any RedisTransport) { self.base = base }

    private func audit(_ command: RESPCommand) {
        if let disagreement = keySlotDisagreement(command) { Issue.record(Comment(rawValue: disagreement)) }
    }

    func send(_ command: RESPCommand, deadline: NIODeadline?) async throws -> RESPValue {
        audit(command)
        return try await base.send(command, deadline: deadline)
    }

    func send(_ commands: [RESPCommand], deadline: NIODeadline?) async -> [Result<RESPValue, RedisError>] {
        commands.forEach(audit)
        return await base.send(commands, deadline: deadline)
    }

    func send(_ command: RESPCommand, fence: RESPCommand, deadline: NIODeadline?) async throws {
        audit(command)
        try await base.send(command, fence: fence, deadline: deadline)
    }

    func receivePushes(pubSubArrays: Bool, _ handler: @escaping @Sendable (RESPValue) -> Void) async {
        await base.receivePushes(pubSubArrays: pubSubArrays, handler)
    }

    var isOpen: Bool { base.isOpen }
    func whenClosed(_ handler: @escaping @Sendable (RedisError) -> Void) { base.whenClosed(handler) }
    func close() async { await base.close() }
    var eventLoop: (any EventLoop)? { base.eventLoop }
    func handshakeCompleted() { base.handshakeCompleted() }
}
