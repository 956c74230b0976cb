import NIOCore
@testable import FredRuntime

/// Ways of feeding bytes to ``RESPDecoder`` and of making replies, shared by the decoder's tests.
enum RESPTestStreams {
    /// Decodes every reply in `bytes`, fed all at once to `decode(buffer:)`.
    static func decodeWhole(_ bytes: [UInt8], limits: RESPDecodingLimits = .init()) throws -> [RESPValue] {
        var decoder = RESPDecoder(limits: limits)
        var buffer = ByteBuffer(bytes: bytes)
        var replies: [RESPValue] = []
        while let reply = try decoder.decode(buffer: &buffer) { replies.append(reply) }
        return replies
    }

    /// Decodes every reply in `bytes` through NIO's processor, as the connection does, fed in
    /// chunks of the sizes `chunkSize` answers in turn.
    static func decodeInChunks(
        _ bytes: [UInt8], limits: RESPDecodingLimits = .init(), chunkSize: () -> Int
    ) throws -> [RESPValue] {
        let processor = NIOSingleStepByteToMessageProcessor(RESPDecoder(limits: limits), maximumBufferSize: limits.maxUnconsumedBytes)
        var replies: [RESPValue] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + max(1, chunkSize()))
            try processor.process(buffer: ByteBuffer(bytes: bytes[offset..<end])) { replies.append($0) }
            offset = end
        }
        return replies
    }

    /// The wire form of `value`, choosing among equivalent encodings (RESP2 or RESP3 nulls) and,
    /// when `attributes`, putting attributes before some values, all at random.
    static func encode(_ value: RESPValue, attributes: Bool, random: inout SeededRandom) -> [UInt8] {
        var out: [UInt8] = []
        encode(value, into: &out, attributes: attributes, random: &random)
        return out
    }

    private static func encode(_ value: RESPValue, into out: inout [UInt8], attributes: Bool, random: inout SeededRandom) {
        if attributes, random.next(below: 5) == 0 {
            let entries = random.next(below: 3)
            out += Array("|\(entries)\r\n".utf8)
            for _ in 0..<(2 * entries) {
                encode(randomValue(depth: 1, random: &random), into: &out, attributes: true, random: &random)
            }
        }
        func line(_ marker: Character, _ text: String) { out += Array("\(marker)\(text)\r\n".utf8) }
        func blob(_ marker: Character, _ payload: [UInt8]) {
            line(marker, "\(payload.count)")
            out += payload + Array("\r\n".utf8)
        }
        func aggregate(_ marker: Character, entries: Int, _ elements: [RESPValue]) {
            line(marker, "\(entries)")
            for element in elements { encode(element, into: &out, attributes: attributes, random: &random) }
        }
        switch value {
        case .simpleString(let b): line("+", String(buffer: b))
        case .simpleError(let b): line("-", String(buffer: b))
        case .bulkString(let b): blob("$", Array(b.readableBytesView))
        case .bulkError(let b): blob("!", Array(b.readableBytesView))
        case .verbatimString(let format, let b): blob("=", Array("\(format):".utf8) + Array(b.readableBytesView))
        case .integer(let i): line(":", "\(i)")
        case .double(let d): line(",", d.isInfinite ? (d > 0 ? "inf" : "-inf") : "\(d)")
        case .boolean(let b): line("#", b ? "t" : "f")
        case .bigNumber(let b): line("(", String(buffer: b))
        case .null:
            switch random.next(below: 3) {
            case 0: line("_", "")
            case 1: line("$", "-1")
            default: line("*", "-1")
            }
        case .array(let elements): aggregate("*", entries: elements.count, elements)
        case .set(let elements): aggregate("~", entries: elements.count, elements)
        case .push(let elements): aggregate(">", entries: elements.count, elements)
        case .map(let entries): aggregate("%", entries: entries.count, entries.flatMap { [$0.key, $0.value] })
        }
    }

    /// A value of any type, aggregates nested at most `depth` levels, without NaN (which is not
    /// equal to itself).
    static func randomValue(depth: Int, random: inout SeededRandom) -> RESPValue {
        let text = ["", "OK", "a b c", "ünïcödé", String(repeating: "x", count: 300)][random.next(below: 5)]
        let binary = (0..<random.next(below: 40)).map { _ in UInt8(random.next(below: 256)) }
        let kinds = depth > 0 ? 15 : 11
        switch random.next(below: kinds) {
        case 0: return .simpleString(ByteBuffer(string: text))
        case 1: return .simpleError(ByteBuffer(string: "ERR " + text))
        case 2: return .bulkString(ByteBuffer(bytes: binary + Array("\r\n$3\r\n".utf8)))
        case 3: return .bulkError(ByteBuffer(bytes: binary))
        case 4: return .verbatimString(format: ["txt", "mkd"][random.next(below: 2)], ByteBuffer(string: text))
        case 5: return .integer([0, -1, 42, Int.max, Int.min, random.next(below: 1 << 40) - (1 << 39)][random.next(below: 6)])
        case 6: return .double([0.5, -1e300, 3.14159, .infinity, -.infinity, 1e-5][random.next(below: 6)])
        case 7: return .boolean(random.next(below: 2) == 0)
        case 8: return .bigNumber(ByteBuffer(string: ["-", "", "+"][random.next(below: 3)] + "1234567890123456789012345678901234567890"))
        case 9, 10: return .null
        default:
            let elements = (0..<random.next(below: 5)).map { _ in randomValue(depth: depth - 1, random: &random) }
            switch random.next(below: 4) {
            case 0: return .array(elements)
            case 1: return .set(elements)
            case 2: return .push(elements)
            default:
                let values = (0..<elements.count).map { _ in randomValue(depth: depth - 1, random: &random) }
                return .map(zip(elements, values).map { RESPMapEntry(key: $0, value: $1) })
            }
        }
    }
}

/// A small deterministic generator (SplitMix64), so that a failing seed can be replayed.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`, `bound` > 0.
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// Counts the decoder's work: bytes it searched for line ends, bytes presented to it, calls.
final class RESPDecoderWork {
    var examinedBytes = 0
    var presentedBytes = 0
    var calls = 0
}

/// A ``RESPDecoder`` that adds up its work in a ``RESPDecoderWork``.
struct CountingRESPDecoder: NIOSingleStepByteToMessageDecoder {
    var decoder: RESPDecoder
    let work: RESPDecoderWork

    mutating func decode(buffer: inout ByteBuffer) throws -> RESPValue? {
        work.calls += 1
        work.presentedBytes += buffer.readableBytes
        let before = decoder.examinedBytes
        defer { work.examinedBytes += decoder.examinedBytes - before }
        return try decoder.decode(buffer: &buffer)
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> RESPValue? {
        try decode(buffer: &buffer)
    }
}
