import FredRuntime
/// The transaction commands. Their behaviour lives in the engine (``RedisMockServer``), which
/// queues commands, watches keys and runs `EXEC`; `commands.yaml` wires `MULTI` to `mock: multi`
/// and so on, so the engine never spells a command name.
extension RedisMockHandler {
    /// `MULTI`: starts queueing.
    public static let multi = RedisMockHandler(role: .multi)
    /// `EXEC`: runs the queue, or aborts (`EXECABORT`, or a null reply when a watched key changed).
    public static let exec = RedisMockHandler(role: .exec)
    /// `DISCARD`: drops the queue.
    public static let discard = RedisMockHandler(role: .discard)
    /// `WATCH key …`: `EXEC` aborts if one of the keys is written first.
    public static let watch = RedisMockHandler(role: .watch)
    /// `UNWATCH`.
    public static let unwatch = RedisMockHandler(role: .unwatch)

    /// A handler that runs at once even inside `MULTI` (`QUIT`).
    public static func immediate(_ body: @escaping Body) -> RedisMockHandler {
        RedisMockHandler(role: .immediate, body)
    }

    /// A handler that first ends any transaction and forgets watched keys (`RESET`).
    public static func resettingTransaction(_ body: @escaping Body) -> RedisMockHandler {
        RedisMockHandler(role: .resetsTransaction, body)
    }
}
