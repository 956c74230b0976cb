import FredRuntime
import NIOCore

/// Handlers for the blocking list commands. With data at hand they answer like their
/// non-blocking forms; with none they throw ``RedisMockBlock``, and the engine parks the client
/// until one of the keys is written (then runs the handler again) or the timeout passes (then
/// replies null — at once inside `MULTI`). When the handler runs again for a parked client, keys
/// holding another type are passed over rather than answered `WRONGTYPE`, as a 7.0 server does.
/// (A server serves from the key written first; the handler takes the first non-empty list in
/// argument order, which differs only when one write fills several of the keys.)
extension RedisMockHandler {
    /// `BLPOP key [key …] timeout`.
    public static let blpop = RedisMockHandler { context in
        try blockingPop(&context, from: .left)
    }

    /// `BRPOP key [key …] timeout`.
    public static let brpop = RedisMockHandler { context in
        try blockingPop(&context, from: .right)
    }

    private static func blockingPop(_ context: inout RedisMockContext, from end: RedisMockListStore.End) throws -> RESPValue {
        try context.requireArguments(atLeast: 2)
        let timeout = try context.blockingTimeout(seconds: context.arguments.count - 1)
        let keys = Array(context.arguments.dropLast())
        if let reply = try RedisMockListStore.popFirst(&context, keys: keys, from: end, count: nil) { return reply }
        throw RedisMockBlock(keys: keys, timeout: timeout, timeoutReply: .null)
    }

    /// `BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout`.
    public static let blmove = RedisMockHandler { context in
        try context.requireArguments(5...5)
        let from = try RedisMockListStore.end(context, 2)
        let to = try RedisMockListStore.end(context, 3)
        let timeout = try context.blockingTimeout(seconds: 4)
        return try blockingMove(&context, from: from, to: to, timeout: timeout)
    }

    /// `BRPOPLPUSH source destination timeout`, the old form of `BLMOVE … RIGHT LEFT`.
    public static let brpoplpush = RedisMockHandler { context in
        try context.requireArguments(3...3)
        let timeout = try context.blockingTimeout(seconds: 2)
        return try blockingMove(&context, from: .right, to: .left, timeout: timeout)
    }

    private static func blockingMove(
        _ context: inout RedisMockContext, from: RedisMockListStore.End, to: RedisMockListStore.End, timeout: Int64?
    ) throws -> RESPValue {
        let source = context.arguments[0]
        // The destination's type is only checked once there is something to move; a parked
        // client stays parked while the source holds another type.
        let waits = context.servesBlockedClient
            ? !RedisMockListStore.holdsList(context, source)
            : try RedisMockListStore.list(context, source) == nil
        guard !waits else {
            throw RedisMockBlock(keys: [source], timeout: timeout, timeoutReply: .null)
        }
        return try RedisMockListStore.move(&context, source: source, destination: context.arguments[1], from: from, to: to)
    }

    /// `BLMPOP timeout numkeys key [key …] LEFT|RIGHT [COUNT count]`.
    public static let blmpop = RedisMockHandler { context in
        try context.requireArguments(atLeast: 4)
        // The server reads the timeout after the other arguments.
        let (keys, end, count) = try RedisMockListStore.multiPopArguments(context, numkeysAt: 1)
        let timeout = try context.blockingTimeout(seconds: 0)
        if let reply = try RedisMockListStore.popFirst(&context, keys: keys, from: end, count: count) { return reply }
        throw RedisMockBlock(keys: keys, timeout: timeout, timeoutReply: .null)
    }
}
