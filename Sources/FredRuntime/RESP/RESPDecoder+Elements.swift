import NIOCore

// Reading one element at the reader index: a scalar, or the header of an aggregate.

private let cr = UInt8(ascii: "\r")
private let lf = UInt8(ascii: "\n")

extension RESPDecoder {
    /// Reads the element at the reader index and consumes it if it is complete. Otherwise leaves
    /// the reader index where it was, notes in ``pending`` how far it got, and answers `nil`.
    mutating func readElement(_ buffer: inout ByteBuffer) throws(RESPProtocolError) -> RESPElement? {
        if case .blob(let marker, let headerLength, let length) = pending {
            // Neither subtraction can overflow: all three are non-negative.
            guard buffer.readableBytes - headerLength - length >= 2 else { return nil }
            pending = .unread
            buffer.moveReaderIndex(forwardBy: headerLength)
            return .value(try readPayload(of: marker, length: length, from: &buffer))
        }
        let start = buffer.readerIndex
        guard let marker = buffer.readInteger(as: UInt8.self) else { return nil }
        guard let element = try readElement(after: marker, from: &buffer, start: start) else {
            buffer.moveReaderIndex(to: start)
            return nil
        }
        return element
    }

    /// Reads the rest of an element whose type `marker` was just read.
    private mutating func readElement(
        after marker: UInt8, from buffer: inout ByteBuffer, start: Int
    ) throws(RESPProtocolError) -> RESPElement? {
        if marker != UInt8(ascii: "|") { attributeRun = 0 }
        switch marker {
        case UInt8(ascii: "+"):
            guard let line = try readLine(&buffer) else { return nil }
            return .value(.simpleString(line))
        case UInt8(ascii: "-"):
            guard let line = try readLine(&buffer) else { return nil }
            return .value(.simpleError(line))
        case UInt8(ascii: ":"):
            guard let line = try readLine(&buffer) else { return nil }
            return .value(.integer(try parseInteger(line)))
        case UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="):
            return try readBlob(of: marker, from: &buffer, start: start)
        case UInt8(ascii: "_"):
            guard let line = try readLine(&buffer) else { return nil }
            guard line.readableBytes == 0 else { throw RESPProtocolError("a null must be followed by CRLF") }
            return .value(.null)
        case UInt8(ascii: "#"):
            guard let line = try readLine(&buffer) else { return nil }
            switch line.getInteger(at: line.readerIndex, as: UInt8.self) {
            case UInt8(ascii: "t") where line.readableBytes == 1: return .value(.boolean(true))
            case UInt8(ascii: "f") where line.readableBytes == 1: return .value(.boolean(false))
            default: throw RESPProtocolError("a boolean must be #t or #f")
            }
        case UInt8(ascii: ","):
            guard let line = try readLine(&buffer) else { return nil }
            return .value(.double(try parseDouble(line)))
        case UInt8(ascii: "("):
            guard let line = try readLine(&buffer) else { return nil }
            try validateBigNumber(line)
            return .value(.bigNumber(line))
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

    /// Reads the rest of a line, the reader index being just past its type marker, and its CRLF.
    ///
    /// `nil` when the CRLF has not arrived; ``pending`` then notes how much of the line was searched
    /// for CR, so that the next call searches only the bytes that are new.
    private mutating func readLine(_ buffer: inout ByteBuffer) throws(RESPProtocolError) -> ByteBuffer? {
        let view = buffer.readableBytesView
        var searched = 0
        if case .line(let alreadySearched) = pending { searched = min(alreadySearched, view.count) }
        guard let crIndex = view[(view.startIndex + searched)...].firstIndex(of: cr) else {
            examinedBytes &+= view.count - searched
            guard view.count <= limits.maxLineLength else {
                throw RESPProtocolError("line longer than \(limits.maxLineLength) bytes")
            }
            pending = .line(searched: view.count)
            return nil
        }
        let length = crIndex - view.startIndex
        examinedBytes &+= length + 1 - searched
        guard length <= limits.maxLineLength else {
            throw RESPProtocolError("line longer than \(limits.maxLineLength) bytes")
        }
        guard length + 2 <= view.count else {
            pending = .line(searched: length)  // the LF is still to come
            return nil
        }
        guard view[crIndex + 1] == lf else { throw RESPProtocolError("expected LF after CR") }
        pending = .unread
        let line = buffer.readSlice(length: length)
        buffer.moveReaderIndex(forwardBy: 2)
        return line
    }

    // MARK: - Blobs

    /// Reads a length-prefixed string (`$`, `!`, `=`) whose marker was just read. When the header
    /// is complete but not the payload, ``pending`` keeps the header, which is not read again.
    private mutating func readBlob(
        of marker: UInt8, from buffer: inout ByteBuffer, start: Int
    ) throws(RESPProtocolError) -> RESPElement? {
        guard let header = try readLine(&buffer) else { return nil }
        if header.readableBytesView.first == UInt8(ascii: "?") {
            throw RESPProtocolError("streamed strings are not supported")
        }
        let length = try parseInteger(header)
        if length == -1 {
            // RESP2's null bulk string.
            switch marker {
            case UInt8(ascii: "$"): return .value(.null)
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
            return nil
        }
        return .value(try readPayload(of: marker, length: length, from: &buffer))
    }

    /// Reads a blob's payload and CRLF, all present, as a slice of the buffer.
    private func readPayload(
        of marker: UInt8, length: Int, from buffer: inout ByteBuffer
    ) throws(RESPProtocolError) -> RESPValue {
        guard let payload = buffer.readSlice(length: length),
              buffer.readInteger(as: UInt8.self) == cr, buffer.readInteger(as: UInt8.self) == lf
        else { throw RESPProtocolError("bulk payload not followed by CRLF") }
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

    /// Reads the header of an aggregate or attribute whose marker was just read: an empty or null
    /// one is complete, others come back to be pushed on ``stack``.
    private mutating func readAggregateHeader(
        of kind: RESPPartialAggregate.Kind, from buffer: inout ByteBuffer
    ) throws(RESPProtocolError) -> RESPElement? {
        if kind == .attribute, attributeRun >= limits.maxDepth {
            throw RESPProtocolError("more than \(limits.maxDepth) attributes before one value")
        }
        guard let header = try readLine(&buffer) else { return nil }
        if header.readableBytesView.first == UInt8(ascii: "?") {
            throw RESPProtocolError("streamed aggregates are not supported")
        }
        let count = try parseInteger(header)
        if count == -1 {
            switch kind {
            case .array: return .value(.null)  // RESP2's null array
            case .attribute: return attributeRead(entries: 0)
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
        case .attribute: return attributeRead(entries: elementCount)
        case _ where elementCount > 0: break
        case .array: return .value(.array([]))
        case .set: return .value(.set([]))
        case .push: return .value(.push([]))
        case .map: return .value(.map([]))
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
        return .aggregate(aggregate)
    }

    /// An attribute's header was read: one more attribute precedes the coming value, and its
    /// entries (if any) are read next, their own count of attributes starting afresh.
    private mutating func attributeRead(entries elementCount: Int) -> RESPElement {
        attributeRun += 1
        guard elementCount > 0 else { return .emptyAttribute }
        let attribute = RESPPartialAggregate(kind: .attribute, remaining: elementCount, discards: true, attributesBefore: attributeRun)
        attributeRun = 0
        return .aggregate(attribute)
    }

    // MARK: - Numbers

    /// A signed decimal integer within 64 bits.
    private func parseInteger(_ line: ByteBuffer) throws(RESPProtocolError) -> Int {
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
