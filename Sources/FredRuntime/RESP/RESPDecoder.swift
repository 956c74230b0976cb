import NIOCore

/// Bounds that keep a hostile or broken server from exhausting the client.
public struct RESPDecodingLimits: Sendable, Hashable {
    /// Largest bulk string, bulk error or verbatim string accepted (Redis's own `proto-max-bulk-len`
    /// defaults to 512 MiB).
    public var maxBulkLength: Int = 512 * 1024 * 1024
    /// Largest element count of an array, set, map or push.
    public var maxAggregateLength: Int = 1 << 26
    /// Deepest nesting of aggregates.
    public var maxDepth: Int = 64
    /// Longest simple string, simple error or number line, without its CRLF.
    public var maxLineLength: Int = 64 * 1024

    public init() {}
}

/// Why the bytes from the server are not valid RESP.
public struct RESPProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "RESP protocol error: \(message)" }
}

/// Decodes RESP2 and RESP3 frames from a byte stream.
///
/// A frame is only consumed once it is complete; until then the decoder answers `nil` and the bytes
/// stay in the buffer. String payloads are slices of the input buffer. Every length the server sends
/// is checked against ``RESPDecodingLimits`` before anything is sized by it, and an aggregate never
/// reserves more elements than the bytes present could hold.
public struct RESPDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = RESPValue

    public var limits: RESPDecodingLimits

    public init(limits: RESPDecodingLimits = RESPDecodingLimits()) {
        self.limits = limits
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> RESPValue? {
        var reader = buffer
        guard let value = try parseValue(&reader, depth: 0) else { return nil }
        buffer.moveReaderIndex(to: reader.readerIndex)
        return value
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> RESPValue? {
        try decode(buffer: &buffer)
    }

    // MARK: - Parsing

    private func parseValue(_ buffer: inout ByteBuffer, depth: Int) throws -> RESPValue? {
        guard let marker = buffer.readInteger(as: UInt8.self) else { return nil }
        switch marker {
        case UInt8(ascii: "+"):
            return try readLine(&buffer).map(RESPValue.simpleString)
        case UInt8(ascii: "-"):
            return try readLine(&buffer).map(RESPValue.simpleError)
        case UInt8(ascii: ":"):
            return try readLine(&buffer).map { .integer(try parseInteger($0)) }
        case UInt8(ascii: "$"):
            return try readBlob(&buffer) { $0.map(RESPValue.bulkString) ?? .null }
        case UInt8(ascii: "!"):
            return try readBlob(&buffer) { payload in
                guard let payload else { throw RESPProtocolError("a bulk error cannot be null") }
                return .bulkError(payload)
            }
        case UInt8(ascii: "="):
            return try readBlob(&buffer) { payload in
                guard var payload, payload.readableBytes >= 4,
                      let format = payload.readString(length: 3),
                      payload.readInteger(as: UInt8.self) == UInt8(ascii: ":")
                else { throw RESPProtocolError("a verbatim string must start with a 3-letter format and ':'") }
                return .verbatimString(format: format, payload)
            }
        case UInt8(ascii: "_"):
            guard let line = try readLine(&buffer) else { return nil }
            guard line.readableBytes == 0 else { throw RESPProtocolError("a null must be followed by CRLF") }
            return .null
        case UInt8(ascii: "#"):
            guard let line = try readLine(&buffer) else { return nil }
            switch line.getInteger(at: line.readerIndex, as: UInt8.self) {
            case UInt8(ascii: "t") where line.readableBytes == 1: return .boolean(true)
            case UInt8(ascii: "f") where line.readableBytes == 1: return .boolean(false)
            default: throw RESPProtocolError("a boolean must be #t or #f")
            }
        case UInt8(ascii: ","):
            guard let line = try readLine(&buffer) else { return nil }
            return .double(try parseDouble(line))
        case UInt8(ascii: "("):
            guard let line = try readLine(&buffer) else { return nil }
            try validateBigNumber(line)
            return .bigNumber(line)
        case UInt8(ascii: "*"):
            return try readAggregate(&buffer, depth: depth, elementsPerEntry: 1) { $0.map(RESPValue.array) ?? .null }
        case UInt8(ascii: "~"):
            return try readAggregate(&buffer, depth: depth, elementsPerEntry: 1) { elements in
                guard let elements else { throw RESPProtocolError("a set cannot be null") }
                return .set(elements)
            }
        case UInt8(ascii: ">"):
            return try readAggregate(&buffer, depth: depth, elementsPerEntry: 1) { elements in
                guard let elements else { throw RESPProtocolError("a push cannot be null") }
                return .push(elements)
            }
        case UInt8(ascii: "%"):
            return try readAggregate(&buffer, depth: depth, elementsPerEntry: 2) { elements in
                guard let elements else { throw RESPProtocolError("a map cannot be null") }
                return .map(Self.pairs(elements))
            }
        case UInt8(ascii: "|"):
            // Attributes describe the reply that follows; they carry nothing a command's caller reads.
            guard let attributes = try readAggregate(&buffer, depth: depth, elementsPerEntry: 2, { $0.map(RESPValue.array) ?? .null })
            else { return nil }
            _ = attributes
            return try parseValue(&buffer, depth: depth)
        default:
            throw RESPProtocolError("unknown type marker 0x\(String(marker, radix: 16))")
        }
    }

    private static func pairs(_ elements: [RESPValue]) -> [RESPMapEntry] {
        var entries: [RESPMapEntry] = []
        entries.reserveCapacity(elements.count / 2)
        var index = 0
        while index + 1 < elements.count {
            entries.append(RESPMapEntry(key: elements[index], value: elements[index + 1]))
            index += 2
        }
        return entries
    }

    /// Reads up to CRLF; `nil` when the line is not complete yet.
    private func readLine(_ buffer: inout ByteBuffer) throws -> ByteBuffer? {
        let view = buffer.readableBytesView
        guard let cr = view.firstIndex(of: UInt8(ascii: "\r")) else {
            if view.count > limits.maxLineLength {
                throw RESPProtocolError("line longer than \(limits.maxLineLength) bytes")
            }
            return nil
        }
        let length = cr - view.startIndex
        if length > limits.maxLineLength {
            throw RESPProtocolError("line longer than \(limits.maxLineLength) bytes")
        }
        guard view.count >= length + 2 else { return nil }
        guard view[cr + 1] == UInt8(ascii: "\n") else {
            throw RESPProtocolError("expected LF after CR")
        }
        let line = buffer.readSlice(length: length)
        buffer.moveReaderIndex(forwardBy: 2)
        return line
    }

    private func parseInteger(_ line: ByteBuffer) throws -> Int {
        let view = line.readableBytesView
        guard !view.isEmpty else { throw RESPProtocolError("empty number") }
        var index = view.startIndex
        var negative = false
        if view[index] == UInt8(ascii: "-") || view[index] == UInt8(ascii: "+") {
            negative = view[index] == UInt8(ascii: "-")
            index += 1
            guard index < view.endIndex else { throw RESPProtocolError("a sign without digits") }
        }
        var value = 0
        while index < view.endIndex {
            let byte = view[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                throw RESPProtocolError("invalid digit in number")
            }
            let digit = Int(byte - UInt8(ascii: "0"))
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { throw RESPProtocolError("number out of the 64-bit range") }
            value = next
            index += 1
        }
        return value
    }

    private func parseDouble(_ line: ByteBuffer) throws -> Double {
        let text = String(buffer: line)
        switch text {
        case "inf", "+inf": return .infinity
        case "-inf": return -.infinity
        case "nan", "-nan": return .nan
        default:
            guard let value = Double(text), !text.isEmpty else { throw RESPProtocolError("invalid double") }
            return value
        }
    }

    private func validateBigNumber(_ line: ByteBuffer) throws {
        let view = line.readableBytesView
        var digits = view[...]
        if let first = digits.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw RESPProtocolError("invalid big number")
        }
    }

    /// A length-prefixed payload; `-1` is null (RESP2).
    private func readBlob(_ buffer: inout ByteBuffer, _ make: (ByteBuffer?) throws -> RESPValue) throws -> RESPValue? {
        guard let line = try readLine(&buffer) else { return nil }
        if line.readableBytesView.first == UInt8(ascii: "?") {
            throw RESPProtocolError("streamed strings are not supported")
        }
        let length = try parseInteger(line)
        if length == -1 { return try make(nil) }
        guard length >= 0 else { throw RESPProtocolError("negative length \(length)") }
        guard length <= limits.maxBulkLength else {
            throw RESPProtocolError("bulk length \(length) exceeds the limit of \(limits.maxBulkLength) bytes")
        }
        guard buffer.readableBytes >= length + 2, let payload = buffer.readSlice(length: length) else { return nil }
        guard buffer.readInteger(as: UInt8.self) == UInt8(ascii: "\r"), buffer.readInteger(as: UInt8.self) == UInt8(ascii: "\n") else {
            throw RESPProtocolError("bulk payload not followed by CRLF")
        }
        return try make(payload)
    }

    private func readAggregate(
        _ buffer: inout ByteBuffer,
        depth: Int,
        elementsPerEntry: Int,
        _ make: ([RESPValue]?) throws -> RESPValue
    ) throws -> RESPValue? {
        guard let line = try readLine(&buffer) else { return nil }
        if line.readableBytesView.first == UInt8(ascii: "?") {
            throw RESPProtocolError("streamed aggregates are not supported")
        }
        let count = try parseInteger(line)
        if count == -1 { return try make(nil) }
        guard count >= 0 else { throw RESPProtocolError("negative aggregate length \(count)") }
        guard count <= limits.maxAggregateLength else {
            throw RESPProtocolError("aggregate length \(count) exceeds the limit of \(limits.maxAggregateLength)")
        }
        guard depth < limits.maxDepth else {
            throw RESPProtocolError("nesting deeper than \(limits.maxDepth) levels")
        }
        let (elementCount, overflow) = count.multipliedReportingOverflow(by: elementsPerEntry)
        guard !overflow else { throw RESPProtocolError("aggregate length \(count) too large") }
        // Each element needs at least 3 bytes ("_\r\n"), so never reserve beyond what is present.
        var elements: [RESPValue] = []
        elements.reserveCapacity(min(elementCount, buffer.readableBytes / 3))
        for _ in 0..<elementCount {
            guard let element = try parseValue(&buffer, depth: depth + 1) else { return nil }
            elements.append(element)
        }
        return try make(elements)
    }
}
