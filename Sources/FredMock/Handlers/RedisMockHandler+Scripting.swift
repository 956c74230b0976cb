import FredRuntime
import NIOCore

/// Scripts and functions. The mock runs no Lua: a script or function answers through the Swift
/// handler registered for it (``RedisMockServer/handleScript(_:with:)``,
/// ``RedisMockServer/handleFunction(_:with:)``), and without one through
/// ``FredRuntime/RedisError/mockNeedsHandler(script:)``. What the server checks before running
/// anything (the number of keys, unknown SHA-1s) it checks with the server's error texts.
extension RedisMockHandler {
    public static let eval = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        try context.checkNumberOfKeys(at: 1)
        let sha = RedisSHA1.hex(context.arguments[0])
        context.storage.loadedScripts.insert(sha)
        guard let handler = context.storage.scriptHandlers[sha] else { throw RedisError.mockNeedsHandler(script: "script \(sha)") }
        return try context.runStandIn(handler)
    }

    public static let evalsha = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        let sha = context.text(0).lowercased()
        guard context.storage.loadedScripts.contains(sha) else {
            throw RedisMockContext.error("NOSCRIPT No matching script. Please use EVAL.")
        }
        try context.checkNumberOfKeys(at: 1)
        guard let handler = context.storage.scriptHandlers[sha] else { throw RedisError.mockNeedsHandler(script: "script \(sha)") }
        return try context.runStandIn(handler)
    }

    public static let fcall = RedisMockHandler { context in
        try context.requireArguments(atLeast: 2)
        let name = context.text(0)
        guard let handler = context.storage.functionHandlers[name] else { throw RedisError.mockNeedsHandler(script: "function \(name)") }
        try context.checkNumberOfKeys(at: 1)
        return try context.runStandIn(handler)
    }

    public static let scriptLoad = RedisMockHandler { context in
        try context.requireArguments(1...1)
        let sha = RedisSHA1.hex(context.arguments[0])
        context.storage.loadedScripts.insert(sha)
        return .bulk(Array(sha.utf8))
    }

    public static let scriptExists = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        return .array(context.arguments.indices.map { index in
            .integer(context.storage.loadedScripts.contains(context.text(index).lowercased()) ? 1 : 0)
        })
    }

    public static let scriptFlush = RedisMockHandler { context in
        try context.requireArguments(0...1)
        if !context.arguments.isEmpty, !context.isToken(0, "SYNC"), !context.isToken(0, "ASYNC") {
            throw RedisMockContext.error("ERR SCRIPT FLUSH only support SYNC|ASYNC option")
        }
        context.storage.loadedScripts.removeAll()
        return .ok
    }
}

extension RedisMockContext {
    /// Checks the `numkeys` argument at `index` as a server does.
    func checkNumberOfKeys(at index: Int) throws {
        let keys = try integer(index)
        if keys > arguments.count - index - 1 { throw Self.error("ERR Number of keys can't be greater than number of args") }
        if keys < 0 { throw Self.error("ERR Number of keys can't be negative") }
    }

    /// Runs the Swift handler standing in for a script or function, with the arguments after the
    /// script's name (`numkeys`, the keys, the arguments).
    mutating func runStandIn(_ handler: RedisMockHandler) throws -> RESPValue {
        var inner = RedisMockContext(commandName: commandName, arguments: Array(arguments.dropFirst()), storage: storage, session: session, now: now)
        inner.inTransaction = inTransaction
        defer { session = inner.session }
        return try handler.body(&inner)
    }
}
