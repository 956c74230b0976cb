import Fred
import FredMock
import NIOCore

extension DiffGroup {
    /// Sets: members, random picks (compared by membership, the mock reconciled after `SPOP`),
    /// moves, intersections, unions, differences and SSCAN.
    ///
    /// A server lists an intset (at most 512 integers) in numeric order and a hash-table set in no
    /// particular order; listings are compared with ``DiffRandomCheck/setOrder``, which holds the
    /// mock to the server's order when the server's reply is in numeric order.
    public static let sets = DiffGroup(name: "sets", commands: [
        "SADD", "SREM", "SMEMBERS", "SISMEMBER", "SMISMEMBER", "SCARD", "SPOP", "SRANDMEMBER", "SMOVE", "SINTER",
        "SINTERCARD", "SINTERSTORE", "SUNION", "SUNIONSTORE", "SDIFF", "SDIFFSTORE", "SSCAN",
    ]) { random in
        let key = random.key()
        let counts = ["0", "1", "2", "3", "5", "-1", "-3", "-6", "x", "-9223372036854775808"]
        func someKeys(_ random: inout DiffRandom, _ range: ClosedRange<Int> = 1...3) -> [String] {
            (0..<random.int(range)).map { _ in random.key() }
        }
        func member(_ random: inout DiffRandom) -> String {
            random.chance(0.4) ? String(random.int(-5...20)) : random.chance(0.05) ? random.pick(["007", "-0", "+1", ""]) : random.member()
        }
        switch random.int(0...24) {
        case 0, 1, 2:
            return [DiffCommand(["SADD", key] + (0..<random.int(1...4)).map { _ in member(&random) })]
        case 3: return [DiffCommand(["SREM", key] + (0..<random.int(1...3)).map { _ in member(&random) })]
        case 4: return [DiffCommand(["SMEMBERS", key], check: .random(.setOrder))]
        case 5: return [DiffCommand(["SISMEMBER", key, member(&random)])]
        case 6: return [DiffCommand(["SMISMEMBER", key] + (0..<random.int(1...3)).map { _ in member(&random) })]
        case 7: return [DiffCommand(["SCARD", key])]
        case 8:
            return [DiffCommand(["SPOP", key], check: .random(.oneOf(observing: ["SMEMBERS", key], reconcile: setPopReconcile(key))))]
        case 9:
            let count = random.pick(counts)
            return [DiffCommand(["SPOP", key, count] + (random.chance(0.05) ? ["1"] : []),
                                check: .random(.sameKind(.someOf(observing: ["SMEMBERS", key], distinct: true, reconcile: setPopReconcile(key)))))]
        case 10:
            return [DiffCommand(["SRANDMEMBER", key], check: .random(.oneOf(observing: ["SMEMBERS", key])))]
        case 11:
            let count = random.pick(counts)
            return [DiffCommand(["SRANDMEMBER", key, count] + (random.chance(0.05) ? ["1"] : []),
                                check: .random(.sameKind(.someOf(observing: ["SMEMBERS", key], distinct: !count.hasPrefix("-")))))]
        case 12: return [DiffCommand(["SMOVE", key, random.key(), member(&random)])]
        case 13, 14:
            return [DiffCommand([random.pick(["SINTER", "SUNION", "SDIFF"])] + someKeys(&random), check: .random(.setOrder))]
        case 15:
            return [DiffCommand([random.pick(["SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"]), random.key()] + someKeys(&random))]
        case 16:
            let keys = someKeys(&random)
            var words = ["SINTERCARD", random.chance(0.85) ? String(keys.count) : random.pick(["0", "-1", "x", "5"])] + keys
            if random.chance(0.5) { words += ["LIMIT", random.pick(["0", "1", "2", "-1", "x"])] }
            if random.chance(0.05) { words += [random.pick(["LIMIT", "BOGUS"])] }
            return [DiffCommand(words)]
        case 17:
            // Every set of the group has fewer than 100 members: one call from cursor 0 answers it.
            // (A non-zero cursor means a place in a server's hash table, which the mock does not
            // model: only intsets, which ignore the cursor, get one below.)
            var words = ["SSCAN", key, random.pick(["0", "0", "0", "", "-0", "+0", " 1", "x", "18446744073709551616"])]
            if random.chance(0.4) { words += ["MATCH", random.pick(["m*", "*", "1*", "-?", "x*"])] }
            words += ["COUNT", random.pick(["100", "1000"])]
            if random.chance(0.05) { words += [random.pick(["COUNT", "MATCH", "NOVALUES"])] }
            if random.chance(0.05) { words[words.count - 1] = random.pick(["0", "x", "-1"]) }
            return [DiffCommand(words, check: .random(.setScan(observing: key)))]
        case 18:
            // An intset (answered in one call whatever COUNT) or a small hash-table set (smaller than
            // COUNT), made fresh.
            let integers = random.chance(0.6)
            let members = (0..<random.int(1...8)).map { _ in integers ? String(random.int(-20...40)) : random.member() }
            var scan = ["SSCAN", key, integers ? random.pick(["0", "3", "-1"]) : "0"]
            if random.chance(0.4) { scan += ["MATCH", random.pick(["1*", "m*", "*"])] }
            scan += ["COUNT", integers ? random.pick(["1", "2", "10"]) : "9"]
            return [
                DiffCommand(["DEL", key]), DiffCommand(["SADD", key] + members),
                DiffCommand(["SMEMBERS", key], check: .random(.setOrder)), DiffCommand(scan, check: .random(.setScan(observing: key))),
            ]
        case 19:
            // An intset of more than 512 integers is a hash table: made, listed, deleted.
            let members = (1...random.int(510...515)).map(String.init)
            return [
                DiffCommand(["DEL", key]), DiffCommand(["SADD", key] + members),
                DiffCommand(["SMEMBERS", key], check: .random(.setOrder)),
                DiffCommand(["SINTER", key, key], check: .random(.setOrder)), DiffCommand(["SCARD", key]),
                DiffCommand(["DEL", key]),
            ]
        case 20:
            return [DiffCommand(random.pick([
                ["SADD", key], ["SREM", key], ["SMEMBERS"], ["SISMEMBER", key], ["SMISMEMBER", key], ["SCARD"], ["SPOP"],
                ["SRANDMEMBER"], ["SMOVE", key, key], ["SINTER"], ["SINTERSTORE", key], ["SINTERCARD", "1"], ["SUNION"],
                ["SDIFFSTORE", key], ["SSCAN", key], ["SCARD", key, key],
            ]))]
        case 21:
            return [DiffCommand(["EXPIRE", key, "100000"]), DiffCommand(["SADD", key, member(&random)]), DiffCommand(["TTL", key], check: .near(1))]
        case 22:
            return [DiffCommand([random.pick(["SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"]), key, random.key()]), DiffCommand(["TTL", key], check: .near(1))]
        default:
            // Another type at the key, for WRONGTYPE.
            return [DiffCommand(random.pick([["SET", key, "v"], ["DEL", key], ["HSET", key, "f", "v"]]))]
        }
    }

    /// After `SPOP` picked different members on each side: on the mock, put back what it popped
    /// and remove what the server popped.
    static func setPopReconcile(_ key: String) -> @Sendable (DiffReply, DiffReply) -> [[String]] {
        { real, mock in
            let popped = (real: DiffRandomCheck.bulkStrings(real), mock: DiffRandomCheck.bulkStrings(mock))
            var commands: [[String]] = []
            if !popped.mock.isEmpty { commands.append(["SADD", key] + popped.mock) }
            if !popped.real.isEmpty { commands.append(["SREM", key] + popped.real) }
            return commands
        }
    }
}

extension DiffRandomCheck {
    /// A set listing: the same RESP type and members; in the same order when the server's reply
    /// is all integers in numeric order (an intset, which the mock must list the same way), in any
    /// order otherwise (a hash table).
    public static let setOrder = DiffRandomCheck(accept: { real, mock, _ in
        compareSetListings(real, mock)
    })

    /// `SSCAN` of a set answered in one call: the same cursor, and the members as ``setOrder``
    /// when the whole set (observed with `SMEMBERS`) could be an intset, in any order otherwise
    /// (a `MATCH` may leave a few integers of a hash-table set that happen to be in order).
    public static func setScan(observing key: String) -> DiffRandomCheck {
        DiffRandomCheck(observe: ["SMEMBERS", key], accept: { real, mock, observed in
            guard let left = real.elements, let right = mock.elements, left.count == 2, right.count == 2 else {
                return real == mock ? nil : "the replies differ"
            }
            guard left[0] == right[0] else { return "cursor \(left[0]) from redis-server, \(right[0]) from the mock" }
            let all = observed?.elements ?? []
            if all.count <= 512, all.allSatisfy({ integer($0) != nil }) {
                return compareSetListings(.value(left[1]), .value(right[1]))
            }
            guard let leftItems = DiffReply.value(left[1]).elements, let rightItems = DiffReply.value(right[1]).elements else {
                return "the replies differ"
            }
            return leftItems.map(\.description).sorted() == rightItems.map(\.description).sorted() ? nil : "the members differ (in any order)"
        })
    }

    /// A bulk string read as a server reads an integer (no `+`, no leading zeros), else nil.
    static func integer(_ value: RESPValue) -> Int? {
        value.stringPayload.flatMap { RedisMockNumbers.integer(Array($0.readableBytesView)) }
    }

    /// `inner`, after checking that both replies have the same RESP type (a set for `SPOP key n`
    /// in RESP3, an array for `SRANDMEMBER key n`).
    public static func sameKind(_ inner: DiffRandomCheck) -> DiffRandomCheck {
        DiffRandomCheck(observe: inner.observe, accept: { real, mock, observed in
            if case .value(let left) = real, case .value(let right) = mock, left.kindDescription != right.kindDescription {
                return "a \(left.kindDescription) from redis-server, a \(right.kindDescription) from the mock"
            }
            return inner.accept(real, mock, observed)
        }, reconcile: inner.reconcile)
    }

    static func compareSetListings(_ real: DiffReply, _ mock: DiffReply) -> String? {
        if real == mock { return nil }
        guard case .value(let left) = real, case .value(let right) = mock,
              left.kindDescription == right.kindDescription,
              let leftItems = real.elements, let rightItems = mock.elements
        else { return "the replies differ" }
        let numbers = leftItems.map(integer)
        if numbers.allSatisfy({ $0 != nil }), numbers.map({ $0 ?? 0 }) == numbers.map({ $0 ?? 0 }).sorted() {
            return "the members differ, or not in the numeric order of an intset"
        }
        return leftItems.map(\.description).sorted() == rightItems.map(\.description).sorted() ? nil : "the members differ (in any order)"
    }

    /// The bulk strings of a reply (one, or the elements of an array or set).
    static func bulkStrings(_ reply: DiffReply) -> [String] {
        guard case .value(let value) = reply else { return [] }
        let items: [RESPValue]
        switch value {
        case .array(let elements), .set(let elements): items = elements
        default: items = [value]
        }
        return items.compactMap { item in
            guard case .bulkString(let buffer) = item else { return nil }
            return String(buffer: buffer)
        }
    }
}
