import NIOCore

/// Bounds that keep a hostile or broken server from exhausting the client.
public struct RESPDecodingLimits: Sendable, Hashable {
    /// Largest bulk string, bulk error or verbatim string accepted (Redis's own `proto-max-bulk-len`
    /// defaults to 512 MiB).
    public var maxBulkLength: Int = 512 * 1024 * 1024
    /// Largest element count of an array, set, map or push.
    public var maxAggregateLength: Int = 1 << 26
    /// Deepest nesting of aggregates and attributes: an attribute holds its entries one level below
    /// it, as an aggregate does. Also the most attributes that may precede one value.
    public var maxDepth: Int = 64
    /// Longest simple string, simple error or number line, without its CRLF.
    public var maxLineLength: Int = 64 * 1024

    public init() {}
}

extension RESPDecodingLimits {
    /// The most bytes ``RESPDecoder`` leaves unconsumed when it needs more: one incomplete element,
    /// at worst a blob's header line (marker, `maxLineLength` digits, CRLF) and all but the last
    /// byte of its payload and CRLF.
    var maxUnconsumedBytes: Int {
        func adding(_ a: Int, _ b: Int) -> Int {
            let (sum, overflow) = a.addingReportingOverflow(max(b, 0))
            return overflow ? .max : sum
        }
        // The marker, the header's CRLF and the payload's last byte or CR (one is missing).
        return adding(adding(4, maxLineLength), maxBulkLength)
    }
}

/// Why the bytes from the server are not valid RESP.
public struct RESPProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "RESP protocol error: \(message)" }
}

/// Decodes RESP2 and RESP3 frames from a byte stream, resuming where the previous call stopped.
///
/// Each byte is examined a bounded number of times, however the server's replies are cut into
/// reads, and nothing recurses, so no input can exhaust the stack:
/// - every element (a scalar, or the header of an aggregate) is consumed as soon as it is complete;
///   an incomplete one stays in the buffer and ``pending`` notes how far it was read (how much of
///   its line was searched for CR, or a blob's parsed header), so the next call goes on from there;
/// - aggregates being filled sit on ``stack``, outermost first, with their elements so far. A
///   reply that is no aggregate never touches it; its storage is kept for the next aggregate.
///
/// String payloads are slices of the input buffer. Every length the server sends is checked
/// against ``RESPDecodingLimits`` before anything is sized by it, and an aggregate never reserves
/// more elements than the bytes present could hold.
///
/// Attributes (`|`) are read like maps, validated and dropped, aggregates inside them included:
/// they describe the value that follows and carry nothing a command's caller reads. An attribute
/// counts as one level of nesting for its entries, and at most `maxDepth` attributes may precede
/// one value, so they are bounded like aggregates.
///
/// Between calls the buffer must hold the bytes left unconsumed followed by new ones, as
/// `NIOSingleStepByteToMessageProcessor` does. After a ``RESPProtocolError`` every call throws it
/// again: the stream cannot be resynchronised.
public struct RESPDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = RESPValue

    public var limits: RESPDecodingLimits

    /// Aggregates whose header was read but not all of their elements, outermost first.
    var stack: [RESPPartialAggregate] = []
    /// How far the decoder got into the element at the reader index, which is not complete.
    var pending = RESPPendingElement.unread
    /// How many attributes preceded the value about to be read.
    var attributeRun = 0
    /// The error that ended the stream, thrown again by every later call.
    var failure: RESPProtocolError?
    /// Bytes searched for a line's CR so far, for tests: each byte of a line is searched once.
    var examinedBytes = 0

    public init(limits: RESPDecodingLimits = RESPDecodingLimits()) {
        self.limits = limits
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> RESPValue? {
        if let failure { throw failure }
        do throws(RESPProtocolError) {
            if let reply = try decodeReply(from: &buffer) { return reply }
            Self.compact(&buffer)
            return nil
        } catch {
            failure = error
            throw error
        }
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> RESPValue? {
        try decode(buffer: &buffer)
    }

    /// Reads elements until one completes a reply, or the bytes run out.
    @inline(__always)
    private mutating func decodeReply(from buffer: inout ByteBuffer) throws(RESPProtocolError) -> RESPValue? {
        while true {
            let start = buffer.readerIndex
            guard let value = try readElement(&buffer) else {
                // A header was consumed (what it opened comes next), or the bytes ran out.
                if buffer.readerIndex == start { return nil }
                continue
            }
            if stack.isEmpty { return value }
            if let reply = deliver(value) { return reply }
        }
    }

    /// Hands `value` to the innermost open aggregate, closing each aggregate it completes: the
    /// reply once none is left open, `nil` while one still waits for elements.
    private mutating func deliver(_ value: consuming RESPValue) -> RESPValue? {
        while !stack.isEmpty {
            guard stack[stack.count - 1].add(consume value) else { return nil }
            let finished = stack.removeLast()
            let attributesBefore = finished.attributesBefore
            guard let aggregate = finished.finish() else {
                // An attribute: the value it describes comes next.
                attributeRun = attributesBefore
                return nil
            }
            value = aggregate
        }
        return value
    }

    /// Gives the bytes still unconsumed a storage of their own once elements before them were
    /// consumed.
    ///
    /// Consumed payloads are slices sharing the buffer's storage. While they live,
    /// `NIOSingleStepByteToMessageProcessor` reclaiming the consumed bytes, or appending the next
    /// read, copies all of the storage past the reader index, unused capacity included — and once a
    /// big payload has grown the storage, that is a big copy on every read. Copying just the
    /// incomplete element instead costs each byte at most one copy: when its element becomes the
    /// first unconsumed one. It is one allocation per read that ends inside an element.
    private static func compact(_ buffer: inout ByteBuffer) {
        guard buffer.readerIndex > 0, buffer.readableBytes > 0 else { return }
        var own = ByteBufferAllocator().buffer(capacity: buffer.readableBytes)
        own.writeImmutableBuffer(buffer)
        buffer = own
    }
}
