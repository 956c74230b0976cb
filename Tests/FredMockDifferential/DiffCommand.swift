import Fred

/// What one side answered: a value, or the text of an error reply (or of a client-side error).
public enum DiffReply: Sendable, Equatable, CustomStringConvertible {
    case value(RESPValue)
    case error(String)

    public var description: String {
        switch self {
        case .value(let value): return value.description
        case .error(let message): return "(error) \(message)"
        }
    }

    /// The elements of an array, set or (flattened) map reply; nil for anything else.
    public var elements: [RESPValue]? {
        guard case .value(let value) = self else { return nil }
        switch value {
        case .array(let items), .set(let items), .push(let items): return items
        case .map(let entries): return entries.flatMap { [$0.key, $0.value] }
        default: return nil
        }
    }

    /// The integer of an integer reply.
    public var integer: Int? {
        if case .value(.integer(let number)) = self { return number }
        return nil
    }
}

/// How the two replies to a command must compare.
public enum DiffCheck: Sendable {
    /// Value for value, in the same RESP types.
    case exact
    /// An array or set whose elements may come in any order (`SMEMBERS` of a large set, `KEYS`).
    case unordered
    /// Pairs (a map, or RESP2's flat array) that may come in any order (`HGETALL`).
    case unorderedPairs
    /// An integer that may differ by up to the given amount (`TTL`, `PTTL`: time passes between
    /// the two sides).
    case near(Int)
    /// A reply Redis picks at random by design (`SPOP`, `SRANDMEMBER`, `RANDOMKEY`, …).
    case random(DiffRandomCheck)
    /// A `SCAN`-family command whose cursor is the word at `cursorAt`: each side follows its own
    /// cursors to the end, and the two must have found the same elements (or field-value pairs
    /// when `pairs`), in any order and counting repeats once, as `SCAN` promises.
    case scanAll(cursorAt: Int, pairs: Bool)
}

/// The check of a command whose reply Redis picks at random: both replies must be valid answers
/// (by membership and count), and the mock's data is brought back in line with the server's.
public struct DiffRandomCheck: Sendable {
    /// A read sent to the server just before the command (`SMEMBERS key`); its reply is passed to
    /// `accept`, so that membership can be checked.
    public var observe: [String]?
    /// Nil when both replies are valid answers, else why not.
    public var accept: @Sendable (_ real: DiffReply, _ mock: DiffReply, _ observed: DiffReply?) -> String?
    /// Commands run on the mock afterwards so that its data matches the server's again (after
    /// `SPOP` picked different members on each side). Their replies are not compared.
    public var reconcile: @Sendable (_ real: DiffReply, _ mock: DiffReply) -> [[String]]

    public init(
        observe: [String]? = nil,
        accept: @escaping @Sendable (_ real: DiffReply, _ mock: DiffReply, _ observed: DiffReply?) -> String?,
        reconcile: @escaping @Sendable (_ real: DiffReply, _ mock: DiffReply) -> [[String]] = { _, _ in [] }
    ) {
        self.observe = observe
        self.accept = accept
        self.reconcile = reconcile
    }
}

/// One command of a differential sequence.
public struct DiffCommand: Sendable, CustomStringConvertible {
    /// The command and its arguments, as sent (`["ZADD", "k1", "GT", "1", "m0"]`).
    public var words: [String]
    /// How the replies compare.
    public var check: DiffCheck
    /// Which of the run's two sessions sends it (0 or 1): `WATCH` on one and a write on the other,
    /// a publish seen by a subscriber.
    public var session: Int

    public init(_ words: [String], check: DiffCheck = .exact, session: Int = 0) {
        self.words = words
        self.check = check
        self.session = session
    }

    public var description: String {
        (session == 0 ? "" : "[session \(session)] ") + words.map(Self.quoted).joined(separator: " ")
    }

    static func quoted(_ word: String) -> String {
        word.isEmpty || word.contains(where: { $0 == " " || $0 == "\"" || !$0.isASCII }) ? "\"\(word)\"" : word
    }
}

/// A group of commands the differential run covers, with its generator of random commands.
public struct DiffGroup: Sendable {
    /// The group's name in the report (`lists`).
    public let name: String
    /// The commands it generates, for the report (`LPUSH`, `LPOS`, …).
    public let commands: [String]
    /// How often the run draws from this group, relative to the others (1 by default; less for
    /// groups that make several commands per draw).
    public let weight: Double
    /// Makes the next few commands: usually one, a few when they belong together (`MULTI` … `EXEC`).
    public let next: @Sendable (inout DiffRandom) -> [DiffCommand]

    public init(name: String, commands: [String], weight: Double = 1, next: @escaping @Sendable (inout DiffRandom) -> [DiffCommand]) {
        self.name = name
        self.commands = commands
        self.weight = weight
        self.next = next
    }
}
