/// Glob-style matching as `KEYS`, `SCAN … MATCH` and `SORT … BY` use it: `*`, `?`, `[abc]`,
/// `[^a-z]` and `\` escapes, on bytes.
package enum RedisGlob {
    package static func matches(_ pattern: [UInt8], _ string: [UInt8]) -> Bool {
        matches(pattern[...], string[...])
    }

    private static func matches(_ pattern: ArraySlice<UInt8>, _ string: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex
        var s = string.startIndex
        while p < pattern.endIndex {
            switch pattern[p] {
            case UInt8(ascii: "*"):
                while p + 1 < pattern.endIndex && pattern[p + 1] == UInt8(ascii: "*") { p += 1 }
                if p + 1 == pattern.endIndex { return true }
                var rest = s
                while rest <= string.endIndex {
                    if matches(pattern[(p + 1)...], string[rest...]) { return true }
                    rest += 1
                }
                return false
            case UInt8(ascii: "?"):
                guard s < string.endIndex else { return false }
                s += 1
            case UInt8(ascii: "["):
                guard s < string.endIndex else { return false }
                var q = p + 1
                let negate = q < pattern.endIndex && pattern[q] == UInt8(ascii: "^")
                if negate { q += 1 }
                var matched = false
                while q < pattern.endIndex && pattern[q] != UInt8(ascii: "]") {
                    if pattern[q] == UInt8(ascii: "\\") && q + 1 < pattern.endIndex {
                        q += 1
                        if pattern[q] == string[s] { matched = true }
                    } else if q + 2 < pattern.endIndex && pattern[q + 1] == UInt8(ascii: "-") && pattern[q + 2] != UInt8(ascii: "]") {
                        let low = min(pattern[q], pattern[q + 2])
                        let high = max(pattern[q], pattern[q + 2])
                        if (low...high).contains(string[s]) { matched = true }
                        q += 2
                    } else if pattern[q] == string[s] {
                        matched = true
                    }
                    q += 1
                }
                if negate { matched.toggle() }
                guard matched else { return false }
                s += 1
                p = q < pattern.endIndex ? q : pattern.endIndex - 1
            case UInt8(ascii: "\\") where p + 1 < pattern.endIndex:
                p += 1
                guard s < string.endIndex, pattern[p] == string[s] else { return false }
                s += 1
            default:
                guard s < string.endIndex, pattern[p] == string[s] else { return false }
                s += 1
            }
            p += 1
        }
        return s == string.endIndex
    }
}
