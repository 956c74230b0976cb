import FredRuntime
import NIOCore

/// Handlers for the sorted-set algebra: `ZUNION`, `ZINTER`, `ZDIFF`, their `…STORE` forms and
/// `ZINTERCARD`. Plain sets count as inputs whose members score 1.
extension RedisMockHandler {
    /// `ZUNION numkeys key … [WEIGHTS w …] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]`.
    public static let zunion = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        return try combine(&context, operation: .union, destination: nil)
    }

    /// `ZINTER numkeys key … [WEIGHTS w …] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]`.
    public static let zinter = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        return try combine(&context, operation: .inter, destination: nil)
    }

    /// `ZDIFF numkeys key … [WITHSCORES]`: the first set without the members of the others.
    public static let zdiff = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        return try combine(&context, operation: .diff, destination: nil)
    }

    /// `ZUNIONSTORE destination numkeys key … [WEIGHTS w …] [AGGREGATE …]`.
    public static let zunionstore = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        return try combine(&context, operation: .union, destination: context.arguments[0])
    }

    /// `ZINTERSTORE destination numkeys key … [WEIGHTS w …] [AGGREGATE …]`.
    public static let zinterstore = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        return try combine(&context, operation: .inter, destination: context.arguments[0])
    }

    /// `ZDIFFSTORE destination numkeys key …`.
    public static let zdiffstore = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        return try combine(&context, operation: .diff, destination: context.arguments[0])
    }

    /// `ZINTERCARD numkeys key … [LIMIT limit]`.
    public static let zintercard = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        return try combine(&context, operation: .inter, destination: nil, cardinalityOnly: true)
    }

    enum SetOperation { case union, inter, diff }
    enum Aggregate { case sum, min, max }

    /// One input of the algebra: its members and scores in iteration order, and its weight.
    private struct Source {
        var elements: [RedisMockSortedSet.Element]
        var scores: [[UInt8]: Double]
        var weight = 1.0
        var key: [UInt8]
    }

    /// `zunionInterDiffGenericCommand`.
    private static func combine(_ context: inout RedisMockContext, operation: SetOperation, destination: [UInt8]?,
                                cardinalityOnly: Bool = false) throws -> RESPValue {
        let numberIndex = destination == nil ? 0 : 1
        let count = try context.integer(numberIndex)
        guard count >= 1 else {
            throw RedisMockContext.error("ERR at least 1 input key is needed for '\(context.commandName.lowercased())' command")
        }
        guard count <= context.arguments.count - numberIndex - 1 else { throw RedisMockContext.syntaxError }
        var sources: [Source] = []
        for key in context.arguments[(numberIndex + 1)...(numberIndex + count)] {
            switch context.entry(key)?.data {
            case nil:
                sources.append(Source(elements: [], scores: [:], key: key))
            case .sortedSet(let scores)?:
                sources.append(Source(elements: RedisMockSortedSet(scores).elements, scores: scores, key: key))
            case .set(let members)?:
                var scores: [[UInt8]: Double] = [:]
                for member in members { scores[member] = 1 }
                sources.append(Source(elements: members.map { (member: $0, score: 1.0) }, scores: scores, key: key))
            default:
                throw RedisMockContext.wrongType
            }
        }
        var aggregate = Aggregate.sum
        var withScores = false
        var limit = 0
        var index = numberIndex + 1 + count
        while index < context.arguments.count {
            let remaining = context.arguments.count - index
            if operation != .diff && !cardinalityOnly && remaining >= count + 1 && context.isToken(index, "WEIGHTS") {
                index += 1
                for source in sources.indices {
                    sources[source].weight = try context.score(index, error: RedisMockContext.error("ERR weight value is not a float"))
                    index += 1
                }
            } else if operation != .diff && !cardinalityOnly && remaining >= 2 && context.isToken(index, "AGGREGATE") {
                switch context.text(index + 1).uppercased() {
                case "SUM": aggregate = .sum
                case "MIN": aggregate = .min
                case "MAX": aggregate = .max
                default: throw RedisMockContext.syntaxError
                }
                index += 2
            } else if destination == nil && !cardinalityOnly && context.isToken(index, "WITHSCORES") {
                withScores = true
                index += 1
            } else if cardinalityOnly && remaining >= 2 && context.isToken(index, "LIMIT") {
                limit = try context.integer(index + 1, in: 0...Int.max, message: "ERR LIMIT can't be negative")
                index += 2
            } else {
                throw RedisMockContext.syntaxError
            }
        }
        if operation != .diff {
            // Smallest input first, as a server sorts them (a stable sort: glibc's merge sort);
            // sums then add up in the same order.
            sources = sources.enumerated().sorted { a, b in
                a.element.elements.count != b.element.elements.count
                    ? a.element.elements.count < b.element.elements.count : a.offset < b.offset
            }.map(\.element)
        }
        var result: [[UInt8]: Double] = [:]
        var cardinality = 0
        switch operation {
        case .inter:
            guard let first = sources.first, !first.elements.isEmpty else { break }
            elementLoop: for element in first.elements {
                var score = first.weight * element.score
                if score.isNaN { score = 0 }
                for other in sources.dropFirst() {
                    guard let value = other.key == first.key ? element.score : other.scores[element.member] else {
                        continue elementLoop
                    }
                    score = combined(score, value * other.weight, aggregate)
                }
                if cardinalityOnly {
                    cardinality += 1
                    if limit > 0 && cardinality >= limit { break elementLoop }
                } else {
                    result[element.member] = score
                }
            }
        case .union:
            for source in sources {
                for element in source.elements {
                    var score = source.weight * element.score
                    if score.isNaN { score = 0 }
                    if let existing = result[element.member] {
                        result[element.member] = combined(existing, score, aggregate)
                    } else {
                        result[element.member] = score
                    }
                }
            }
        case .diff:
            guard let first = sources.first else { break }
            for element in first.elements where !sources.dropFirst().contains(where: { $0.scores[element.member] != nil }) {
                result[element.member] = element.score
            }
        }
        if cardinalityOnly { return .integer(cardinality) }
        let ordered = RedisMockSortedSet(result).elements
        if let destination {
            return .integer(context.storeSortedSet(ordered, at: destination))
        }
        return context.scoredReply(ordered, withScores: withScores)
    }

    /// `zunionInterAggregate`: a sum that would be NaN (`inf + -inf`) is 0; MIN and MAX keep the
    /// current score against a NaN.
    private static func combined(_ target: Double, _ value: Double, _ aggregate: Aggregate) -> Double {
        switch aggregate {
        case .sum:
            let sum = target + value
            return sum.isNaN ? 0 : sum
        case .min: return value < target ? value : target
        case .max: return value > target ? value : target
        }
    }
}
