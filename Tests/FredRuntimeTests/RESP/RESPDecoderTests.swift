import NIOCore
import Testing
@testable import FredRuntime

@Suite struct RESPDecoderTests {
    /// Decodes every frame in `bytes`, fed all at once.
    func decodeAll(_ bytes: String, limits: RESPDecodingLimits = .init()) throws -> [RESPValue] {
        var decoder = RESPDecoder(limits: limits)
        var buffer = ByteBuffer(string: bytes)
        var values: [RESPValue] = []
        while let value = try decoder.decode(buffer: &buffer) { values.append(value) }
        #expect(buffer.readableBytes == 0, "bytes left over")
        return values
    }

    /// Decodes every frame in `bytes`, fed one byte at a time through NIO's processor.
    func decodeDripFed(_ bytes: String) throws -> [RESPValue] {
        let processor = NIOSingleStepByteToMessageProcessor(RESPDecoder())
        var values: [RESPValue] = []
        for byte in Array(bytes.utf8) {
            try processor.process(buffer: ByteBuffer(bytes: [byte])) { values.append($0) }
        }
        return values
    }

    static let frames: [(String, RESPValue)] = [
        ("+OK\r\n", .simpleString(ByteBuffer(string: "OK"))),
        ("-ERR bad\r\n", .simpleError(ByteBuffer(string: "ERR bad"))),
        (":-42\r\n", .integer(-42)),
        (":9223372036854775807\r\n", .integer(Int.max)),
        ("$5\r\nhello\r\n", .bulkString(ByteBuffer(string: "hello"))),
        ("$0\r\n\r\n", .bulkString(ByteBuffer())),
        ("$-1\r\n", .null),
        ("*-1\r\n", .null),
        ("_\r\n", .null),
        ("#t\r\n", .boolean(true)),
        (",3.5\r\n", .double(3.5)),
        (",-inf\r\n", .double(-.infinity)),
        ("(123456789012345678901234567890\r\n", .bigNumber(ByteBuffer(string: "123456789012345678901234567890"))),
        ("!10\r\nERR broken\r\n", .bulkError(ByteBuffer(string: "ERR broken"))),
        ("=8\r\ntxt:some\r\n", .verbatimString(format: "txt", ByteBuffer(string: "some"))),
        ("*2\r\n$1\r\na\r\n:1\r\n", .array([.bulkString(ByteBuffer(string: "a")), .integer(1)])),
        ("~1\r\n+x\r\n", .set([.simpleString(ByteBuffer(string: "x"))])),
        ("%1\r\n+k\r\n:7\r\n", .map([RESPMapEntry(key: .simpleString(ByteBuffer(string: "k")), value: .integer(7))])),
        (">2\r\n+message\r\n+hi\r\n", .push([.simpleString(ByteBuffer(string: "message")), .simpleString(ByteBuffer(string: "hi"))])),
        ("|1\r\n+ttl\r\n:3\r\n:5\r\n", .integer(5)),
        ("*1\r\n*1\r\n*0\r\n", .array([.array([.array([])])])),
    ]

    @Test(arguments: 0..<frames.count)
    func decodesEachFrameWholeAndDripFed(index: Int) throws {
        let (bytes, expected) = Self.frames[index]
        #expect(try decodeAll(bytes) == [expected])
        #expect(try decodeDripFed(bytes) == [expected])
    }

    @Test func decodesManyFramesFromOneBufferInOrder() throws {
        let stream = Self.frames.map(\.0).joined()
        let expected = Self.frames.map(\.1)
        #expect(try decodeAll(stream) == expected)
        #expect(try decodeDripFed(stream) == expected)
    }

    @Test func incompleteElementConsumesNothing() throws {
        for partial in ["$5\r\nhel", "+OK", "$5", ":12\r", "*2", "%1\r"] {
            var decoder = RESPDecoder()
            var buffer = ByteBuffer(string: partial)
            #expect(try decoder.decode(buffer: &buffer) == nil)
            #expect(buffer.readableBytes == partial.utf8.count, "\(partial) consumed bytes")
        }
    }

    @Test func incompleteAggregateConsumesItsCompleteElementsAndResumes() throws {
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: "*3\r\n:1\r\n$3\r\nab")
        #expect(try decoder.decode(buffer: &buffer) == nil)
        #expect(String(buffer: buffer) == "$3\r\nab", "the header and the first element are consumed")
        buffer.writeString("c\r\n:3\r\n+next\r\n")
        #expect(try decoder.decode(buffer: &buffer) == .array([.integer(1), .bulkString(ByteBuffer(string: "abc")), .integer(3)]))
        #expect(try decoder.decode(buffer: &buffer) == .simpleString(ByteBuffer(string: "next")))
    }

    @Test(arguments: [
        "?what\r\n", "$abc\r\n", ":12a\r\n", "$-2\r\n", "$3\r\nabcd\r\n", "+OK\rX", "#x\r\n", ",nope\r\n",
        ":99999999999999999999\r\n", "*-5\r\n", "=3\r\ntxt\r\n", "$?\r\n", "(12x\r\n", "_x\r\n",
    ])
    func malformedInputThrowsAProtocolError(bytes: String) {
        #expect(throws: RESPProtocolError.self) { try decodeAll(bytes) }
    }

    @Test func bulkLengthAboveTheLimitIsRefusedBeforeAnyAllocation() {
        var limits = RESPDecodingLimits()
        limits.maxBulkLength = 1024
        #expect(throws: RESPProtocolError.self) { try decodeAll("$1025\r\n", limits: limits) }
        #expect(throws: RESPProtocolError.self) { try decodeAll("$9223372036854775807\r\n") }
    }

    @Test func hugeAggregateCountIsRefusedOrWaitsWithoutReserving() throws {
        var limits = RESPDecodingLimits()
        limits.maxAggregateLength = 100
        #expect(throws: RESPProtocolError.self) { try decodeAll("*101\r\n", limits: limits) }
        // Within the limit but with no elements present: the decoder waits, reserving nothing big.
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: "*50000000\r\n")
        #expect(try decoder.decode(buffer: &buffer) == nil)
    }

    @Test func nestingDeeperThanTheLimitIsRefused() {
        var limits = RESPDecodingLimits()
        limits.maxDepth = 8
        let deep = String(repeating: "*1\r\n", count: 9) + ":1\r\n"
        #expect(throws: RESPProtocolError.self) { try decodeAll(deep, limits: limits) }
        let fine = String(repeating: "*1\r\n", count: 8) + ":1\r\n"
        #expect(throws: Never.self) { try decodeAll(fine, limits: limits) }
    }

    @Test func overlongLineWithoutCRLFIsRefused() {
        var limits = RESPDecodingLimits()
        limits.maxLineLength = 16
        #expect(throws: RESPProtocolError.self) { try decodeAll("+" + String(repeating: "a", count: 40), limits: limits) }
    }

    @Test func bulkPayloadIsASliceOfTheReadBuffer() throws {
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: "$3\r\nabc\r\n")
        let value = try decoder.decode(buffer: &buffer)
        guard case .bulkString(let payload) = value else {
            Issue.record("expected a bulk string, got \(String(describing: value))")
            return
        }
        // A slice shares storage: its bytes sit at an offset into the original buffer.
        payload.withUnsafeReadableBytes { slice in
            buffer.withUnsafeReadableBytes { rest in
                #expect(slice.baseAddress! + 5 == rest.baseAddress!)
            }
        }
    }
}
