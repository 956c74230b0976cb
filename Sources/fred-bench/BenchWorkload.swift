import Fred

/// One test of redis-benchmark (`-t get`): the command it sends, built the same way.
struct BenchWorkload: Sendable {
    /// The `-t` name.
    let name: String
    /// The title redis-benchmark prints (`GET`, `MSET (10 keys)`).
    let title: String
    private let word: StaticString
    private let info: RedisCommandInfo
    private let appendArguments: @Sendable (inout RESPCommand, inout BenchKeys) -> Void

    private init(
        _ name: String, title: String? = nil, word: StaticString,
        _ appendArguments: @escaping @Sendable (inout RESPCommand, inout BenchKeys) -> Void
    ) {
        self.name = name
        self.title = title ?? name.uppercased()
        self.word = word
        // Known commands keep what the spec says about them (routing, flags).
        self.info = RedisCommands.table.info(forWords: [word.description]) ?? .custom
        self.appendArguments = appendArguments
    }

    /// The next command to send.
    func command(_ keys: inout BenchKeys) -> RESPCommand {
        var command = RESPCommand(info)
        if info.words.isEmpty { command.appendToken(word) }
        appendArguments(&command, &keys)
        return command
    }

    static let all: [BenchWorkload] = [
        BenchWorkload("ping", title: "PING_MBULK", word: "PING") { _, _ in },
        BenchWorkload("set", word: "SET") { command, keys in
            command.append(keys.next(.key))
            command.append(keys.data)
        },
        BenchWorkload("get", word: "GET") { command, keys in command.append(keys.next(.key)) },
        BenchWorkload("incr", word: "INCR") { command, keys in command.append(keys.next(.counter)) },
        BenchWorkload("lpush", word: "LPUSH") { command, keys in
            command.appendToken("mylist")
            command.append(keys.data)
        },
        BenchWorkload("rpush", word: "RPUSH") { command, keys in
            command.appendToken("mylist")
            command.append(keys.data)
        },
        BenchWorkload("lpop", word: "LPOP") { command, _ in command.appendToken("mylist") },
        BenchWorkload("rpop", word: "RPOP") { command, _ in command.appendToken("mylist") },
        BenchWorkload("sadd", word: "SADD") { command, keys in
            command.appendToken("myset")
            command.append(keys.next(.element))
        },
        BenchWorkload("hset", word: "HSET") { command, keys in
            command.appendToken("myhash")
            command.append(keys.next(.element))
            command.append(keys.data)
        },
        BenchWorkload("spop", word: "SPOP") { command, _ in command.appendToken("myset") },
        BenchWorkload("zadd", word: "ZADD") { command, keys in
            command.appendToken("myzset")
            command.appendToken("0")
            command.append(keys.next(.element))
        },
        BenchWorkload("mset", title: "MSET (10 keys)", word: "MSET") { command, keys in
            for _ in 0..<10 {
                command.append(keys.next(.key))
                command.append(keys.data)
            }
        },
    ]

    static let names = all.map(\.name)
}

/// The keys and value of the requests, as redis-benchmark makes them: `key:__rand_int__` as it
/// stands, or with `-r N` the `__rand_int__` part replaced by a random 12-digit number below N.
/// The key buffers are reused, so making a key allocates nothing.
struct BenchKeys {
    enum Prefix: Int, CaseIterable {
        case key, counter, element

        var text: String {
            switch self {
            case .key: return "key:"
            case .counter: return "counter:"
            case .element: return "element:"
            }
        }
    }

    let data: [UInt8]
    private let keyspace: Int?
    private var buffers: [[UInt8]]
    private var generator = SystemRandomNumberGenerator()

    init(dataSize: Int, keyspace: Int?) {
        data = [UInt8](repeating: UInt8(ascii: "x"), count: dataSize)
        self.keyspace = keyspace
        buffers = Prefix.allCases.map { Array(($0.text + "__rand_int__").utf8) }
    }

    mutating func next(_ prefix: Prefix) -> [UInt8] {
        guard let keyspace else { return buffers[prefix.rawValue] }
        var number = Int(generator.next(upperBound: UInt(keyspace)))
        let end = buffers[prefix.rawValue].count
        for index in stride(from: end - 1, through: end - 12, by: -1) {
            buffers[prefix.rawValue][index] = UInt8(ascii: "0") + UInt8(number % 10)
            number /= 10
        }
        return buffers[prefix.rawValue]
    }
}
