extension DiffGroup {
    /// Every group the differential run draws from, in report order.
    public static let all: [DiffGroup] = [
        .strings, .bitmaps, .keys, .lists, .hashes, .sets, .sortedSets, .hyperLogLog, .geo, .streams, .transactions,
    ]
}
