import Foundation
import NIOCore
import Testing
@testable import FredRuntime

/// Time per MiB of decoding large replies that arrive in 4 KiB reads, through NIO's processor as
/// the connection uses it. A measurement, not a test: it asserts nothing about time. One test at a
/// time, in release mode:
///
///     FRED_DECODER_BENCH=1 swift test -c release --filter RESPDecoderBenchmark
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["FRED_DECODER_BENCH"] == "1", "a measurement: set FRED_DECODER_BENCH=1"))
struct RESPDecoderBenchmark {
    static let mebibyte = 1 << 20
    static let read = 4096

    /// Feeds `source` in `read`-byte slices; how long it took, and the replies' count.
    func feed(_ source: ByteBuffer, read: Int = Self.read) throws -> (Duration, Int) {
        let limits = RESPDecodingLimits()
        let processor = NIOSingleStepByteToMessageProcessor(RESPDecoder(limits: limits), maximumBufferSize: limits.maxUnconsumedBytes)
        var replies = 0
        let elapsed = try ContinuousClock().measure {
            var offset = 0
            while offset < source.readableBytes {
                let length = min(read, source.readableBytes - offset)
                let slice = try #require(source.getSlice(at: source.readerIndex + offset, length: length))
                try processor.process(buffer: slice) { _ in replies += 1 }
                offset += length
            }
        }
        return (elapsed, replies)
    }

    func report(_ name: String, bytes: Int, _ result: (Duration, Int), expecting replies: Int = 1) {
        let (elapsed, count) = result
        #expect(count == replies, "\(name)")
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let mib = Double(bytes) / Double(Self.mebibyte)
        let line = "\(name): \(String(format: "%.1f", seconds * 1000)) ms, \(String(format: "%.3f", seconds * 1000 / mib)) ms/MiB"
        print("RESPDecoderBenchmark " + line)
    }

    @Test func oneBulkStringInReads() throws {
        for mib in [1, 4, 16, 64, 256] {
            var source = ByteBuffer(string: "$\(mib * Self.mebibyte)\r\n")
            source.writeRepeatingByte(0x61, count: mib * Self.mebibyte)
            source.writeString("\r\n")
            report("bulk string \(mib) MiB", bytes: source.readableBytes, try feed(source))
        }
    }

    @Test func oneArrayOfSmallElementsInReads() throws {
        let element = "$10\r\n0123456789\r\n"  // 16 bytes
        for mib in [1, 4, 16, 64] {
            let count = mib * Self.mebibyte / element.utf8.count
            var source = ByteBuffer(string: "*\(count)\r\n")
            for _ in 0..<count { source.writeString(element) }
            report("array of \(count) 16-byte elements, \(mib) MiB", bytes: source.readableBytes, try feed(source))
        }
    }

    @Test func aBigElementThenSmallOnesInReads() throws {
        // After a big payload the processor's buffer is big: unconsumed bytes must not drag it along.
        let count = Self.mebibyte
        var source = ByteBuffer(string: "*\(count + 1)\r\n$\(64 * Self.mebibyte)\r\n")
        source.writeRepeatingByte(0x61, count: 64 * Self.mebibyte)
        source.writeString("\r\n")
        for _ in 0..<count { source.writeString("$10\r\n0123456789\r\n") }
        report("array of one 64 MiB bulk string then \(count) 16-byte elements", bytes: source.readableBytes, try feed(source))
    }

    @Test func manySmallRepliesInReads() throws {
        for (name, reply) in [("+OK", "+OK\r\n"), ("$3 bar", "$3\r\nbar\r\n"), (":1000", ":1000\r\n")] {
            let count = 4_000_000
            var source = ByteBuffer()
            for _ in 0..<count { source.writeString(reply) }
            let result = try feed(source, read: 16 * 1024)
            let seconds = Double(result.0.components.seconds) + Double(result.0.components.attoseconds) * 1e-18
            #expect(result.1 == count)
            print("RESPDecoderBenchmark \(count) \(name) replies in 16 KiB reads: \(String(format: "%.1f", seconds * 1e9 / Double(count))) ns per reply")
        }
    }
}
