import FredRuntime
import NIOCore

/// Argument parsing and reply shapes shared by the stream handlers, with a Redis 7.0 server's
/// rules and error texts.
enum RedisMockStreamArguments {
    static let invalidID = RedisMockContext.error("ERR Invalid stream ID specified as stream command argument")

    /// Parses a stream ID as a server does: `ms-seq`, `ms` alone (the sequence is then
    /// `missingSeq`), `-` and `+` unless `strict`, and `ms-*` when `allowAutoSequence` (the second
    /// result is then false). Numbers read as C's `string2ull` reads them.
    static func parseID(_ bytes: [UInt8], missingSeq: UInt64 = 0, strict: Bool, allowAutoSequence: Bool = false) -> (RedisMockStreamID, sequenceGiven: Bool)? {
        // The server copies the argument into a C string: it ends at a NUL byte.
        let text = Array(bytes.prefix { $0 != 0 })
        guard bytes.count <= 127 else { return nil }
        if text == [UInt8(ascii: "-")] || text == [UInt8(ascii: "+")] {
            if strict { return nil }
            return (text == [UInt8(ascii: "-")] ? .zero : .max, true)
        }
        guard let dash = text.firstIndex(of: UInt8(ascii: "-")) else {
            guard let ms = unsignedValue(text[...]) else { return nil }
            return (RedisMockStreamID(ms: ms, seq: missingSeq), true)
        }
        guard let ms = unsignedValue(text[..<dash]) else { return nil }
        let rest = text[(dash + 1)...]
        if allowAutoSequence && rest.elementsEqual([UInt8(ascii: "*")]) {
            return (RedisMockStreamID(ms: ms, seq: 0), false)
        }
        guard let seq = unsignedValue(rest) else { return nil }
        return (RedisMockStreamID(ms: ms, seq: seq), true)
    }

    /// C's `string2ull`: a strict decimal that is not negative, else what `strtoull` accepts
    /// (leading spaces, a sign, leading zeros) in full.
    static func unsignedValue(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        if let strict = RedisMockNumbers.integer(Array(bytes)) {
            return strict < 0 ? nil : UInt64(strict)
        }
        var index = bytes.startIndex
        while index < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains(bytes[index]) { index += 1 }
        var negative = false
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard let value = RedisMockNumbers.decimal(bytes[index...]) else { return nil }
        return negative ? 0 &- value : value
    }

    /// A strict ID (no `-`/`+`), or the invalid-ID error.
    static func strictID(_ bytes: [UInt8]) throws -> RedisMockStreamID {
        guard let (id, _) = parseID(bytes, strict: true) else { throw invalidID }
        return id
    }

    /// An end of a range (`XRANGE`, `XPENDING`, `XAUTOCLAIM`): `(` makes it exclusive (and strict).
    static func intervalID(_ bytes: [UInt8], missingSeq: UInt64) throws -> (RedisMockStreamID, exclusive: Bool) {
        if bytes.count > 1 && bytes[0] == UInt8(ascii: "(") {
            guard let (id, _) = parseID(Array(bytes.dropFirst()), missingSeq: missingSeq, strict: true) else { throw invalidID }
            return (id, true)
        }
        guard let (id, _) = parseID(bytes, missingSeq: missingSeq, strict: false) else { throw invalidID }
        return (id, false)
    }

    /// The start of a range, moved past an exclusive bound.
    static func rangeStart(_ bytes: [UInt8]) throws -> RedisMockStreamID {
        let (id, exclusive) = try intervalID(bytes, missingSeq: 0)
        guard exclusive else { return id }
        guard let next = id.successor else { throw RedisMockContext.error("ERR invalid start ID for the interval") }
        return next
    }

    /// The end of a range, moved before an exclusive bound.
    static func rangeEnd(_ bytes: [UInt8]) throws -> RedisMockStreamID {
        let (id, exclusive) = try intervalID(bytes, missingSeq: .max)
        guard exclusive else { return id }
        guard let previous = id.predecessor else { throw RedisMockContext.error("ERR invalid end ID for the interval") }
        return previous
    }

    /// A 64-bit integer argument read as the server reads it, with `message` (or the standard
    /// one) when it is not one.
    static func integer(_ bytes: [UInt8], message: String? = nil) throws -> Int {
        guard let value = RedisMockNumbers.integer(bytes) else {
            throw RedisMockContext.error(message.map { "ERR \($0)" } ?? "ERR value is not an integer or out of range")
        }
        return value
    }

    /// The stream at `key`, nil if there is none, or `WRONGTYPE`.
    static func stream(_ context: RedisMockContext, _ key: [UInt8]) throws -> RedisMockStream? {
        guard let entry = context.entry(key) else { return nil }
        guard case .stream(let stream) = entry.data else { throw RedisMockContext.wrongType }
        return stream
    }

    /// Stores `stream` at `key`, keeping the key's expiry.
    static func store(_ context: inout RedisMockContext, _ key: [UInt8], _ stream: RedisMockStream) {
        let expiry = context.entry(key)?.expiresAt
        context.setEntry(RedisMockEntry(data: .stream(stream), expiresAt: expiry), for: key)
    }

    /// An entry as replies carry it: `[id, [field, value, …]]`.
    static func reply(_ entry: RedisMockStreamEntry) -> RESPValue {
        .array([.bulk(entry.id.description), .array(entry.pairs.map { .bulk($0) })])
    }

    static func reply(_ id: RedisMockStreamID) -> RESPValue { .bulk(id.description) }

    /// `ERR unknown subcommand or wrong number of arguments for 'SUB'. Try XGROUP HELP.`
    static func subcommandError(_ context: RedisMockContext) -> RedisMockErrorReply {
        let words = context.commandName.split(separator: " ")
        let container = words.first.map(String.init) ?? context.commandName
        let subcommand = words.count > 1 ? String(words[1]) : ""
        return RedisMockContext.error("ERR unknown subcommand or wrong number of arguments for '\(subcommand)'. Try \(container) HELP.")
    }

    /// `NOGROUP No such key 'k' or consumer group 'g'` and its variants: the names as C strings.
    static func cString(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
}
