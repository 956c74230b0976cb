import FredRuntime
import NIOCore

/// libFuzzer entry point: decodes the input as a stream of server replies.
///
/// Besides crashes, leaks and hangs (found by libFuzzer and AddressSanitizer), it checks what the
/// connection relies on:
/// - fed in two pieces, split at a point the input chooses, the decoder gives the same replies
///   and the same verdict as fed in one piece (a frame cut by TCP decodes like a whole one);
/// - a frame it cannot finish consumes nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRESPDecoder(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: count)
    // Small limits, so that the fuzzer reaches them with short inputs.
    var limits = RESPDecodingLimits()
    limits.maxBulkLength = 4096
    limits.maxAggregateLength = 1024
    limits.maxDepth = 16
    limits.maxLineLength = 256

    let whole = decodeAll([ByteBuffer(bytes: bytes)], limits: limits)
    let split = count == 0 ? 0 : Int(bytes[0]) % (count + 1)
    let pieces = [ByteBuffer(bytes: bytes[..<split]), ByteBuffer(bytes: bytes[split...])]
    let inPieces = decodeAll(pieces, limits: limits)
    guard whole == inPieces else {
        fatalError("split at \(split): \(inPieces) instead of \(whole)")
    }
    return 0
}

/// What decoding `pieces`, arriving one after another, gives: the replies, and whether the
/// stream ended with a protocol error.
struct Outcome: Equatable, CustomStringConvertible {
    var replies: [RESPValue] = []
    var failed = false
    var leftOver = 0
    var description: String { "\(replies.count) replies, failed: \(failed), \(leftOver) bytes left" }
}

func decodeAll(_ pieces: [ByteBuffer], limits: RESPDecodingLimits) -> Outcome {
    var decoder = RESPDecoder(limits: limits)
    var buffer = ByteBuffer()
    var outcome = Outcome()
    for piece in pieces {
        var piece = piece
        buffer.writeBuffer(&piece)
        while true {
            let before = buffer.readerIndex
            do {
                guard let reply = try decoder.decode(buffer: &buffer) else {
                    if buffer.readerIndex != before { fatalError("an unfinished frame consumed bytes") }
                    break
                }
                outcome.replies.append(reply)
            } catch {
                outcome.failed = true
                outcome.leftOver = 0
                return outcome
            }
        }
    }
    outcome.leftOver = buffer.readableBytes
    return outcome
}
