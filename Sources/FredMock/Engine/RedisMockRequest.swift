import FredRuntime

/// One command as the engine runs it: the words as the client sent them, what the spec says about
/// the command (when it knows it), and the split into name and arguments.
struct RedisMockRequest {
    /// Every word as sent (`CLIENT`, `KILL`, `ID`, `7`).
    let words: [[UInt8]]
    /// The spec's description; nil for a command no table knows.
    let info: RedisCommandInfo?
    /// The name as the spec declares it (`CLIENT KILL`), or the first word in upper case.
    let name: String
    /// The words after the name.
    let arguments: [[UInt8]]

    /// A command built by the client: it carries its description, unless it was sent as words
    /// (`send(command:)`), which are looked up in `tables`.
    init(_ command: RESPCommand, tables: [RedisCommandTable]) {
        let words = command.arguments
        if command.info.words.isEmpty {
            self.init(words: words, tables: tables)
        } else {
            self.init(words: words, info: command.info)
        }
    }

    /// A command received as words (over TCP, or sent as words), looked up in `tables`.
    init(words: [[UInt8]], tables: [RedisCommandTable]) {
        let leading = words.prefix(2).map { String(decoding: $0, as: UTF8.self) }
        self.init(words: words, info: tables.lazy.compactMap { $0.info(forWords: leading) }.first)
    }

    private init(words: [[UInt8]], info: RedisCommandInfo?) {
        self.words = words
        if let info, !info.words.isEmpty, words.count >= info.words.count {
            self.info = info
            self.name = info.name
            self.arguments = Array(words.dropFirst(info.words.count))
        } else {
            self.info = nil
            self.name = String(decoding: words.first ?? [], as: UTF8.self).uppercased()
            self.arguments = Array(words.dropFirst())
        }
    }

    var flags: RedisCommandFlags { info?.flags ?? [] }

    /// The number of words in the command's name (`CLIENT KILL`: 2).
    var nameWordCount: Int { max(info?.words.count ?? 1, 1) }
}
