import NIOCore
import Testing
@testable import FredRuntime

/// The decoder resumes where it stopped: replies cut anywhere decode as when whole, and the work
/// done stays proportional to the bytes, however they are cut.
@Suite struct RESPDecoderResumeTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
    static func string(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    /// Replies of every RESP2 and RESP3 type, nested, with attributes in several places.
    static let corpus: [(String, RESPValue)] = RESPDecoderTests.frames + [
        ("*3\r\n$-1\r\n_\r\n*-1\r\n", .array([.null, .null, .null])),
        ("$12\r\nhello\r\nworld\r\n", .bulkString(string("hello\r\nworld"))),
        ("=15\r\ntxt:Some string\r\n", .verbatimString(format: "txt", string("Some string"))),
        ("*4\r\n*0\r\n%0\r\n~0\r\n>0\r\n", .array([.array([]), .map([]), .set([]), .push([])])),
        ("*5\r\n#f\r\n,inf\r\n,-1.5e-3\r\n:0\r\n:+5\r\n", .array([.boolean(false), .double(.infinity), .double(-0.0015), .integer(0), .integer(5)])),
        ("~2\r\n(-1234567890123456789012\r\n(+7\r\n", .set([.bigNumber(string("-1234567890123456789012")), .bigNumber(string("+7"))])),
        (
            "%2\r\n+a\r\n*2\r\n:1\r\n:2\r\n$1\r\nb\r\n%1\r\n+c\r\n~1\r\n#f\r\n",
            .map([
                RESPMapEntry(key: .simpleString(string("a")), value: .array([.integer(1), .integer(2)])),
                RESPMapEntry(key: .bulkString(string("b")), value: .map([RESPMapEntry(key: .simpleString(string("c")), value: .set([.boolean(false)]))])),
            ])
        ),
        (
            ">3\r\n+invalidate\r\n*1\r\n$3\r\nkey\r\n|1\r\n+ttl\r\n:3\r\n_\r\n",
            .push([.simpleString(string("invalidate")), .array([.bulkString(string("key"))]), .null])
        ),
        (
            // An attribute holding aggregates, an attribute inside an attribute, one before an element.
            "|2\r\n+a\r\n*2\r\n%1\r\n+x\r\n+y\r\n|0\r\n:1\r\n+b\r\n|1\r\n+c\r\n+d\r\n,1.5\r\n*1\r\n|0\r\n(-12\r\n",
            .array([.bigNumber(string("-12"))])
        ),
        ("|0\r\n|0\r\n|1\r\n|1\r\n+k\r\n+v\r\n+k\r\n+v\r\n!3\r\nERR\r\n", .bulkError(string("ERR"))),
        ("*2\r\n-ERR one\r\n$0\r\n\r\n", .array([.simpleError(string("ERR one")), .bulkString(ByteBuffer())])),
        ("*1\r\n*1\r\n*1\r\n*1\r\n*2\r\n%1\r\n:1\r\n:2\r\n_\r\n", .array([.array([.array([.array([.array([.map([RESPMapEntry(key: .integer(1), value: .integer(2))]), .null])])])])])),
    ]

    @Test(arguments: 0..<corpus.count)
    func eachReplyDecodesTheSameWholeDripFedAndInRandomChunks(index: Int) throws {
        let (text, expected) = Self.corpus[index]
        let bytes = Self.bytes(text)
        #expect(try RESPTestStreams.decodeWhole(bytes) == [expected])
        #expect(try RESPTestStreams.decodeInChunks(bytes) { 1 } == [expected])
        var random = SeededRandom(seed: UInt64(index))
        for _ in 0..<20 {
            #expect(try RESPTestStreams.decodeInChunks(bytes) { 1 + random.next(below: 8) } == [expected])
        }
    }

    @Test(arguments: [1, 2, 7, 64, 4096])
    func theWholeCorpusInOneStreamDecodesTheSameInChunks(maxChunk: Int) throws {
        let stream = Self.bytes(Self.corpus.map(\.0).joined())
        let expected = Self.corpus.map(\.1)
        #expect(try RESPTestStreams.decodeWhole(stream) == expected)
        var random = SeededRandom(seed: UInt64(maxChunk))
        #expect(try RESPTestStreams.decodeInChunks(stream) { 1 + random.next(below: maxChunk) } == expected)
    }

    @Test(arguments: [false, true])
    func randomRepliesDecodeTheSameWholeAndInChunks(attributes: Bool) throws {
        var random = SeededRandom(seed: attributes ? 7 : 3)
        var stream: [UInt8] = []
        var expected: [RESPValue] = []
        for _ in 0..<300 {
            let value = RESPTestStreams.randomValue(depth: 4, random: &random)
            stream += RESPTestStreams.encode(value, attributes: attributes, random: &random)
            expected.append(value)
        }
        #expect(try RESPTestStreams.decodeWhole(stream) == expected)
        for maxChunk in [1, 5, 100, 3000] {
            #expect(try RESPTestStreams.decodeInChunks(stream) { 1 + random.next(below: maxChunk) } == expected, "chunks up to \(maxChunk)")
        }
    }

    @Test func twoRepliesInOneBufferComeOneAfterTheOther() throws {
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: "*2\r\n:1\r\n:2\r\n+OK\r\n*2\r\n$1\r\na\r\n")
        #expect(try decoder.decode(buffer: &buffer) == .array([.integer(1), .integer(2)]))
        #expect(try decoder.decode(buffer: &buffer) == .simpleString(Self.string("OK")))
        #expect(try decoder.decode(buffer: &buffer) == nil)
        #expect(buffer.readableBytes == 0, "the third reply's complete elements are consumed")
        buffer.writeString(":3\r\n")
        #expect(try decoder.decode(buffer: &buffer) == .array([.bulkString(Self.string("a")), .integer(3)]))
        #expect(try decoder.decode(buffer: &buffer) == nil)
    }

    @Test func partialStateCarriesAcrossManyCalls() throws {
        // 1,000 elements of every length class, fed 3 bytes per call to decode(buffer:) itself.
        var text = "*1000\r\n"
        var expected: [RESPValue] = []
        for i in 0..<1000 {
            switch i % 4 {
            case 0: text += ":\(i)\r\n"; expected.append(.integer(i))
            case 1: text += "$\(i)\r\n" + String(repeating: "b", count: i) + "\r\n"; expected.append(.bulkString(Self.string(String(repeating: "b", count: i))))
            case 2: text += "%1\r\n+k\r\n*1\r\n_\r\n"; expected.append(.map([RESPMapEntry(key: .simpleString(Self.string("k")), value: .array([.null]))]))
            default: text += "|1\r\n+a\r\n+b\r\n#t\r\n"; expected.append(.boolean(true))
            }
        }
        let bytes = Self.bytes(text)
        var decoder = RESPDecoder()
        var buffer = ByteBuffer()
        var reply: RESPValue?
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + 3)
            buffer.writeBytes(bytes[offset..<end])
            offset = end
            reply = try decoder.decode(buffer: &buffer)
            if offset < bytes.count {
                #expect(reply == nil)
                // What stays is at most the one element being read (the longest: 999 b's).
                #expect(buffer.readableBytes <= 1010)
            }
        }
        #expect(reply == .array(expected))
        #expect(decoder.stack.isEmpty)
        #expect(try decoder.decode(buffer: &buffer) == nil)
    }

    @Test func decodeLastGivesTheCompleteRepliesAndLeavesAnUnfinishedOne() throws {
        let processor = NIOSingleStepByteToMessageProcessor(RESPDecoder())
        var replies: [RESPValue] = []
        try processor.process(buffer: ByteBuffer(string: "+a\r\n*2\r\n:1\r\n")) { replies.append($0) }
        try processor.finishProcessing(seenEOF: true) { replies.append($0) }
        #expect(replies == [.simpleString(Self.string("a"))])

        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: "*2\r\n:1\r\n:2\r\n$5\r\nab")
        #expect(try decoder.decodeLast(buffer: &buffer, seenEOF: true) == .array([.integer(1), .integer(2)]))
        #expect(try decoder.decodeLast(buffer: &buffer, seenEOF: true) == nil)
        #expect(String(buffer: buffer) == "$5\r\nab")
    }

    @Test func afterAProtocolErrorEveryCallThrowsIt() throws {
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: "*2\r\n:1\r\n?\r\n+OK\r\n")
        #expect(throws: RESPProtocolError("unknown type marker 0x3f")) { try decoder.decode(buffer: &buffer) }
        var fresh = ByteBuffer(string: "+OK\r\n")
        #expect(throws: RESPProtocolError("unknown type marker 0x3f")) { try decoder.decode(buffer: &fresh) }
        #expect(throws: RESPProtocolError("unknown type marker 0x3f")) { try decoder.decodeLast(buffer: &fresh, seenEOF: true) }
        #expect(fresh.readableBytes == 5)
    }

    @Test func payloadsDecodedAcrossReadsAreSlicesOfTheBuffer() throws {
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: "*2\r\n$3\r\nabc\r\n$4\r\nde")
        #expect(try decoder.decode(buffer: &buffer) == nil)
        buffer.writeString("fg\r\n+x\r\n")
        let reply = try decoder.decode(buffer: &buffer)
        guard case .array(let elements) = reply, case .bulkString(let last) = elements.last else {
            Issue.record("expected an array of bulk strings, got \(String(describing: reply))")
            return
        }
        #expect(String(buffer: last) == "defg")
        // The last payload sits just before the end of the bytes the decoder was given.
        last.withUnsafeReadableBytes { slice in
            buffer.withUnsafeReadableBytes { rest in
                #expect(slice.baseAddress.map { $0 + 4 + 2 } == rest.baseAddress)
            }
        }
    }

    // MARK: - Work done

    /// Feeds `bytes` in `chunk`-byte reads through NIO's processor; the replies and the work.
    func countWork(_ bytes: [UInt8], chunk: Int) throws -> ([RESPValue], RESPDecoderWork) {
        let work = RESPDecoderWork()
        let processor = NIOSingleStepByteToMessageProcessor(CountingRESPDecoder(decoder: RESPDecoder(), work: work))
        var replies: [RESPValue] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            try processor.process(buffer: ByteBuffer(bytes: bytes[offset..<end])) { replies.append($0) }
            offset = end
        }
        return (replies, work)
    }

    @Test func anArrayArrivingInSmallReadsIsReadOnce() throws {
        // 200,000 elements in 4 KiB reads: re-reading from the start at each read would search
        // lines for ~750 MB; reading each element once searches fewer bytes than there are.
        var bytes = Self.bytes("*200000\r\n")
        for i in 0..<200_000 { bytes += Self.bytes(i % 2 == 0 ? "$10\r\n0123456789\r\n" : ":\(i)\r\n") }
        let (replies, work) = try countWork(bytes, chunk: 4096)
        guard case .array(let elements) = replies.first else {
            Issue.record("expected one array, got \(replies.count) replies")
            return
        }
        #expect(elements.count == 200_000)
        #expect(work.examinedBytes <= bytes.count)
        // Each call is shown one read plus what was left of one element.
        #expect(work.presentedBytes <= bytes.count + work.calls * 32)
    }

    @Test func aLongLineDripFedIsSearchedOnce() throws {
        let line = "+" + String(repeating: "y", count: 60_000) + "\r\n"
        let (replies, work) = try countWork(Self.bytes(line), chunk: 1)
        #expect(replies.count == 1)
        #expect(work.examinedBytes <= 60_002, "each byte once, the CR again when its LF comes later")
    }

    @Test func aLargeBulkStringInSmallReadsReadsItsHeaderOnce() throws {
        let payload = [UInt8](repeating: 0x61, count: 8 << 20)
        let bytes = Self.bytes("$\(payload.count)\r\n") + payload + Self.bytes("\r\n")
        let (replies, work) = try countWork(bytes, chunk: 4096)
        #expect(replies == [.bulkString(ByteBuffer(bytes: payload))])
        #expect(work.examinedBytes == 8, "only the header line is searched, once")
    }
}
