
import NIOCore

/// Small limits, so that the fuzzer reaches them with short inputs.
let limits: RESPDecodingLimits = {
    var limits = RESPDecodingLimits()
    limits.maxBulkLength = 4096
    limits.maxAggregateLength = 1024
    limits.maxDepth = 16
    limits.maxLineLength = 256
    return limits
}()

/// The most bytes the decoder may leave unconsumed: one incomplete element, at worst a blob's
/// header line and all but one byte of its payload and CRLF.
let maxUnconsumed = limits.maxLineLength + limits.maxBulkLength + 4

/// libFuzzer entry point: decodes the input as a stream of server replies.
///
/// Besides crashes, leaks and hangs (found by libFuzzer and AddressSanitizer), it checks what the
/// connection relies on:
/// - fed in two pieces, split at a point the input chooses, and fed in many chunks through NIO's
///   processor as the connection does, chunk sizes cycling through values the input's first bytes
///   choose, the decoder gives the same replies, the same verdict and the same bytes left over as
///   fed in one piece (a frame cut by TCP decodes like a whole one);
/// - when it needs more bytes, it leaves at most one element unconsumed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRESPDecoder(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: count))

    let whole = decodeAll([input])
    let split = count == 0 ? 0 : Int(input.readableBytesView.first ?? 0) % (count + 1)
    let pieces = decodeAll(chunks(of: input, sizes: [split, count]))
    guard whole.isEquivalent(to: pieces) else {
        fatalError("split at \(split): \(pieces) instead of \(whole)")
    }

    // Long inputs in proportionally longer chunks, so that a mebibyte takes at most ~64 Ki calls.
    let scale = max(1, count / 65536)
    let sizes = input.readableBytesView.prefix(4).map { (1 + Int($0) % 64) * scale }
    let chunked = decodeInProcessor(chunks(of: input, sizes: sizes.isEmpty ? [1] : sizes))
    guard whole.isEquivalent(to: chunked) else {
        fatalError("in chunks of \(sizes): \(chunked) instead of \(whole)")
    }
    return 0
}

/// `input` cut into consecutive slices of the given sizes, cycling through them.
func chunks(of input: ByteBuffer, sizes: [Int]) -> [ByteBuffer] {
    var chunks: [ByteBuffer] = []
    var offset = 0
    var index = 0
    while offset < input.readableBytes {
        let length = min(max(sizes[index % sizes.count], 1), input.readableBytes - offset)
        if let chunk = input.getSlice(at: input.readerIndex + offset, length: length) { chunks.append(chunk) }
        offset += length
        index += 1
    }
    return chunks
}

/// What decoding a stream gives: the replies, whether it ended with a protocol error, and how
/// many bytes were left unconsumed.
struct Outcome: CustomStringConvertible {
    var replies: [RESPValue] = []
    var failed = false
    var leftOver = 0
    var description: String { "\(replies.count) replies, failed: \(failed), \(leftOver) bytes left" }

    /// Equal, NaNs included (a double NaN is not equal to itself).
    func isEquivalent(to other: Outcome) -> Bool {
        failed == other.failed && leftOver == other.leftOver && replies.count == other.replies.count
            && zip(replies, other.replies).allSatisfy { same($0, $1) }
    }
}

/// `a == b`, but a NaN double is the same as a NaN double. (The recursion is bounded by
/// `limits.maxDepth`.)
func same(_ a: RESPValue, _ b: RESPValue) -> Bool {
    func all(_ x: [RESPValue], _ y: [RESPValue]) -> Bool { x.count == y.count && zip(x, y).allSatisfy { same($0, $1) } }
    switch (a, b) {
    case (.double(let x), .double(let y)): return x == y || (x.isNaN && y.isNaN)
    case (.array(let x), .array(let y)), (.set(let x), .set(let y)), (.push(let x), .push(let y)): return all(x, y)
    case (.map(let x), .map(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { same($0.key, $1.key) && same($0.value, $1.value) }
    default: return a == b
    }
}

/// Decodes `pieces`, arriving one after another, calling `decode(buffer:)` directly.
func decodeAll(_ pieces: [ByteBuffer]) -> Outcome {
    var decoder = RESPDecoder(limits: limits)
    var buffer = ByteBuffer()
    var outcome = Outcome()
    for piece in pieces {
        var piece = piece
        buffer.writeBuffer(&piece)
        while true {
            do {
                guard let reply = try decoder.decode(buffer: &buffer) else {
                    if buffer.readableBytes > maxUnconsumed { fatalError("\(buffer.readableBytes) bytes left unconsumed") }
                    break
                }
                outcome.replies.append(reply)
            } catch {
                outcome.failed = true
                return outcome
            }
        }
    }
    outcome.leftOver = buffer.readableBytes
    return outcome
}

/// Decodes `pieces` through NIO's processor, bounded as the connection bounds it.
func decodeInProcessor(_ pieces: [ByteBuffer]) -> Outcome {
    let processor = NIOSingleStepByteToMessageProcessor(RESPDecoder(limits: limits), maximumBufferSize: maxUnconsumed)
    var outcome = Outcome()
    for piece in pieces {
        do {
            try processor.process(buffer: piece) { outcome.replies.append($0) }
        } catch is RESPProtocolError {
            outcome.failed = true
            return outcome
        } catch {
            fatalError("not a protocol error: \(error)")
        }
    }
    outcome.leftOver = processor.unprocessedBytes
    return outcome
}
