/// Where a command's keys are among its arguments: one of `COMMAND INFO`'s key specs, carried from
/// `commands.yaml` into each command's ``RedisCommandInfo``. A cluster client finds the slot of a
/// command from them.
public struct RedisKeySpec: Sendable, Hashable {
    /// Where the search for keys begins.
    public enum Begin: Sendable, Hashable {
        /// At this argument (0 is the command's first word).
        case index(Int)
        /// After the first `keyword`, searched from argument `startFrom` (from the end when
        /// negative).
        case keyword(String, startFrom: Int)
        case unknown
    }

    /// How the keys are found from there.
    public enum Find: Sendable, Hashable {
        /// Every `step`th argument up to `lastKey` (relative to the first key; -1 is the last
        /// argument; with `limit`, the arguments left are split `limit` ways).
        case range(lastKey: Int, step: Int, limit: Int)
        /// The argument at `keyNumIndex` says how many keys there are; they start at `firstKey`.
        case keynum(keyNumIndex: Int, firstKey: Int, step: Int)
        case unknown
    }

    public let begin: Begin
    public let find: Find

    public init(begin: Begin, find: Find) {
        self.begin = begin
        self.find = find
    }

    /// The positions of the keys in `arguments` (the whole command, name words included), or nil
    /// when this spec cannot tell.
    public func keyPositions(in arguments: [[UInt8]]) -> [Int]? {
        let count = arguments.count
        let first: Int
        switch begin {
        case .index(let index):
            first = index
        case .keyword(let keyword, let startFrom):
            let wanted = Array(keyword.uppercased().utf8)
            let start = startFrom > 0 ? startFrom : count + startFrom
            let candidates = startFrom > 0 ? Array(stride(from: start, to: count, by: 1)) : Array(stride(from: start, through: 1, by: -1))
            guard let found = candidates.first(where: { $0 >= 0 && $0 < count && Self.uppercased(arguments[$0]) == wanted }) else { return [] }
            first = found + 1
        case .unknown:
            return nil
        }
        guard first < count else { return [] }
        switch find {
        case .range(let lastKey, let step, let limit):
            let last: Int
            if lastKey >= 0 {
                last = first + lastKey
            } else if limit == 0 {
                last = count + lastKey
            } else {
                last = first + ((count - first) / limit + lastKey)
            }
            guard step > 0, last >= first else { return [] }
            return Array(stride(from: first, through: min(last, count - 1), by: step))
        case .keynum(let keyNumIndex, let firstKey, let step):
            let numberAt = first + keyNumIndex
            guard numberAt < count, let number = Int(String(decoding: arguments[numberAt], as: UTF8.self)), number > 0, step > 0 else { return [] }
            let start = first + firstKey
            let last = start + (number - 1) * step
            return Array(stride(from: start, through: min(last, count - 1), by: step))
        case .unknown:
            return nil
        }
    }

    private static func uppercased(_ bytes: [UInt8]) -> [UInt8] {
        bytes.map { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) ? $0 - 32 : $0 }
    }
}

extension RedisCommandInfo {
    /// The keys of `command` (by its specs), or nil when a spec cannot tell where they are.
    public func keys(of command: RESPCommand) -> [[UInt8]]? {
        let arguments = command.arguments
        return keyPositions(in: arguments).map { positions in positions.map { arguments[$0] } }
    }

    /// The positions of the keys in `arguments` (the whole command), in the order of the specs,
    /// or nil when a spec cannot tell.
    public func keyPositions(in arguments: [[UInt8]]) -> [Int]? {
        var positions: [Int] = []
        for spec in keySpecs {
            guard let found = spec.keyPositions(in: arguments) else { return nil }
            positions += found
        }
        return positions
    }
}
