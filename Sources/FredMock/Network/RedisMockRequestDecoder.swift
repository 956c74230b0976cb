import NIOCore

/// What a client sent: a command's words, or input a server refuses (it then replies with the
/// error and closes the connection).
enum RedisMockFrame: Sendable {
    case command([[UInt8]])
    case protocolError(String)
}

/// Reads requests the way a Redis server does: arrays of bulk strings (`*2\r\n$3\r\nGET\r\n…`),
/// and inline commands (`GET k\r\n`, what `redis-cli` and `telnet` users type), with the server's
/// limits and its error texts. Empty inline lines and empty arrays are skipped.
struct RedisMockRequestDecoder: ByteToMessageDecoder {
    typealias InboundOut = RedisMockFrame

    /// The longest inline command or array header line (a server's `PROTO_INLINE_MAX_SIZE`).
    static let maximumLineLength = 64 * 1024
    /// The most elements in one request (a server takes any count up to `INT_MAX` and waits).
    static let maximumArrayLength = Int(Int32.max)
    /// The longest argument (a server's default `proto-max-bulk-len`).
    static let maximumBulkLength = 512 * 1024 * 1024

    private var failed = false

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard !failed else {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return .needMoreData
        }
        switch Self.parse(&buffer) {
        case .incomplete:
            return .needMoreData
        case .skipped:
            return .continue
        case .frame(let frame):
            if case .protocolError = frame { failed = true }
            context.fireChannelRead(wrapInboundOut(frame))
            return .continue
        }
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }

    enum Parsed: Equatable {
        case incomplete
        /// An empty line or array: nothing to run.
        case skipped
        case frame(RedisMockFrame)

        static func == (lhs: Parsed, rhs: Parsed) -> Bool {
            switch (lhs, rhs) {
            case (.incomplete, .incomplete), (.skipped, .skipped): return true
            case (.frame(.command(let a)), .frame(.command(let b))): return a == b
            case (.frame(.protocolError(let a)), .frame(.protocolError(let b))): return a == b
            default: return false
            }
        }
    }

    /// Reads one request from `buffer`, consuming it only when complete (or refused).
    static func parse(_ buffer: inout ByteBuffer) -> Parsed {
        guard let first = buffer.readableBytesView.first else { return .incomplete }
        var reader = buffer
        let parsed = first == UInt8(ascii: "*") ? parseArray(&reader) : parseInline(&reader)
        if parsed != .incomplete { buffer = reader }
        return parsed
    }

    private static func parseInline(_ reader: inout ByteBuffer) -> Parsed {
        guard let newline = reader.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            return reader.readableBytes > maximumLineLength ? .frame(.protocolError("too big inline request")) : .incomplete
        }
        guard var line = reader.readBytes(length: newline - reader.readerIndex) else { return .incomplete }
        reader.moveReaderIndex(forwardBy: 1)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        guard let words = RedisMockInlineCommand.split(line) else {
            return .frame(.protocolError("unbalanced quotes in request"))
        }
        return words.isEmpty ? .skipped : .frame(.command(words))
    }

    private static func parseArray(_ reader: inout ByteBuffer) -> Parsed {
        reader.moveReaderIndex(forwardBy: 1)
        guard let count = readLineNumber(&reader, tooLong: "too big mbulk count string") else { return .incomplete }
        guard case .number(let elements) = count, elements <= maximumArrayLength else {
            return count.error ?? .frame(.protocolError("invalid multibulk length"))
        }
        guard elements > 0 else { return .skipped }
        var words: [[UInt8]] = []
        words.reserveCapacity(min(elements, 1024))
        for _ in 0..<elements {
            guard let marker = reader.readInteger(as: UInt8.self) else { return .incomplete }
            guard marker == UInt8(ascii: "$") else {
                return .frame(.protocolError("expected '$', got '\(Character(Unicode.Scalar(marker)))'"))
            }
            guard let header = readLineNumber(&reader, tooLong: "too big bulk count string") else { return .incomplete }
            guard case .number(let length) = header, length >= 0, length <= maximumBulkLength else {
                return header.error ?? .frame(.protocolError("invalid bulk length"))
            }
            guard reader.readableBytes >= length + 2, let bytes = reader.readBytes(length: length) else { return .incomplete }
            reader.moveReaderIndex(forwardBy: 2)
            words.append(bytes)
        }
        return .frame(.command(words))
    }

    private enum LineNumber {
        case number(Int)
        case invalid
        case tooLong(String)

        var error: Parsed? {
            if case .tooLong(let message) = self { return .frame(.protocolError(message)) }
            return nil
        }
    }

    /// The number on the rest of the line, after its `\r\n`; nil while the line is incomplete.
    private static func readLineNumber(_ reader: inout ByteBuffer, tooLong: String) -> LineNumber? {
        guard let cr = reader.readableBytesView.firstIndex(of: UInt8(ascii: "\r")) else {
            return reader.readableBytes > maximumLineLength ? .tooLong(tooLong) : nil
        }
        guard reader.readableBytes >= cr - reader.readerIndex + 2, let text = reader.readString(length: cr - reader.readerIndex) else { return nil }
        reader.moveReaderIndex(forwardBy: 2)
        guard let number = Int(text) else { return .invalid }
        return .number(number)
    }
}
