import FredRuntime
import NIOCore

extension RESPValue {
    /// Writes the value as a server sends it. RESP3 types a RESP2 connection does not know are
    /// written in their RESP2 shape (maps as flat arrays, doubles as bulk strings…); a null is the
    /// null bulk string there.
    func write(into buffer: inout ByteBuffer, protocolVersion: Int) {
        let resp3 = protocolVersion >= 3
        switch self {
        case .simpleString(let text):
            buffer.writeLine("+", Self.oneLine(text))
        case .simpleError(let text):
            buffer.writeLine("-", Self.oneLine(text))
        case .bulkError(let text):
            if resp3 { buffer.writeBlob("!", text) } else { buffer.writeLine("-", Self.oneLine(text)) }
        case .bulkString(let bytes):
            buffer.writeBlob("$", bytes)
        case .verbatimString(let format, let text):
            if resp3 {
                var body = ByteBuffer(string: format + ":")
                var copy = text
                body.writeBuffer(&copy)
                buffer.writeBlob("=", body)
            } else {
                buffer.writeBlob("$", text)
            }
        case .integer(let value):
            buffer.writeLine(":", ByteBuffer(string: String(value)))
        case .double(let value):
            let text = ByteBuffer(string: Self.formatReplyDouble(value))
            if resp3 { buffer.writeLine(",", text) } else { buffer.writeBlob("$", text) }
        case .boolean(let value):
            if resp3 { buffer.writeString(value ? "#t\r\n" : "#f\r\n") } else { buffer.writeString(value ? ":1\r\n" : ":0\r\n") }
        case .bigNumber(let digits):
            if resp3 { buffer.writeLine("(", digits) } else { buffer.writeBlob("$", digits) }
        case .null:
            buffer.writeString(resp3 ? "_\r\n" : "$-1\r\n")
        case .array(let elements):
            buffer.writeAggregate("*", elements, protocolVersion: protocolVersion)
        case .set(let elements):
            buffer.writeAggregate(resp3 ? "~" : "*", elements, protocolVersion: protocolVersion)
        case .push(let elements):
            buffer.writeAggregate(resp3 ? ">" : "*", elements, protocolVersion: protocolVersion)
        case .map(let entries):
            if resp3 {
                buffer.writeString("%\(entries.count)\r\n")
            } else {
                buffer.writeString("*\(entries.count * 2)\r\n")
            }
            for entry in entries {
                entry.key.write(into: &buffer, protocolVersion: protocolVersion)
                entry.value.write(into: &buffer, protocolVersion: protocolVersion)
            }
        }
    }

    /// A simple string or error must fit on one line: line breaks become spaces, as a server's do.
    private static func oneLine(_ text: ByteBuffer) -> ByteBuffer {
        guard text.readableBytesView.contains(where: { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }) else { return text }
        return ByteBuffer(bytes: text.readableBytesView.map { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") ? UInt8(ascii: " ") : $0 })
    }
}

extension ByteBuffer {
    fileprivate mutating func writeLine(_ prefix: StaticString, _ text: ByteBuffer) {
        writeStaticString(prefix)
        var copy = text
        writeBuffer(&copy)
        writeStaticString("\r\n")
    }

    fileprivate mutating func writeBlob(_ prefix: StaticString, _ bytes: ByteBuffer) {
        writeStaticString(prefix)
        writeString(String(bytes.readableBytes))
        writeStaticString("\r\n")
        var copy = bytes
        writeBuffer(&copy)
        writeStaticString("\r\n")
    }

    fileprivate mutating func writeAggregate(_ prefix: StaticString, _ elements: [RESPValue], protocolVersion: Int) {
        writeStaticString(prefix)
        writeString(String(elements.count))
        writeStaticString("\r\n")
        for element in elements { element.write(into: &self, protocolVersion: protocolVersion) }
    }
}
