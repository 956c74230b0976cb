import NIOCore

// Reading one element at the reader index: a scalar, or the header of an aggregate.

private let cr = UInt8(ascii: "\r")
private let lf = UInt8(ascii: "\n")
private let crlf: UInt16 = 0x0D0A  // CR LF, read big-endian

extension RESPDecoder {
    /// Reads the element at the reader index and consumes it if it is complete: its value, or `nil`
    /// for the header of an aggregate or attribute, now open on ``stack`` (or, for an attribute
    /// without entries, counted). If it is not complete, consumes nothing, notes in ``pending`` how
    /// far it got, and answers `nil`.
    @inline(__always)
    mutating func readElement(_ buffer: inout ByteBuffer) throws(RESPProtocolError) -> RESPValue? {
        if case .blob(let marker, let headerLength, let length) = pending {
            // Neither subtraction can overflow: all three are non-negative.
            guard buffer.readableBytes - headerLength - length >= 2 else { return nil }
            pending = .unread
            buffer.moveReaderIndex(forwardBy: headerLength)
            return try readPayload(of: marker, length: length, from: &buffer)
        }
        guard let marker = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
        return try readElement(startingWith: marker, from: &buffer)
    }

    /// Reads the element at the reader index, whose type is `marker`.
    private mutating func readElement(
        startingWith marker: UInt8, from buffer: inout ByteBuffer
    ) throws(RESPProtocolError) -> RESPValue? {
        if marker != UInt8(ascii: "|") { attributeRun = 0 }
        switch marker {
        case UInt8(ascii: "+"):
            guard let line = try readLine(&buffer) else { return nil }
            return .simpleString(line)
        case UInt8(ascii: "-"):
            guard let line = try readLine(&buffer) else { return nil }
            return .simpleError(line)
        case UInt8(ascii: ":"):
            guard let line = try readLine(&buffer) else { return nil }
            return .integer(try parseInteger(line))
        case UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="):
            return try readBlob(of: marker, from: &buffer)
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
            return try readAggregateHeader(of: .array, from: &buffer)
        case UInt8(ascii: "~"):
            return try readAggregateHeader(of: .set, from: &buffer)
        case UInt8(ascii: ">"):
            return try readAggregateHeader(of: .push, from: &buffer)
        case UInt8(ascii: "%"):
            return try readAggregateHeader(of: .map, from: &buffer)
        case UInt8(ascii: "|"):
            return try readAggregateHeader(of: .attribute, from: &buffer)
        default:
            throw RESPProtocolError("unknown type marker 0x\(String(marker, radix: 16))")
        }
    }

    /// Reads the line of the element at the reader index (the text between its type marker and
    /// CRLF), and consumes the element's marker, line and CRLF.
    ///
    /// `nil` when the CRLF has not arrived; ``pending`` then notes how much of the line was searched
    /// for CR, so that the next call searches only the bytes that are new.
    private mutating func readLine(_ buffer: inout ByteBuffer) throws(RESPProtocolError) -> ByteBuffer? {
        var searched = 0
        if case .line(let alreadySearched) = pending { searched = alreadySearched }
        // One access to the bytes, without a view to retain: this runs for every element.
        let end = buffer.withUnsafeReadableBytes { Self.lineEnd(in: $0, searchingFrom: 1 + searched) }
        guard let length = end.length else {
            examinedBytes &+= end.available - searched
            guard end.available <= limits.maxLineLength else {
                throw RESPProtocolError("line longer than \(limits.maxLineLength) bytes")
            }
            pending = .line(searched: end.available)
            return nil
        }
        examinedBytes &+= length + 1 - searched
        guard length <= limits.maxLineLength else {
            throw RESPProtocolError("line longer than \(limits.maxLineLength) bytes")
        }
        guard let lfFollows = end.lfFollows else {
            pending = .line(searched: length)  // the LF is still to come
            return nil
        }
        guard lfFollows else { throw RESPProtocolError("expected LF after CR") }
        pending = .unread
        let line = buffer.getSlice(at: buffer.readerIndex + 1, length: length)
        buffer.moveReaderIndex(forwardBy: 1 + length + 2)
        return line
    }

    /// In `bytes`, an element's marker and then its line: the line's length if a CR was found at or
    /// after `from`, whether an LF follows that CR (`nil` if no byte follows yet), and how many
    /// bytes of the line are available.
    private static func lineEnd(
        in bytes: UnsafeRawBufferPointer, searchingFrom from: Int
    ) -> (length: Int?, lfFollows: Bool?, available: Int) {
        let available = max(bytes.count - 1, 0)
        var index = min(from, bytes.count)
        while index < bytes.count, bytes[index] != cr { index += 1 }
        guard index < bytes.count else { return (nil, nil, available) }
        return (index - 1, index + 1 < bytes.count ? bytes[index + 1] == lf : nil, available)
    }

    // MARK: - Blobs

    /// Reads a length-prefixed string (`$`, `!`, `=`). When its header is complete but not its
    /// payload, consumes nothing and ``pending`` keeps the header, which is not read again.
    private mutating func readBlob(
        of marker: UInt8, from buffer: inout ByteBuffer
    ) throws(RESPProtocolError) -> RESPValue? {
        let start = buffer.readerIndex
        guard let header = try readLine(&buffer) else { return nil }
        let length = try parseLength(header, of: "strings")
        if length == -1 {
            // RESP2's null bulk string.
            switch marker {
            case UInt8(ascii: "$"): return .null
            case UInt8(ascii: "!"): throw RESPProtocolError("a bulk error cannot be null")
            default: throw RESPProtocolError("a verbatim string cannot be null")
            }
        }
        guard length >= 0 else { throw RESPProtocolError("negative length \(length)") }
        guard length <= limits.maxBulkLength else {
            throw RESPProtocolError("bulk length \(length) exceeds the limit of \(limits.maxBulkLength) bytes")
        }
        guard buffer.readableBytes - length >= 2 else {
            pending = .blob(marker: marker, headerLength: buffer.readerIndex - start, length: length)
            buffer.moveReaderIndex(to: start)
            return nil
        }
        return try readPayload(of: marker, length: length, from: &buffer)
    }

    /// Reads a blob's payload and CRLF, all present, as a slice of the buffer.
    private func readPayload(
        of marker: UInt8, length: Int, from buffer: inout ByteBuffer
    ) throws(RESPProtocolError) -> RESPValue {
        guard buffer.getInteger(at: buffer.readerIndex + length, as: UInt16.self) == crlf,
              let payload = buffer.readSlice(length: length)
        else { throw RESPProtocolError("bulk payload not followed by CRLF") }
        buffer.moveReaderIndex(forwardBy: 2)
        switch marker {
        case UInt8(ascii: "$"):
            return .bulkString(payload)
        case UInt8(ascii: "!"):
            return .bulkError(payload)
        default:
            var text = payload
            guard text.readableBytes >= 4, let format = text.readString(length: 3),
                  text.readInteger(as: UInt8.self) == UInt8(ascii: ":")
            else { throw RESPProtocolError("a verbatim string must start with a 3-letter format and ':'") }
            return .verbatimString(format: format, text)
        }
    }

    // MARK: - Aggregates

    /// Reads the header of an aggregate or attribute: an empty or null aggregate is a value, others
    /// are pushed on ``stack`` (`nil`).
    private mutating func readAggregateHeader(
        of kind: RESPPartialAggregate.Kind, from buffer: inout ByteBuffer
    ) throws(RESPProtocolError) -> RESPValue? {
        if kind == .attribute, attributeRun >= limits.maxDepth {
            throw RESPProtocolError("more than \(limits.maxDepth) attributes before one value")
        }
        guard let header = try readLine(&buffer) else { return nil }
        let count = try parseLength(header, of: "aggregates")
        if count == -1 {
            switch kind {
            case .array: return .null  // RESP2's null array
            case .attribute: return openAttribute(elements: 0)
            case .set: throw RESPProtocolError("a set cannot be null")
            case .push: throw RESPProtocolError("a push cannot be null")
            case .map: throw RESPProtocolError("a map cannot be null")
            }
        }
        guard count >= 0 else { throw RESPProtocolError("negative aggregate length \(count)") }
        guard count <= limits.maxAggregateLength else {
            throw RESPProtocolError("aggregate length \(count) exceeds the limit of \(limits.maxAggregateLength)")
        }
        guard stack.count < limits.maxDepth else {
            throw RESPProtocolError("nesting deeper than \(limits.maxDepth) levels")
        }
        let (elementCount, overflow) = count.multipliedReportingOverflow(by: kind.elementsPerEntry)
        guard !overflow else { throw RESPProtocolError("aggregate length \(count) too large") }
        switch kind {
        case .attribute: return openAttribute(elements: elementCount)
        case _ where elementCount > 0: break
        case .array: return .array([])
        case .set: return .set([])
        case .push: return .push([])
        case .map: return .map([])
        }
        let discards = !stack.isEmpty && stack[stack.count - 1].discards
        var aggregate = RESPPartialAggregate(kind: kind, remaining: elementCount, discards: discards, attributesBefore: 0)
        if !discards {
            // Each element takes at least 3 bytes ("_\r\n"): never reserve beyond what is present.
            if kind == .map {
                aggregate.entries.reserveCapacity(min(count, buffer.readableBytes / 6))
            } else {
                aggregate.elements.reserveCapacity(min(count, buffer.readableBytes / 3))
            }
        }
        stack.append(aggregate)
        return nil
    }

    /// An attribute's header was read: one more attribute precedes the coming value, and its
    /// entries (if any) are read next, their own count of attributes starting afresh.
    private mutating func openAttribute(elements elementCount: Int) -> RESPValue? {
        attributeRun += 1
        guard elementCount > 0 else { return nil }
        stack.append(RESPPartialAggregate(kind: .attribute, remaining: elementCount, discards: true, attributesBefore: attributeRun))
        attributeRun = 0
        return nil
    }

    // MARK: - Numbers

    /// The length (or count) in the header of a blob or aggregate: RESP3's streamed ones (`?`) are
    /// refused by name.
    private func parseLength(_ header: ByteBuffer, of what: StaticString) throws(RESPProtocolError) -> Int {
        do throws(RESPProtocolError) {
            return try parseInteger(header)
        } catch {
            if header.getInteger(at: header.readerIndex, as: UInt8.self) == UInt8(ascii: "?") {
                throw RESPProtocolError("streamed \(what) are not supported")
            }
            throw error
        }
    }

    /// A signed decimal integer within 64 bits.
    private func parseInteger(_ line: ByteBuffer) throws(RESPProtocolError) -> Int {
        try line.withUnsafeReadableBytes { Self.parseInteger($0) }.get()
    }

    private static func parseInteger(_ digits: UnsafeRawBufferPointer) -> Result<Int, RESPProtocolError> {
        guard let first = digits.first else { return .failure(RESPProtocolError("empty number")) }
        let negative = first == UInt8(ascii: "-")
        var index = 0
        if negative || first == UInt8(ascii: "+") {
            index = 1
            guard index < digits.count else { return .failure(RESPProtocolError("a sign without digits")) }
        }
        var value = 0
        while index < digits.count {
            let byte = digits[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                return .failure(RESPProtocolError("invalid digit in number"))
            }
            let digit = Int(byte &- UInt8(ascii: "0"))
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return .failure(RESPProtocolError("number out of the 64-bit range")) }
            value = next
            index += 1
        }
        return .success(value)
    }

    private func parseDouble(_ line: ByteBuffer) throws(RESPProtocolError) -> Double {
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

    private func validateBigNumber(_ line: ByteBuffer) throws(RESPProtocolError) {
        let view = line.readableBytesView
        var digits = view[...]
        if let first = digits.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw RESPProtocolError("invalid big number")
        }
    }
}
