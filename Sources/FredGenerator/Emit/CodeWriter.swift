/// Accumulates Swift source line by line with four-space indentation.
struct CodeWriter {
    private(set) var text = ""
    private var depth = 0

    mutating func line(_ content: String = "") {
        if content.isEmpty {
            text += "\n"
        } else {
            text += String(repeating: "    ", count: depth) + content + "\n"
        }
    }

    /// Writes `header {`, the body one level deeper, then `}` (plus `trailer`).
    mutating func block(_ header: String, trailer: String = "", _ body: (inout CodeWriter) -> Void) {
        line(header + " {")
        depth += 1
        body(&self)
        depth -= 1
        line("}" + trailer)
    }

    /// Writes `import FredRuntime` and then each of `extra`, sorted.
    mutating func imports(_ extra: [String]) {
        for module in ["FredRuntime"] + extra.sorted() {
            line("import \(module)")
        }
    }

    /// Writes `switch subject {`, the cases at the switch's own level (Swift style), then `}`.
    mutating func switchBlock(_ subject: String, _ cases: (inout CodeWriter) -> Void) {
        line("switch \(subject) {")
        cases(&self)
        line("}")
    }

    /// Writes `body` one level deeper, without braces (a `case` body).
    mutating func indented(_ body: (inout CodeWriter) -> Void) {
        depth += 1
        body(&self)
        depth -= 1
    }

    /// Writes `///` lines for each line of `text`.
    mutating func doc(_ text: String) {
        for docLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            line(docLine.isEmpty ? "///" : "/// " + docLine)
        }
    }
}

enum GeneratedHeader {
    static func text(source: String) -> String {
        "// Generated from \(source) by the Fred Generator — do not edit.\n// Change the spec and rebuild (or run `swift package regenerate-commands`).\n\n"
    }
}
