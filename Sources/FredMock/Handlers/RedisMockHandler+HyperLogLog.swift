import FredRuntime
import NIOCore

/// Handlers for the HyperLogLog group (`PFADD`, `PFCOUNT`, `PFMERGE`).
///
/// The engine keeps a HyperLogLog as ``RedisMockHyperLogLog`` registers. A string value that is a
/// server's HyperLogLog encoding (set with `SET` from a real server's `GET`) is read as one too.
extension RedisMockHandler {
    static let notAHyperLogLog = RedisMockContext.error("WRONGTYPE Key is not a valid HyperLogLog string value.")
    static let corruptHyperLogLog = RedisMockContext.error("INVALIDOBJ Corrupted HLL object detected")

    /// `PFADD key [element …]`: 1 when a register changed or the key was created.
    public static let pfadd = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        let key = context.arguments[0]
        let existing = context.entry(key)
        var updated = existing == nil
        var registers: RedisMockHyperLogLog
        switch existing?.data {
        case nil:
            registers = RedisMockHyperLogLog()
        case .hyperLogLog(let value)?:
            registers = value
        case .string(let bytes)?:
            guard RedisMockHyperLogLog.isValidString(bytes) else { throw notAHyperLogLog }
            if context.arguments.count == 1 { return .integer(0) }
            // A server adds to a corrupt sparse encoding as far as it goes: not modelled.
            guard let value = RedisMockHyperLogLog(string: bytes) else { throw context.unsupported("on a corrupt HyperLogLog string") }
            registers = value
        default:
            throw RedisMockContext.wrongType
        }
        for element in context.arguments.dropFirst() where registers.add(element) {
            updated = true
        }
        if updated {
            registers.cacheIsValid = false
            context.setEntry(RedisMockEntry(data: .hyperLogLog(registers), expiresAt: existing?.expiresAt), for: key)
        }
        return .integer(updated ? 1 : 0)
    }

    /// `PFCOUNT key [key …]`: the estimate of one HyperLogLog, or of the union of several.
    public static let pfcount = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        guard context.arguments.count == 1 else {
            var union = RedisMockHyperLogLog()
            for key in context.arguments {
                if let registers = try hyperLogLog(context, at: key) { union.merge(registers) }
            }
            return .integer(union.cardinality)
        }
        // One key: a server answers from the cardinality cached in the value, or computes it and
        // caches it (so writes the key).
        let key = context.arguments[0]
        guard var entry = context.entry(key) else { return .integer(0) }
        switch entry.data {
        case .hyperLogLog(var registers):
            let count = registers.cardinality
            if !registers.cacheIsValid {
                registers.cacheIsValid = true
                entry.data = .hyperLogLog(registers)
                context.setEntry(entry, for: key)
            }
            return .integer(count)
        case .string(let bytes):
            guard RedisMockHyperLogLog.isValidString(bytes) else { throw notAHyperLogLog }
            if let cached = RedisMockHyperLogLog.cachedCount(inString: bytes) { return .integer(cached) }
            guard let registers = RedisMockHyperLogLog(string: bytes) else { throw corruptHyperLogLog }
            let count = registers.cardinality
            entry.data = .string(RedisMockHyperLogLog.caching(count, inString: bytes))
            context.setEntry(entry, for: key)
            return .integer(count)
        default:
            throw RedisMockContext.wrongType
        }
    }

    /// `PFMERGE destkey [sourcekey …]`: the destination (created if needed) takes the largest of
    /// every register of itself and the sources.
    public static let pfmerge = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        var merged = RedisMockHyperLogLog()
        for key in context.arguments {
            if let registers = try hyperLogLog(context, at: key) { merged.merge(registers) }
        }
        let destination = context.arguments[0]
        merged.cacheIsValid = false
        context.setEntry(RedisMockEntry(data: .hyperLogLog(merged), expiresAt: context.entry(destination)?.expiresAt), for: destination)
        return .ok
    }

    /// The HyperLogLog at `key`: nil if there is none, `WRONGTYPE` for another type or a string
    /// that is not a HyperLogLog, `INVALIDOBJ` for a corrupt one.
    private static func hyperLogLog(_ context: RedisMockContext, at key: [UInt8]) throws -> RedisMockHyperLogLog? {
        switch context.entry(key)?.data {
        case nil:
            return nil
        case .hyperLogLog(let registers)?:
            return registers
        case .string(let bytes)?:
            guard RedisMockHyperLogLog.isValidString(bytes) else { throw notAHyperLogLog }
            guard let registers = RedisMockHyperLogLog(string: bytes) else { throw corruptHyperLogLog }
            return registers
        default:
            throw RedisMockContext.wrongType
        }
    }
}

extension RedisMockContext {
    /// Throws the typed unsupported error when `key` holds a HyperLogLog: a server would answer
    /// from the bytes of its encoding (sparse or dense, with a cached count), which depend on the
    /// value's history and are not modelled.
    func refuseHyperLogLogBytes(_ key: [UInt8]) throws {
        if case .hyperLogLog? = entry(key)?.data { throw unsupported("on a HyperLogLog value") }
    }
}
