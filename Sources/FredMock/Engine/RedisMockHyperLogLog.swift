import FredRuntime
/// A HyperLogLog stored in the in-memory engine (`PFADD`), with the registers and estimator of a
/// Redis server, so that `PFCOUNT` gives exactly the server's estimate.
///
/// Redis hashes each element with MurmurHash64A (seed `0xadc83b19`); the low 14 bits pick one of
/// 16384 registers, and the register keeps the longest run of zero bits (plus one) seen in the
/// remaining 50 bits. The estimate is Otmar Ertl's improved estimator (`hllCount` since Redis 5).
/// The registers are kept dense, one byte each; a server's sparse or dense byte layout is not
/// modelled (it depends on the history of the value), so the value cannot be read as a string.
public struct RedisMockHyperLogLog: Sendable, Hashable {
    /// Bits of the hash that pick the register.
    public static let precision = 14
    /// 16384 registers.
    public static let registerCount = 1 << precision
    /// One byte per register.
    public private(set) var registers: [UInt8]
    /// Whether a server would hold a valid cached cardinality in the value's header: false after a
    /// change (`PFADD` that updates a register, `PFMERGE`) until a single-key `PFCOUNT` recomputes
    /// it (and so writes the key).
    public var cacheIsValid = true

    /// An empty HyperLogLog (every register zero), as `PFADD key` creates it.
    public init() {
        registers = [UInt8](repeating: 0, count: Self.registerCount)
    }

    /// A HyperLogLog with the given registers; nil unless there are 16384 of them, each fitting
    /// the 6 bits of a server's dense register (`PFADD` itself sets at most 51).
    public init?(registers: [UInt8]) {
        guard registers.count == Self.registerCount, registers.allSatisfy({ $0 <= 63 }) else { return nil }
        self.registers = registers
    }

    /// Adds an element; true when a register changed.
    @discardableResult
    public mutating func add(_ element: [UInt8]) -> Bool {
        let (index, run) = Self.registerAndRun(element)
        guard registers[index] < run else { return false }
        registers[index] = run
        return true
    }

    /// Raises every register to the other HyperLogLog's, where that is larger.
    public mutating func merge(_ other: RedisMockHyperLogLog) {
        for index in 0..<Self.registerCount where other.registers[index] > registers[index] {
            registers[index] = other.registers[index]
        }
    }

    /// The cardinality estimate, exactly as a Redis server computes it (`PFCOUNT`).
    public var cardinality: Int {
        var histogram = [Int](repeating: 0, count: 64)
        for register in registers { histogram[Int(register)] += 1 }
        return Self.estimate(histogram)
    }

    /// The register an element lands in and the run length it records.
    static func registerAndRun(_ element: [UInt8]) -> (index: Int, run: UInt8) {
        var hash = murmurHash64A(element, seed: 0xadc8_3b19)
        let index = Int(hash & UInt64(registerCount - 1))
        hash >>= UInt64(precision)
        hash |= 1 << UInt64(64 - precision)  // the loop ends, and the run is at most 51
        var run: UInt8 = 1
        var bit: UInt64 = 1
        while hash & bit == 0 {
            run += 1
            bit <<= 1
        }
        return (index, run)
    }

    /// MurmurHash64A as Redis uses it (little-endian words).
    static func murmurHash64A(_ key: [UInt8], seed: UInt32) -> UInt64 {
        let m: UInt64 = 0xc6a4_a793_5bd1_e995
        let r: UInt64 = 47
        var h = UInt64(seed) ^ (UInt64(key.count) &* m)
        let whole = key.count - key.count % 8
        var offset = 0
        while offset < whole {
            var k: UInt64 = 0
            for byte in 0..<8 { k |= UInt64(key[offset + byte]) << UInt64(8 * byte) }
            k = k &* m
            k ^= k >> r
            k = k &* m
            h ^= k
            h = h &* m
            offset += 8
        }
        let tail = key.count - whole
        if tail > 0 {
            for byte in stride(from: tail - 1, through: 0, by: -1) {
                h ^= UInt64(key[whole + byte]) << UInt64(8 * byte)
            }
            h = h &* m
        }
        h ^= h >> r
        h = h &* m
        h ^= h >> r
        return h
    }

    /// `hllCount`: Ertl's estimator over the histogram of register values.
    static func estimate(_ histogram: [Int]) -> Int {
        let m = Double(registerCount)
        let q = 64 - precision
        var z = m * tau((m - Double(histogram[q + 1])) / m)
        for j in stride(from: q, through: 1, by: -1) {
            z += Double(histogram[j])
            z *= 0.5
        }
        z += m * sigma(Double(histogram[0]) / m)
        let alphaInfinity = 0.721347520444481703680  // 0.5 / ln(2)
        let estimate = (alphaInfinity * m * m / z).rounded(.toNearestOrAwayFromZero)
        return estimate.isFinite ? Int(estimate) : 0
    }

    static func sigma(_ value: Double) -> Double {
        if value == 1 { return .infinity }
        var x = value
        var y = 1.0
        var z = x
        var previous: Double
        repeat {
            x *= x
            previous = z
            z += x * y
            y += y
        } while previous != z
        return z
    }

    static func tau(_ value: Double) -> Double {
        if value == 0 || value == 1 { return 0 }
        var x = value
        var y = 1.0
        var z = 1 - x
        var previous: Double
        repeat {
            x = x.squareRoot()
            previous = z
            y *= 0.5
            z -= (1 - x) * (1 - x) * y
        } while previous != z
        return z / 3
    }
}

extension RedisMockHyperLogLog {
    /// The 16-byte header of a server's HyperLogLog string: `HYLL`, the encoding, 3 unused bytes
    /// and the cached cardinality.
    static let headerSize = 16
    /// The length of a dense HyperLogLog string: the header and 16384 six-bit registers.
    static let denseSize = headerSize + (registerCount * 6 + 7) / 8

    /// Whether `bytes` passes a server's check of a HyperLogLog string value (`isHLLObjectOrReply`):
    /// the `HYLL` magic, a known encoding (0 dense, 1 sparse) and, for dense, the exact length.
    public static func isValidString(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= headerSize, bytes[0..<4].elementsEqual("HYLL".utf8), bytes[4] <= 1 else { return false }
        return bytes[4] == 1 || bytes.count == denseSize
    }

    /// The cardinality cached in a server's HyperLogLog string, if it is marked valid.
    public static func cachedCount(inString bytes: [UInt8]) -> Int? {
        guard bytes.count >= headerSize, bytes[15] & 0x80 == 0 else { return nil }
        var value: UInt64 = 0
        for byte in 0..<8 { value |= UInt64(bytes[8 + byte]) << UInt64(8 * byte) }
        return Int(value)
    }

    /// `bytes` with the cardinality cached in its header (and marked valid), as `PFCOUNT` leaves it.
    public static func caching(_ count: Int, inString bytes: [UInt8]) -> [UInt8] {
        var result = bytes
        for byte in 0..<8 { result[8 + byte] = UInt8(truncatingIfNeeded: UInt64(count) >> UInt64(8 * byte)) }
        return result
    }

    /// Decodes a server's HyperLogLog string (dense or sparse) that passed ``isValidString(_:)``;
    /// nil when its registers are corrupt (`INVALIDOBJ Corrupted HLL object detected`).
    public init?(string bytes: [UInt8]) {
        guard Self.isValidString(bytes) else { return nil }
        var registers = [UInt8](repeating: 0, count: Self.registerCount)
        if bytes[4] == 0 {
            for index in 0..<Self.registerCount {
                let bit = index * 6
                let byte = Self.headerSize + bit / 8
                let shift = bit % 8
                let low = UInt16(bytes[byte]) >> UInt16(shift)
                let high = byte + 1 < bytes.count ? UInt16(bytes[byte + 1]) << UInt16(8 - shift) : 0
                registers[index] = UInt8((low | high) & 63)
            }
        } else {
            var index = 0
            var offset = Self.headerSize
            while offset < bytes.count {
                let opcode = bytes[offset]
                if opcode & 0xC0 == 0 {  // ZERO: up to 64 zero registers
                    index += Int(opcode & 0x3F) + 1
                    offset += 1
                } else if opcode & 0xC0 == 0x40 {  // XZERO: up to 16384 zero registers
                    guard offset + 1 < bytes.count else { return nil }
                    index += (Int(opcode & 0x3F) << 8 | Int(bytes[offset + 1])) + 1
                    offset += 2
                } else {  // VAL: up to 4 registers of value 1…32
                    let run = Int(opcode & 0x3) + 1
                    let value = ((opcode >> 2) & 0x1F) + 1
                    guard index + run <= Self.registerCount else { return nil }
                    for register in index..<(index + run) { registers[register] = value }
                    index += run
                    offset += 1
                }
                guard index <= Self.registerCount else { return nil }
            }
            guard index == Self.registerCount else { return nil }
        }
        self.registers = registers
        cacheIsValid = bytes[15] & 0x80 == 0
    }
}
