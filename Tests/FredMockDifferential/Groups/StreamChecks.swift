import Fred
import Foundation

extension DiffRandomCheck {
    /// Replies that carry times (`XPENDING`'s idle times, `XINFO CONSUMERS`' idle, `XINFO STREAM
    /// FULL`'s seen and delivery times): the two sides read their clocks a few milliseconds
    /// apart, so the structure must match exactly and the times within 1500 ms.
    public static let timeTolerant = DiffRandomCheck(accept: { real, mock, _ in
        guard case .value(let left) = real, case .value(let right) = mock else { return real == mock ? nil : "the replies differ" }
        return StreamReplies.compare(left, right, tolerance: 1500)
    })

    /// `XADD … *` on a new key: both sides answer `ms-0` with clocks at most 2 s apart.
    public static let freshAutoID = DiffRandomCheck(accept: { real, mock, _ in
        guard case .value(let left) = real, case .value(let right) = mock else { return real == mock ? nil : "the replies differ" }
        guard let leftMs = StreamReplies.autoMs(left), let rightMs = StreamReplies.autoMs(right) else {
            return "not a fresh ID: \(left) from redis-server, \(right) from the mock"
        }
        return abs(leftMs - rightMs) <= 2000 ? nil : "the IDs' times differ by \(abs(leftMs - rightMs)) ms"
    })
}

/// Structural comparison of stream replies with time fields compared within a tolerance.
enum StreamReplies {
    static func autoMs(_ value: RESPValue) -> Int64? {
        guard case .bulkString(let buffer) = value else { return nil }
        let parts = String(buffer: buffer).split(separator: "-")
        guard parts.count == 2, parts[1] == "0", let ms = Int64(parts[0]) else { return nil }
        return ms
    }

    static func isID(_ value: RESPValue) -> Bool {
        guard case .bulkString(let buffer) = value else { return false }
        let parts = String(buffer: buffer).split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    static func isTimeKey(_ value: RESPValue) -> Bool {
        guard case .bulkString(let buffer) = value else { return false }
        return ["idle", "seen-time"].contains(String(buffer: buffer))
    }

    /// Nil when equal but for times within `tolerance`, else why not.
    static func compare(_ left: RESPValue, _ right: RESPValue, tolerance: Int) -> String? {
        switch (left, right) {
        case (.array(let a), .array(let b)), (.set(let a), .set(let b)), (.push(let a), .push(let b)):
            guard a.count == b.count else { return "\(a.count) elements from redis-server, \(b.count) from the mock" }
            let times = timePositions(a)
            for index in a.indices {
                if times.contains(index), case .integer(let x) = a[index], case .integer(let y) = b[index] {
                    if abs(x - y) > tolerance { return "times \(x) and \(y) differ by more than \(tolerance) ms" }
                    continue
                }
                if let reason = compare(a[index], b[index], tolerance: tolerance) { return reason }
            }
            return nil
        case (.map(let a), .map(let b)):
            guard a.count == b.count else { return "\(a.count) map entries from redis-server, \(b.count) from the mock" }
            for (x, y) in zip(a, b) {
                guard x.key == y.key else { return "keys \(x.key) and \(y.key) differ" }
                if isTimeKey(x.key), case .integer(let p) = x.value, case .integer(let q) = y.value {
                    if abs(p - q) > tolerance { return "\(x.key): \(p) and \(q) differ by more than \(tolerance) ms" }
                    continue
                }
                if let reason = compare(x.value, y.value, tolerance: tolerance) { return reason }
            }
            return nil
        default:
            return left == right ? nil : "\(left) and \(right) differ"
        }
    }

    /// Positions of times in an array: after an `idle`/`seen-time` key (RESP2's flat maps), the
    /// third of `[id, consumer, time, count]` (pending entries) and the second of
    /// `[id, time, count]` (a consumer's pending entries).
    static func timePositions(_ items: [RESPValue]) -> Set<Int> {
        var positions: Set<Int> = []
        for index in items.indices.dropFirst() where isTimeKey(items[index - 1]) { positions.insert(index) }
        if items.count == 4, isID(items[0]), case .bulkString = items[1], case .integer = items[2], case .integer = items[3] {
            positions.insert(2)
        }
        if items.count == 3, isID(items[0]), case .integer = items[1], case .integer = items[2] {
            positions.insert(1)
        }
        return positions
    }
}
