/// The seeded random source of the differential run: the same seed gives the same commands.
///
/// SplitMix64: small, fast and the same on every platform (Swift's own generators are not seeded).
public struct DiffRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    /// A number that only grows during a run (stream IDs come from it), starting at 100.
    public private(set) var counter: UInt64 = 100

    public init(seed: UInt64) { state = seed }

    /// Moves ``counter`` forward by `step` and returns its new value.
    public mutating func advanceCounter(by step: UInt64) -> UInt64 {
        counter += step
        return counter
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// True with probability `probability` (0...1).
    public mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }

    /// One of `choices`.
    public mutating func pick<T>(_ choices: [T]) -> T { choices[Int.random(in: 0..<choices.count, using: &self)] }

    /// Some of `choices` (at least `minimum`), without repeats, in random order.
    public mutating func some<T>(_ choices: [T], minimum: Int = 1) -> [T] {
        let count = int(min(minimum, choices.count)...choices.count)
        return Array(choices.shuffled(using: &self).prefix(count))
    }

    /// A key from the small pool every group shares, so that commands of one group meet values of
    /// another (and `WRONGTYPE` comes up on its own): `k0`…`k7`, with a hash tag-free name.
    public mutating func key() -> String { "k\(int(0...7))" }

    /// A small member or field name (`m0`…`m9`), sometimes a number (intsets, sorting).
    public mutating func member() -> String { chance(0.2) ? String(int(-5...20)) : "m\(int(0...9))" }

    /// An integer argument, now and then an invalid one (`abc`, `1.5`, out of range).
    public mutating func integerArgument(_ range: ClosedRange<Int> = -10...10, invalid: Double = 0.05) -> String {
        if chance(invalid) { return pick(["abc", "1.5", "", "99999999999999999999", " 1", "+1"]) }
        return String(int(range))
    }

    /// A float argument, now and then an invalid one.
    public mutating func floatArgument(invalid: Double = 0.05) -> String {
        if chance(invalid) { return pick(["abc", "nan", "", "1e", "--1"]) }
        return pick([String(int(-10...10)), "\(int(-100...100)).\(int(0...99))", "1e2", "-0.5", "inf", "-inf", "0"])
    }
}
