import Fred

extension DiffGroup {
    /// HyperLogLog: PFADD (small and large batches, so that estimates cover a wide range),
    /// PFCOUNT of one and several keys, PFMERGE.
    ///
    /// HyperLogLogs live at their own keys `hll0`…`hll3`: a string command there (`GET`) cannot
    /// give a server's bytes (its encoding depends on the value's history). Shared keys are only
    /// read (`PFCOUNT`, a `PFMERGE` source), or written and deleted again at once, for WRONGTYPE.
    /// Strings set to a server's own HyperLogLog encoding (sparse and dense, with a cached count)
    /// are read as HyperLogLogs too.
    public static let hyperLogLog = DiffGroup(name: "hyperLogLog", commands: ["PFADD", "PFCOUNT", "PFMERGE"]) { random in
        func hllKey(_ random: inout DiffRandom) -> String { "hll\(random.int(0...3))" }
        let key = hllKey(&random)
        switch random.int(0...21) {
        case 0, 1, 2, 3:
            return [DiffCommand(["PFADD", key] + (0..<random.int(1...20)).map { _ in "e\(random.int(0...300))" })]
        case 4: return [DiffCommand(["PFADD", key])]
        case 5:
            // A large batch of new elements, so that estimates reach thousands and beyond.
            let prefix = "b\(random.int(0...1_000_000))-"
            let size = random.chance(0.05) ? 40_000 : random.pick([100, 500, 2_000, 6_000])
            return [DiffCommand(["PFADD", key] + (0..<size).map { "\(prefix)\($0)" })]
        case 6, 7: return [DiffCommand(["PFCOUNT", key])]
        case 8: return [DiffCommand(["PFCOUNT"] + (0..<random.int(2...4)).map { _ in hllKey(&random) })]
        case 9: return [DiffCommand(["PFMERGE", key] + (0..<random.int(1...3)).map { _ in hllKey(&random) })]
        case 10: return [DiffCommand(["PFMERGE", key]), DiffCommand(["PFCOUNT", key])]
        case 11:
            // Shared keys are read only here: WRONGTYPE for other types and plain strings.
            return [DiffCommand(random.chance(0.5) ? ["PFCOUNT", random.key()] : ["PFCOUNT", key, random.key()])]
        case 12: return [DiffCommand(["PFMERGE", key, random.key()])]
        case 13:
            let shared = random.key()
            let write = random.chance(0.5) ? ["PFADD", shared, "e1"] : ["PFMERGE", shared, key]
            return [DiffCommand(write), DiffCommand(["PFCOUNT", shared]), DiffCommand(["DEL", shared])]
        case 14:
            return [DiffCommand(["SET", key, random.pick(["notanhll", "HYLL", "HYLLxxxxxxxxxxxxxxxxx", ""])]),
                    DiffCommand([random.pick(["PFADD", "PFCOUNT"]), key, "e1"])]
        case 15:
            if random.chance(0.2) {
                // Counters on a HyperLogLog ("HYLL…" is no number). PFADD first, so that no number
                // is ever stored here.
                return [DiffCommand(["PFADD", key, "e1"]), DiffCommand(random.pick([["INCR", key], ["INCRBYFLOAT", key, "1"]]))]
            }
            return [DiffCommand(random.pick([["TYPE", key], ["EXISTS", key], ["DEL", key], ["OBJECT", "ENCODING", key],
                                             ["RENAME", key, hllKey(&random)], ["COPY", key, hllKey(&random), "REPLACE"]]))]
        case 16:
            // A server's own encodings written as strings: a cached count (read as is by PFCOUNT of
            // one key), registers (read by the other commands), or corrupt registers.
            // (`PFADD` of elements to a corrupt one is not modelled, so a corrupt one is deleted
            // again at once.)
            let cached = UInt8(random.int(0...127))
            let sparse = random.chance(0.7)
            let corrupt = sparse && random.chance(0.3)
            let string = sparse
                ? sparseHyperLogLog(cached: cached, runs: corrupt ? random.pick([127, 129]) : 128)
                : denseHyperLogLog(cached: cached, fill: UInt8(random.int(0...127)))
            var next = random.pick([["PFCOUNT", key], ["PFCOUNT", key, hllKey(&random)], ["PFADD", key, "e\(random.int(0...300))"],
                                    ["PFMERGE", hllKey(&random), key], ["PFADD", key]])
            if corrupt && next.count == 3 && next[0] == "PFADD" { next = ["PFCOUNT", key] }
            return [DiffCommand(["SET", key, string]), DiffCommand(next), DiffCommand(["PFCOUNT", key, key])]
                + (corrupt ? [DiffCommand(["DEL", key])] : [])
        case 17:
            return [DiffCommand(random.pick([["PFADD"], ["PFCOUNT"], ["PFMERGE"]]))]
        case 18:
            return [DiffCommand(["EXPIRE", key, "100000"]),
                    DiffCommand(random.chance(0.5) ? ["PFADD", key, "e\(random.int(0...300))"] : ["PFMERGE", key, hllKey(&random)]),
                    DiffCommand(["TTL", key], check: .near(1))]
        case 19:
            return [DiffCommand(random.pick([["SADD", key, "x"], ["DEL", key], ["HSET", key, "f", "v"]]))]
        default:
            return [DiffCommand(["PFADD", key] + (0..<random.int(1...5)).map { _ in random.member() }),
                    DiffCommand(["PFCOUNT", key])]
        }
    }

    /// A sparse HyperLogLog string: header with a valid cached count, then `runs` XZERO opcodes of
    /// 128 zero registers each (128 runs make the 16384 registers; other numbers are corrupt).
    /// Every byte is below 0x80, so it travels as a UTF-8 command word unchanged.
    static func sparseHyperLogLog(cached: UInt8, runs: Int) -> String {
        var bytes: [UInt8] = Array("HYLL".utf8) + [1, 0, 0, 0, cached, 0, 0, 0, 0, 0, 0, 0]
        for _ in 0..<runs { bytes += [0x40, 0x7F] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A dense HyperLogLog string: header with a valid cached count, then 12288 register bytes
    /// (all below 0x80) following a pattern from `fill`.
    static func denseHyperLogLog(cached: UInt8, fill: UInt8) -> String {
        var bytes: [UInt8] = Array("HYLL".utf8) + [0, 0, 0, 0, cached, 0, 0, 0, 0, 0, 0, 0]
        for index in 0..<12_288 { bytes.append(UInt8((Int(fill) &+ index * 7) % 128)) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
