import NIOCore

// The state ``RESPDecoder`` keeps between calls.

/// An aggregate or attribute whose header was read but not all of its elements.
struct RESPPartialAggregate {
    enum Kind {
        case array, set, push, map, attribute

        /// Elements per announced entry: a map's or attribute's entry is a key and a value.
        var elementsPerEntry: Int { self == .map || self == .attribute ? 2 : 1 }
    }

    let kind: Kind
    /// Elements still to come.
    var remaining: Int
    /// An attribute, or inside one: elements are validated and dropped, not kept.
    let discards: Bool
    /// For an attribute, the attributes preceding the value it describes, itself included: the
    /// count goes on from there once it is closed.
    let attributesBefore: Int
    /// The elements so far of an array, set or push.
    var elements: [RESPValue] = []
    /// The entries so far of a map, and the key of the entry whose value is still to come.
    var entries: [RESPMapEntry] = []
    var key: RESPValue?

    init(kind: Kind, remaining: Int, discards: Bool, attributesBefore: Int) {
        self.kind = kind
        self.remaining = remaining
        self.discards = discards
        self.attributesBefore = attributesBefore
    }

    /// Adds the next element; true if it was the last one.
    mutating func add(_ element: consuming RESPValue) -> Bool {
        remaining -= 1
        if discards {
            // Validated by being read; nothing keeps it.
        } else if kind == .map {
            if let key {
                entries.append(RESPMapEntry(key: key, value: element))
                self.key = nil
            } else {
                key = element
            }
        } else {
            elements.append(element)
        }
        return remaining == 0
    }

    /// What the complete aggregate decodes to: `nil` for an attribute, a placeholder for an
    /// aggregate inside one (its parent drops it).
    consuming func finish() -> RESPValue? {
        switch kind {
        case .attribute: return nil
        case _ where discards: return .null
        case .array: return .array(elements)
        case .set: return .set(elements)
        case .push: return .push(elements)
        case .map: return .map(entries)
        }
    }
}

/// How far ``RESPDecoder`` got into the element at the reader index, which is not complete yet.
/// Offsets count from the reader index, so they survive the buffer being compacted.
enum RESPPendingElement {
    /// Nothing of it was read.
    case unread
    /// Its line (after the type marker) has no CR among its first `searched` bytes.
    case line(searched: Int)
    /// A blob (`$`, `!` or `=`) whose header, `headerLength` bytes with the marker and CRLF,
    /// announced a payload of `length` bytes (then CRLF).
    case blob(marker: UInt8, headerLength: Int, length: Int)
}
