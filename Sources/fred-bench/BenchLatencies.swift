/// Request latencies in microseconds, counted the way HdrHistogram counts them: exactly below
/// 2048 µs, above in buckets no wider than 1/1024 of their value (three significant digits).
/// Recording never allocates once the array has grown to the largest latency seen.
struct BenchLatencies {
    /// 2^10 buckets for each power of two above 2048.
    private static let subBucketBits = 10
    private static let exactBelow: UInt64 = 1 << (subBucketBits + 1)

    private var counts: [UInt64] = []
    private(set) var totalCount: UInt64 = 0
    private var sum: Double = 0
    /// The smallest and largest latencies recorded (exact, not bucketed); 0 when none.
    private(set) var min: UInt64 = 0
    private(set) var max: UInt64 = 0

    init() {
        counts.reserveCapacity(Self.index(of: 1_000_000) + 1)  // up to 1 s without growing
    }

    /// The bucket of `value`.
    static func index(of value: UInt64) -> Int {
        guard value >= exactBelow else { return Int(value) }
        let shift = (63 - value.leadingZeroBitCount) - subBucketBits  // 1 for 2048…4095
        let top = value >> shift  // 1024…2047
        return Int(exactBelow) + ((shift - 1) << subBucketBits) + Int(top - (1 << subBucketBits))
    }

    /// The largest value that falls in bucket `index`.
    static func highestValue(in index: Int) -> UInt64 {
        guard index >= Int(exactBelow) else { return UInt64(index) }
        let offset = index - Int(exactBelow)
        let shift = (offset >> subBucketBits) + 1
        let top = UInt64(offset & ((1 << subBucketBits) - 1)) + (1 << subBucketBits)
        return ((top + 1) << shift) - 1
    }

    mutating func record(_ value: UInt64, count: UInt64 = 1) {
        guard count > 0 else { return }
        let index = Self.index(of: value)
        if index >= counts.count { counts.append(contentsOf: repeatElement(0, count: index + 1 - counts.count)) }
        counts[index] += count
        min = totalCount == 0 ? value : Swift.min(min, value)
        max = Swift.max(max, value)
        totalCount += count
        sum += Double(value) * Double(count)
    }

    mutating func add(_ other: BenchLatencies) {
        guard other.totalCount > 0 else { return }
        if other.counts.count > counts.count { counts.append(contentsOf: repeatElement(0, count: other.counts.count - counts.count)) }
        for (index, count) in other.counts.enumerated() where count > 0 { counts[index] += count }
        min = totalCount == 0 ? other.min : Swift.min(min, other.min)
        max = Swift.max(max, other.max)
        totalCount += other.totalCount
        sum += other.sum
    }

    /// The mean in microseconds (0 when nothing was recorded).
    var mean: Double { totalCount == 0 ? 0 : sum / Double(totalCount) }

    /// The latency that `percentile` % of the requests did not exceed: the top of its bucket,
    /// never above ``max``.
    func valueAtPercentile(_ percentile: Double) -> UInt64 {
        guard totalCount > 0 else { return 0 }
        let wanted = Swift.max(1, UInt64((Swift.min(percentile, 100) / 100 * Double(totalCount)).rounded(.up)))
        var seen: UInt64 = 0
        for (index, count) in counts.enumerated() where count > 0 {
            seen += count
            if seen >= wanted { return Swift.min(Self.highestValue(in: index), max) }
        }
        return max
    }

    /// How many requests took at most `range.upperBound` microseconds (by bucket).
    func count(within range: ClosedRange<UInt64>) -> UInt64 {
        let last = Swift.min(Self.index(of: range.upperBound), counts.count - 1)
        guard last >= 0 else { return 0 }
        let first = Self.index(of: range.lowerBound)
        guard first <= last else { return 0 }
        return counts[first...last].reduce(0, +)
    }
}
