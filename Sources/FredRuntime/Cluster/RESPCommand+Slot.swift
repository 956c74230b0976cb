extension RESPCommand {
    /// The slot of the command's keys, nil for a command without keys: as computed while it was
    /// built (``keySlot``), else read back through its key specs. Keys in different slots throw
    /// ``RedisError/crossSlot(command:)``.
    func routingSlot() throws -> Int? {
        switch keySlot {
        case .keyless: return nil
        case .slot(let slot): return slot
        case .crossSlot: throw RedisError.crossSlot(command: info.name)
        case .untracked: break
        }
        guard let keys = info.keys(of: self), let first = keys.first else { return nil }
        let slot = RedisHashSlot.slot(for: first)
        for key in keys.dropFirst() where RedisHashSlot.slot(for: key) != slot {
            throw RedisError.crossSlot(command: info.name)
        }
        return slot
    }
}
