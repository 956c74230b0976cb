import FredRuntime

/// A Lua script, run by its SHA-1 (`EVALSHA`) so that its source crosses the network only when
/// a server does not have it yet.
///
/// ```swift
/// let increment = RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])")
/// let total = try await client.run(increment, keys: ["visits"], arguments: ["5"], as: Int.self)
/// ```
///
/// ``RedisCommandExecutor/run(_:keys:arguments:readOnly:as:)`` sends `EVALSHA`; when the server
/// answers `NOSCRIPT` (a restart, `SCRIPT FLUSH`, a node that never saw it) it sends `EVAL`, which
/// runs the script and caches it. ``call(keys:arguments:readOnly:as:)`` makes the same call a
/// command value for pipelines and transactions, which send `SCRIPT LOAD` (once per script) at the
/// head of the same write, before `MULTI`: `EXEC` cannot fail for want of the script, and a
/// pipeline keeps its order. A script that does not compile fails its own slot with the server's
/// reason.
///
/// How replies convert (the server's rules): a Lua number becomes an integer (decimals are
/// truncated: return them as strings), `true` becomes 1 and `false` a null reply (`nil` in Swift),
/// a table becomes an array that stops at its first `nil`, `{err = …}` an error reply and
/// `{ok = …}` a status. A script that calls `redis.setresp(3)` on a RESP3 connection may also
/// return doubles, maps and sets. Keys and arguments are bytes (``RedisValue`` from a `String`,
/// `[UInt8]` or `Int`).
public struct RedisScript: Sendable, Hashable {
    /// The Lua source.
    public let source: String
    /// Its SHA-1 as 40 lower-case hex digits: the name the server knows it by.
    public let sha1: String

    public init(_ source: String) {
        self.source = source
        self.sha1 = RedisSHA1.hex(Array(source.utf8))
    }

    /// The script call as a command value (`EVALSHA`, or `EVALSHA_RO` when `readOnly`, which a
    /// cluster client may send to a replica), for typed pipelines and transactions.
    public func call<Response>(
        keys: [RedisValue] = [], arguments: [RedisValue] = [], readOnly: Bool = false, as type: Response.Type = RESPValue.self
    ) -> RedisCommand<Response> {
        var command = RedisCommand<Response>(
            readOnly ? RedisCommands.evalshaRo(sha1, keys: keys, args: arguments) : RedisCommands.evalsha(sha1, keys: keys, args: arguments))
        command.prerequisite = RedisCommands.scriptLoad(source)
        return command
    }
}

/// A library of Redis functions (`FUNCTION LOAD`), whose functions are called with `FCALL`.
///
/// ```swift
/// let library = RedisLibrary("""
///     #!lua name=counters
///     redis.register_function('bump', function(keys, args) return redis.call('INCR', keys[1]) end)
///     """)
/// let value = try await client.call(library, function: "bump", keys: ["hits"], as: Int.self)
/// ```
///
/// ``RedisCommandExecutor/call(_:function:keys:arguments:readOnly:as:)`` sends `FCALL`; when the
/// server does not know the function (a new server, `FUNCTION FLUSH`), it loads the library
/// (`FUNCTION LOAD REPLACE`) and calls once more.
public struct RedisLibrary: Sendable, Hashable {
    /// The library's code, starting with its `#!lua name=…` line.
    public let code: String

    public init(_ code: String) { self.code = code }
}

extension RedisCommandExecutor {
    /// Runs `script` with `EVALSHA`, or `EVAL` when the server does not have it yet (which also
    /// caches it), and converts the reply to `type`.
    @discardableResult
    public func run<Response: RESPDecodable & Sendable>(
        _ script: RedisScript, keys: [RedisValue] = [], arguments: [RedisValue] = [], readOnly: Bool = false,
        as type: Response.Type = RESPValue.self
    ) async throws -> Response {
        do {
            return try await execute(script.call(keys: keys, arguments: arguments, readOnly: readOnly, as: type))
        } catch RedisError.server(let error) where error.kind == .noScript {
            let command = readOnly
                ? RedisCommands.evalRo(script.source, keys: keys, args: arguments)
                : RedisCommands.eval(script.source, keys: keys, args: arguments)
            return try await execute(RedisCommand<Response>(command))
        }
    }

    /// Loads `script` into the server's script cache (`SCRIPT LOAD`), so that the first `EVALSHA`
    /// finds it. On a cluster client this reaches every node (see
    /// ``RedisClusterClient/loadOnEveryPrimary(_:)`` for each node's outcome).
    public func load(_ script: RedisScript) async throws {
        let sha1 = try await execute(RedisCommand<String>(RedisCommands.scriptLoad(script.source)))
        guard sha1 == script.sha1 else {
            throw RedisError.unexpectedReply(expected: "the script's SHA-1 \(script.sha1)", got: sha1)
        }
    }

    /// Calls `function` of `library` with `FCALL` (`FCALL_RO` when `readOnly`), loading the
    /// library once (`FUNCTION LOAD REPLACE`) when the server does not know the function.
    @discardableResult
    public func call<Response: RESPDecodable & Sendable>(
        _ library: RedisLibrary, function: String, keys: [RedisValue] = [], arguments: [RedisValue] = [],
        readOnly: Bool = false, as type: Response.Type = RESPValue.self
    ) async throws -> Response {
        let command = RedisCommand<Response>(
            readOnly ? RedisCommands.fcallRo(function, keys: keys, args: arguments) : RedisCommands.fcall(function, keys: keys, args: arguments))
        do {
            return try await execute(command)
        } catch RedisError.server(let error) where error.message.hasPrefix("ERR Function not found") {
            _ = try await execute(RedisCommands.functionLoad(replace: true, library.code))
            return try await execute(command)
        }
    }
}

extension RedisClusterClient {
    /// Loads `script` on every primary that serves slots, each on its own, and says how each
    /// fared: a node that failed does not stop the others.
    public func loadOnEveryPrimary(_ script: RedisScript) async throws -> [RedisClusterTopology.Address: Result<Void, RedisError>] {
        var outcomes: [RedisClusterTopology.Address: Result<Void, RedisError>] = [:]
        let primaries = try await primaryClients()
        await withTaskGroup(of: (RedisClusterTopology.Address, Result<Void, RedisError>).self) { group in
            for client in primaries {
                guard case .tcp(let host, let port) = client.config.server else { continue }
                group.addTask {
                    do {
                        try await client.load(script)
                        return (.init(host: host, port: port), .success(()))
                    } catch let error as RedisError {
                        return (.init(host: host, port: port), .failure(error))
                    } catch {
                        return (.init(host: host, port: port), .failure(.unsupported("\(error)")))
                    }
                }
            }
            for await (address, outcome) in group { outcomes[address] = outcome }
        }
        return outcomes
    }
}
