/// Splits an inline command into words as a server does (`sdssplitargs`): words separated by
/// blanks; `"…"` with the escapes `\n \r \t \b \a \\ \"` and `\xHH`; `'…'` with `\'`. A closing
/// quote must be followed by a blank or the end of the line.
enum RedisMockInlineCommand {
    /// The words of `line`, or nil when its quotes are unbalanced.
    static func split(_ line: [UInt8]) -> [[UInt8]]? {
        var words: [[UInt8]] = []
        var index = 0
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C }
        while true {
            while index < line.count, isBlank(line[index]) { index += 1 }
            guard index < line.count else { return words }
            var word: [UInt8] = []
            var inDouble = false
            var inSingle = false
            var done = false
            while !done {
                if inDouble {
                    guard index < line.count else { return nil }
                    let byte = line[index]
                    if byte == UInt8(ascii: "\\"), index + 3 < line.count, line[index + 1] == UInt8(ascii: "x"),
                       let high = hexValue(line[index + 2]), let low = hexValue(line[index + 3]) {
                        word.append(high << 4 | low)
                        index += 3
                    } else if byte == UInt8(ascii: "\\"), index + 1 < line.count {
                        index += 1
                        switch line[index] {
                        case UInt8(ascii: "n"): word.append(0x0A)
                        case UInt8(ascii: "r"): word.append(0x0D)
                        case UInt8(ascii: "t"): word.append(0x09)
                        case UInt8(ascii: "b"): word.append(0x08)
                        case UInt8(ascii: "a"): word.append(0x07)
                        default: word.append(line[index])
                        }
                    } else if byte == UInt8(ascii: "\"") {
                        // A closing quote must be followed by a blank or the end.
                        if index + 1 < line.count, !isBlank(line[index + 1]) { return nil }
                        done = true
                    } else {
                        word.append(byte)
                    }
                } else if inSingle {
                    guard index < line.count else { return nil }
                    let byte = line[index]
                    if byte == UInt8(ascii: "\\"), index + 1 < line.count, line[index + 1] == UInt8(ascii: "'") {
                        index += 1
                        word.append(UInt8(ascii: "'"))
                    } else if byte == UInt8(ascii: "'") {
                        if index + 1 < line.count, !isBlank(line[index + 1]) { return nil }
                        done = true
                    } else {
                        word.append(byte)
                    }
                } else {
                    guard index < line.count else { break }
                    let byte = line[index]
                    if isBlank(byte) {
                        done = true
                    } else if byte == UInt8(ascii: "\"") {
                        inDouble = true
                    } else if byte == UInt8(ascii: "'") {
                        inSingle = true
                    } else {
                        word.append(byte)
                    }
                }
                if index < line.count { index += 1 }
            }
            words.append(word)
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
