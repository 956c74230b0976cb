import FredRuntime

/// The cursor and options of `HSCAN` and `SSCAN`, and the page they return.
///
/// A server answers a small collection (a listpack hash, an intset) in one call with cursor 0,
/// whatever the cursor and `COUNT`. A hash-table collection is walked bucket by bucket; the mock
/// walks it in the order of a hash of each element instead, so an element present for the whole
/// iteration is returned at least once, as the server promises.
struct RedisMockCollectionScan {
    var cursor: UInt64
    var pattern: [UInt8]?
    var count = 10

    /// Parses the cursor (argument 1) only; a server answers a missing key before reading the
    /// options.
    init(_ context: RedisMockContext) throws {
        guard let cursor = Self.cursor(context.arguments[1]) else { throw RedisMockContext.error("ERR invalid cursor") }
        self.cursor = cursor
    }

    /// Reads `MATCH` and `COUNT` after the cursor.
    mutating func readOptions(_ context: RedisMockContext) throws {
        var index = 2
        while index < context.arguments.count {
            let hasValue = index + 1 < context.arguments.count
            if context.isToken(index, "COUNT") && hasValue {
                count = try context.integer(index + 1)
                guard count >= 1 else { throw RedisMockContext.syntaxError }
            } else if context.isToken(index, "MATCH") && hasValue {
                let pattern = context.arguments[index + 1]
                self.pattern = pattern == [UInt8(ascii: "*")] ? nil : pattern
            } else {
                throw RedisMockContext.syntaxError
            }
            index += 2
        }
    }

    func matches(_ element: [UInt8]) -> Bool {
        pattern.map { RedisMockGlob.matches($0, element) } ?? true
    }

    /// The next page of a hash-table collection: up to `count` elements (never splitting elements
    /// of one position) from the cursor on, and the cursor after them (0 at the end). Elements are
    /// returned before filtering by the pattern, as a server does.
    func page(_ elements: [[UInt8]]) -> (cursor: UInt64, elements: [[UInt8]]) {
        let ordered = elements
            .map { (position: Self.position($0), element: $0) }
            .filter { $0.position >= cursor }
            .sorted { $0.position != $1.position ? $0.position < $1.position : $0.element.lexicographicallyPrecedes($1.element) }
        var page: [[UInt8]] = []
        var next: UInt64 = 0
        for (offset, item) in ordered.enumerated() {
            if offset >= count && item.position != ordered[offset - 1].position {
                next = item.position
                break
            }
            page.append(item.element)
        }
        return (next, page)
    }

    /// The reply: `[cursor, [elements…]]`.
    static func reply(cursor: UInt64, _ elements: [[UInt8]]) -> RESPValue {
        .array([.bulk(String(cursor)), .array(elements.map { .bulk($0) })])
    }

    /// `strtoul` base 10 as `parseScanCursorOrReply` uses it: an optional sign (a negative value
    /// wraps), digits up to the end (or a NUL byte), no leading space, no overflow. An empty
    /// cursor reads as 0.
    static func cursor(_ bytes: [UInt8]) -> UInt64? {
        if let first = bytes.first, [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains(first) { return nil }
        let text = bytes.prefix { $0 != 0 }
        guard !text.isEmpty else { return 0 }
        var digits = text[...]
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard let value = RedisMockNumbers.decimal(digits) else { return nil }
        return negative ? 0 &- value : value
    }

    /// An element's place in the walk: its 32-bit FNV-1a hash plus one (0 means start and end).
    static func position(_ element: [UInt8]) -> UInt64 {
        var hash: UInt32 = 2_166_136_261
        for byte in element {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return UInt64(hash) + 1
    }
}
