/// How spec names become Swift names.
enum SwiftNames {
    /// Swift keywords that need backticks as identifiers.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch", "where", "while", "as", "await", "false", "is", "nil", "self", "Self", "super",
        "throws", "true", "try", "Any", "Type",
    ]

    /// `CLIENT NO-EVICT` → `clientNoEvict`, `min-match-len` → `minMatchLen`, `SORT_RO` → `sortRo`.
    static func lowerCamel(_ name: String) -> String {
        // A name already written as a Swift identifier (`keepTTL`, `numkeys`) is kept as it is.
        if isIdentifier(name), !name.contains("_"), let first = name.first, first.isLowercase { return name }
        let words = name.split(whereSeparator: { " -_|.:".contains($0) }).map { $0.lowercased() }
        guard let first = words.first else { return name }
        var result = first
        for word in words.dropFirst() {
            result += word.prefix(1).uppercased() + word.dropFirst()
        }
        if let firstChar = result.first, firstChar.isNumber { result = "_" + result }
        return result
    }

    /// `get-ex expiration` → `GetExExpiration`.
    static func upperCamel(_ name: String) -> String {
        let lower = isIdentifier(name) && name.contains(where: \.isUppercase) && name.first?.isLowercase == true ? name : lowerCamel(name)
        return lower.prefix(1).uppercased() + lower.dropFirst()
    }

    /// An identifier as it must be written in code (backticks for keywords).
    static func escaped(_ identifier: String) -> String {
        keywords.contains(identifier) ? "`\(identifier)`" : identifier
    }

    static func methodName(for command: CommandSpec) -> String {
        command.swiftName ?? lowerCamel(command.name)
    }

    static func parameterName(for argument: ArgumentSpec) -> String {
        argument.resolvedName ?? lowerCamel(argument.name)
    }

    /// Gives arguments that share a Swift name with a sibling a name of their own: the one with a
    /// token is named after it (`GEORADIUS … STORE key STOREDIST key` → `store`, `storedist`);
    /// what still clashes gets a number (`key2`). Applies to every list of siblings, nested ones too.
    static func resolveClashes(_ arguments: inout [ArgumentSpec]) {
        for index in arguments.indices { resolveClashes(&arguments[index].arguments) }
        func names() -> [String] { arguments.map(parameterName(for:)) }
        var counts = Dictionary(names().map { ($0, 1) }, uniquingKeysWith: +)
        guard counts.values.contains(where: { $0 > 1 }) else { return }
        for index in arguments.indices where counts[parameterName(for: arguments[index]), default: 0] > 1 {
            guard let token = arguments[index].token, arguments[index].swiftLabel == nil else { continue }
            let renamed = lowerCamel(token)
            guard counts[renamed] == nil else { continue }
            counts[parameterName(for: arguments[index]), default: 1] -= 1
            arguments[index].resolvedName = renamed
            counts[renamed] = 1
        }
        var seen: [String: Int] = [:]
        for index in arguments.indices {
            let name = parameterName(for: arguments[index])
            guard counts[name, default: 0] > 1 else { continue }
            let ordinal = seen[name, default: 0] + 1
            seen[name] = ordinal
            if ordinal > 1 { arguments[index].resolvedName = name + String(ordinal) }
        }
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    static func isTypeName(_ text: String) -> Bool {
        guard isIdentifier(text), let first = text.first else { return false }
        return first.isUppercase
    }
}
