extension DiffGroup {
    /// Bitmaps: single bits, counts and searches over byte and bit ranges, BITOP, BITFIELD.
    ///
    /// Offsets stay small (under 1000 bits) so that no side allocates much; the largest offsets
    /// appear only where they are refused (an error) or read (`BITFIELD … GET`).
    public static let bitmaps = DiffGroup(name: "bitmaps", commands: [
        "SETBIT", "GETBIT", "BITCOUNT", "BITPOS", "BITOP", "BITFIELD", "BITFIELD_RO",
    ]) { random in
        let key = random.key()
        func bitOffset() -> String {
            random.chance(0.95) ? String(random.int(0...(random.chance(0.7) ? 40 : 300)))
                : random.pick(["-1", "abc", "4294967296", "#1", "1.5", ""])
        }
        func rangeIndex() -> String { random.integerArgument(random.chance(0.7) ? -6...6 : -50...50) }
        func unit() -> [String] {
            random.chance(0.5) ? [] : [random.chance(0.95) ? random.pick(["BYTE", "BIT", "bit", "Byte"]) : "BITS"]
        }
        func fieldType() -> String {
            if random.chance(0.05) { return random.pick(["u64", "i65", "i0", "u0", "x8", "I8", "u", "i08", ""]) }
            let signed = random.chance(0.5)
            let width = random.chance(0.7) ? random.pick([1, 2, 4, 5, 8, 16]) : random.int(1...(signed ? 64 : 63))
            return (signed ? "i" : "u") + String(width)
        }
        func fieldOffset() -> String {
            if random.chance(0.03) { return random.pick(["-1", "x", "#", "#-1", "4294967296", "#9223372036854775807"]) }
            return random.chance(0.3) ? "#\(random.int(0...4))" : String(random.int(0...70))
        }
        func fieldValue() -> String {
            if random.chance(0.03) { return random.pick(["x", "1.5", "99999999999999999999"]) }
            return random.pick([
                String(random.int(-20...300)), String(random.int(-20...300)), "9223372036854775807", "-9223372036854775808",
                "127", "128", "-129", "255", "256", "-1", "4611686018427387904",
            ])
        }
        func fieldOperations(writes: Bool) -> [String] {
            var words: [String] = []
            for _ in 0..<random.int(0...3) {
                switch random.int(0...(writes ? 4 : 0)) {
                case 0: words += ["GET", fieldType(), fieldOffset()]
                case 1: words += ["SET", fieldType(), fieldOffset(), fieldValue()]
                case 2: words += ["INCRBY", fieldType(), fieldOffset(), fieldValue()]
                case 3: words += ["OVERFLOW", random.chance(0.95) ? random.pick(["WRAP", "SAT", "FAIL", "fail"]) : "BOUNCE"]
                default: words += random.pick([["GET", "u8"], ["SET", "u8", "0"], ["BOGUS"], ["OVERFLOW"], ["GET", "i64", "4294967295"]])
                }
            }
            return words
        }

        switch random.int(0...15) {
        case 0, 1, 2:
            let value = random.chance(0.95) ? random.pick(["0", "1"]) : random.pick(["2", "-1", "x", ""])
            return [DiffCommand(["SETBIT", key, bitOffset(), value])]
        case 3: return [DiffCommand(["GETBIT", key, bitOffset()])]
        case 4, 5:
            var words = ["BITCOUNT", key]
            if random.chance(0.7) { words += [rangeIndex(), rangeIndex()] + unit() }
            if random.chance(0.03) { words += random.pick([["1"], ["1", "2", "BYTE", "x"]]) }
            return [DiffCommand(words)]
        case 6, 7:
            var words = ["BITPOS", key, random.chance(0.95) ? random.pick(["0", "1"]) : random.pick(["2", "-1", "x"])]
            switch random.int(0...3) {
            case 0: break
            case 1: words += [rangeIndex()]
            default: words += [rangeIndex(), rangeIndex()] + unit()
            }
            if random.chance(0.03) { words += ["BYTE", "x"] }
            return [DiffCommand(words)]
        case 8, 9:
            let operation = random.chance(0.95) ? random.pick(["AND", "OR", "XOR", "NOT", "and", "Xor"]) : "NAND"
            let count = operation.uppercased() == "NOT" && random.chance(0.9) ? 1 : random.int(1...3)
            return [DiffCommand(["BITOP", operation, random.key()] + (0..<count).map { _ in random.key() })]
        case 10, 11: return [DiffCommand(["BITFIELD", key] + fieldOperations(writes: true))]
        case 12:
            let operations = random.chance(0.85) ? fieldOperations(writes: false) : fieldOperations(writes: true)
            return [DiffCommand(["BITFIELD_RO", key] + operations)]
        case 13:
            // Strings with varied bits (and a few other types, for WRONGTYPE).
            if random.chance(0.2) { return [DiffCommand(["RPUSH", key, "a"])] }
            return [DiffCommand(["SET", key, random.pick(["foobar", "\u{ff}\u{f0}\u{00}", "abc", "1234", "", "\u{7f}\u{ff}\u{ff}\u{80}", "\u{0}\u{0}\u{1}"])])]
        case 14: return [DiffCommand(["GET", key])]
        default:
            // The wrong number of arguments.
            return [DiffCommand(random.pick([
                ["SETBIT", key, "1"], ["GETBIT", key], ["BITCOUNT"], ["BITPOS", key], ["BITOP", "AND", key],
                ["BITOP", "NOT", key], ["BITFIELD"], ["BITFIELD_RO"], ["GETBIT", key, "1", "2"],
            ]))]
        }
    }
}
