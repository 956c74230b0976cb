import Fred

/// Compares two replies under a ``DiffCheck``.
public enum DiffComparison {
    /// Nil when the replies agree, else why they do not.
    public static func compare(_ check: DiffCheck, real: DiffReply, mock: DiffReply, observed: DiffReply?) -> String? {
        if real == mock { return nil }  // the same reply agrees under every check (`+QUEUED` inside MULTI)
        switch check {
        case .exact:
            return real == mock ? nil : "the replies differ"
        case .unordered:
            guard case .value = real, case .value = mock else { return real == mock ? nil : "the replies differ" }
            guard let left = real.elements, let right = mock.elements else { return real == mock ? nil : "the replies differ" }
            return sortedDescriptions(left) == sortedDescriptions(right) ? nil : "the elements differ (in any order)"
        case .unorderedPairs:
            guard case .value = real, case .value = mock else { return real == mock ? nil : "the replies differ" }
            guard let left = real.elements, let right = mock.elements else { return real == mock ? nil : "the replies differ" }
            return pairDescriptions(left) == pairDescriptions(right) ? nil : "the pairs differ (in any order)"
        case .near(let tolerance):
            if let left = real.integer, let right = mock.integer {
                return abs(left - right) <= tolerance ? nil : "the integers differ by more than \(tolerance)"
            }
            return real == mock ? nil : "the replies differ"
        case .scanAll:
            return "the full scans found different elements"
        case .random(let check):
            if case .error = real, real == mock { return nil }
            return check.accept(real, mock, observed)
        }
    }

    static func sortedDescriptions(_ values: [RESPValue]) -> [String] {
        values.map(\.description).sorted()
    }

    static func pairDescriptions(_ values: [RESPValue]) -> [String]? {
        guard values.count.isMultiple(of: 2) else { return nil }
        return stride(from: 0, to: values.count, by: 2).map { "\(values[$0]) => \(values[$0 + 1])" }.sorted()
    }
}

/// Ready-made checks for replies Redis picks at random.
extension DiffRandomCheck {
    /// Both replies are null, or bulk strings found in the observed collection.
    /// (`SRANDMEMBER key`, `SPOP key` with `reconcile`, `RANDOMKEY` observing `KEYS *`.)
    public static func oneOf(observing observe: [String], reconcile: @escaping @Sendable (DiffReply, DiffReply) -> [[String]] = { _, _ in [] }) -> DiffRandomCheck {
        DiffRandomCheck(observe: observe, accept: { real, mock, observed in
            let pool = Set((observed?.elements ?? []).map(\.description))
            for (side, reply) in [("redis-server", real), ("mock", mock)] {
                guard case .value(let value) = reply else { return "\(side) answered \(reply)" }
                if value == .null { if !pool.isEmpty { return "\(side) answered null from a non-empty collection" } else { continue } }
                guard pool.contains(value.description) else { return "\(side) answered \(value), which is not in \(observed.map(\.description) ?? "nothing")" }
            }
            if (real == .value(.null)) != (mock == .value(.null)) { return "one side answered null" }
            return nil
        }, reconcile: reconcile)
    }

    /// Both replies are arrays of the same length whose elements all come from the observed
    /// collection; `distinct` when they may not repeat. (`SRANDMEMBER key 3`, `SPOP key 2`.)
    public static func someOf(observing observe: [String], distinct: Bool,
                              reconcile: @escaping @Sendable (DiffReply, DiffReply) -> [[String]] = { _, _ in [] }) -> DiffRandomCheck {
        DiffRandomCheck(observe: observe, accept: { real, mock, observed in
            let pool = Set((observed?.elements ?? []).map(\.description))
            guard let left = real.elements, let right = mock.elements else {
                return real == mock ? nil : "the replies differ"
            }
            guard left.count == right.count else { return "\(left.count) elements from redis-server, \(right.count) from the mock" }
            for (side, items) in [("redis-server", left), ("mock", right)] {
                if let stray = items.first(where: { !pool.contains($0.description) }) { return "\(side) answered \(stray), not in the collection" }
                if distinct && Set(items.map(\.description)).count != items.count { return "\(side) repeated an element" }
            }
            return nil
        }, reconcile: reconcile)
    }
}
