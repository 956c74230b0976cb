import FredRuntime
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Handlers for `SORT`/`SORT_RO` and the `OBJECT` subcommands.
extension RedisMockHandler {
    /// `SORT` with `BY`, `LIMIT`, `GET`, `ASC|DESC`, `ALPHA` and `STORE` (and the `sortStore` variant).
    public static let sort = RedisMockHandler { context in
        try sortElements(&context, readOnly: false)
    }

    /// `SORT_RO`: `SORT` without `STORE`.
    public static let sortRo = RedisMockHandler { context in
        try sortElements(&context, readOnly: true)
    }

    private static func sortElements(_ context: inout RedisMockContext, readOnly: Bool) throws -> RESPValue {
        try context.requireArguments(atLeast: 1)
        var descending = false, alpha = false, dontSort = false
        var offset = 0, count = -1
        var by: [UInt8]?
        var gets: [[UInt8]] = []
        var destination: [UInt8]?
        var index = 1
        while index < context.arguments.count {
            let left = context.arguments.count - index - 1
            switch context.text(index).uppercased() {
            case "ASC": descending = false
            case "DESC": descending = true
            case "ALPHA": alpha = true
            case "LIMIT" where left >= 2:
                offset = try context.integer(index + 1)
                count = try context.integer(index + 2)
                index += 2
            case "STORE" where left >= 1 && !readOnly:
                destination = context.arguments[index + 1]
                index += 1
            case "BY" where left >= 1:
                by = context.arguments[index + 1]
                if !context.arguments[index + 1].contains(UInt8(ascii: "*")) { dontSort = true }
                index += 1
            case "GET" where left >= 1:
                gets.append(context.arguments[index + 1])
                index += 1
            default:
                throw RedisMockContext.syntaxError
            }
            index += 1
        }
        var elements: [[UInt8]]
        switch context.entry(context.arguments[0])?.data {
        case nil: elements = []
        case .list(let items)?: elements = items
        case .set(let members)?:
            elements = Array(members)
            if dontSort && destination != nil {
                // The server sorts a set anyway when storing, so that replicas agree.
                (dontSort, alpha, by) = (false, true, nil)
            }
        case .sortedSet(let scores)?:
            elements = scores.sorted { $0.value != $1.value ? $0.value < $1.value : $0.key.lexicographicallyPrecedes($1.key) }.map(\.key)
            if dontSort && descending { elements.reverse() }
        case .string?, .hash?, .stream?, .hyperLogLog?:
            throw RedisMockContext.wrongType
        }
        if !dontSort {
            elements = try sorted(elements, by: by, alpha: alpha, descending: descending, in: context)
        }
        let start = max(offset, 0)
        let end = count < 0 ? elements.count - 1 : start + count - 1
        let window = start < elements.count && start <= end ? Array(elements[start...min(end, elements.count - 1)]) : []
        var output: [[UInt8]?] = []
        for element in window {
            if gets.isEmpty {
                output.append(element)
            } else {
                for pattern in gets { output.append(lookUp(pattern, substituting: element, in: context)) }
            }
        }
        if let destination {
            if output.isEmpty {
                context.setEntry(nil, for: destination)
            } else {
                context.setEntry(RedisMockEntry(data: .list(output.map { $0 ?? [] })), for: destination)
            }
            return .integer(output.count)
        }
        return .array(output.map { .bulkOrNull($0) })
    }

    /// A sort weight read as a server reads it (`strtod` up to a NUL: `""` is 0, leading spaces
    /// and hex are fine), or nil where it gives up (trailing text, NaN, out of range).
    private static func sortScore(_ bytes: [UInt8]) -> Double? {
        var text = bytes.map { CChar(bitPattern: $0) }
        text.append(0)
        return text.withUnsafeBufferPointer { buffer -> Double? in
            guard let start = buffer.baseAddress else { return nil }
            var end: UnsafeMutablePointer<CChar>?
            errno = 0
            let value = strtod(start, &end)
            guard let end, end.pointee == 0, errno != ERANGE, !value.isNaN else { return nil }
            return value
        }
    }

    private static func sorted(
        _ elements: [[UInt8]], by: [UInt8]?, alpha: Bool, descending: Bool, in context: RedisMockContext
    ) throws -> [[UInt8]] {
        typealias Item = (element: [UInt8], key: [UInt8]?, score: Double)
        var items: [Item] = []
        for element in elements {
            let key = by.map { lookUp($0, substituting: element, in: context) } ?? element
            var score = 0.0
            if !alpha, let key {
                guard let value = sortScore(key) else {
                    throw RedisMockContext.error("ERR One or more scores can't be converted into double")
                }
                score = value
            }
            items.append((element, key, score))
        }
        func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
            a == b ? 0 : (a.lexicographicallyPrecedes(b) ? -1 : 1)
        }
        items.sort { left, right in
            var order: Int
            if alpha {
                switch (left.key, right.key) {
                case (nil, nil): order = 0
                case (nil, _): order = -1
                case (_, nil): order = 1
                case (let a?, let b?): order = compare(a, b)
                }
            } else if left.score != right.score {
                order = left.score < right.score ? -1 : 1
            } else {
                order = compare(left.element, right.element)
            }
            if descending { order = -order }
            return order < 0
        }
        return items.map(\.element)
    }

    /// Resolves a `BY`/`GET` pattern for one element: `#` is the element itself, `prefix*suffix`
    /// names a string key, `prefix*suffix->field` a hash field.
    private static func lookUp(_ pattern: [UInt8], substituting element: [UInt8], in context: RedisMockContext) -> [UInt8]? {
        if pattern == [UInt8(ascii: "#")] { return element }
        guard let star = pattern.firstIndex(of: UInt8(ascii: "*")) else { return nil }
        var keyEnd = pattern.endIndex
        var field: [UInt8]?
        var index = star + 1
        while index + 1 < pattern.endIndex {
            if pattern[index] == UInt8(ascii: "-") && pattern[index + 1] == UInt8(ascii: ">") && index + 2 < pattern.endIndex {
                keyEnd = index
                field = Array(pattern[(index + 2)...])
                break
            }
            index += 1
        }
        let key = Array(pattern[..<star]) + element + Array(pattern[(star + 1)..<keyEnd])
        switch (context.entry(key)?.data, field) {
        case (.string(let value)?, nil): return value
        case (.hash(let fields)?, let field?): return fields[field]
        default: return nil
        }
    }

    public static let objectEncoding = RedisMockHandler { context in
        try context.requireArguments(1...1)
        guard let entry = context.entry(context.arguments[0]) else { return .null }
        return .bulk(entry.data.encodingName)
    }

    public static let objectRefcount = RedisMockHandler { context in
        try context.requireArguments(1...1)
        guard let entry = context.entry(context.arguments[0]) else { return .null }
        // Small integers are shared objects on a server without `maxmemory`.
        if case .string(let bytes) = entry.data, let value = RedisMockNumbers.integer(bytes), (0..<10_000).contains(value) {
            return .integer(Int(Int32.max))
        }
        return .integer(1)
    }

    public static let objectFreq = RedisMockHandler { context in
        try context.requireArguments(1...1)
        guard context.entry(context.arguments[0]) != nil else { return .null }
        throw RedisMockContext.error(
            "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."
        )
    }

    public static let objectHelp = RedisMockHandler { context in
        try context.requireArguments(0...0)
        return .array([
            "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "ENCODING <key>", "    Return the kind of internal representation used in order to store the value",
            "    associated with a <key>.",
            "FREQ <key>", "    Return the access frequency index of the <key>. The returned integer is",
            "    proportional to the logarithm of the recent access frequency of the key.",
            "IDLETIME <key>", "    Return the idle time of the <key>, that is the approximated number of",
            "    seconds elapsed since the last access to the key.",
            "REFCOUNT <key>", "    Return the number of references of the value associated with the specified",
            "    <key>.",
            "HELP", "    Print this help.",
        ].map { .simple($0) })
    }
}

extension RedisMockData {
    /// The encoding `OBJECT ENCODING` reports on a Redis 7.0 server with its default limits.
    var encodingName: String {
        switch self {
        case .string(let bytes):
            if bytes.count <= 20, RedisMockNumbers.integer(bytes) != nil { return "int" }
            return bytes.count <= 44 ? "embstr" : "raw"
        case .list:
            return "quicklist"
        case .hash(let fields):
            let small = fields.count <= 128 && fields.allSatisfy { $0.key.count <= 64 && $0.value.count <= 64 }
            return small ? "listpack" : "hashtable"
        case .set(let members):
            let integers = members.count <= 512 && members.allSatisfy { RedisMockNumbers.integer($0) != nil }
            return integers ? "intset" : "hashtable"
        case .sortedSet(let scores):
            let small = scores.count <= 128 && scores.keys.allSatisfy { $0.count <= 64 }
            return small ? "listpack" : "skiplist"
        case .stream:
            return "stream"
        case .hyperLogLog:
            return "raw"
        }
    }
}
