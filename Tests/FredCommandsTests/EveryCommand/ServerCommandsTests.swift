import Foundation
import Fred
import FredTestSupport
import Testing

/// Every command of the server group through its typed method, on one real server per protocol
/// (the coverage check reads that server's `INFO commandstats`).
///
/// Structured replies that are still `RESPValue` (COMMAND DOCS, MEMORY STATS, ROLE, …) are read
/// here through the generic decoders, the way their future records will read them.
@Suite(.timeLimit(.minutes(1))) struct ServerCommandsTests {
    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func everyServerCommand(_ version: RESPProtocolVersion) async throws {
        // ACL SAVE and ACL LOAD need an ACL file, which must exist before the server starts.
        let aclFile = FileManager.default.temporaryDirectory.appendingPathComponent("fred-acl-\(UUID().uuidString).acl")
        try Data().write(to: aclFile)
        defer { try? FileManager.default.removeItem(at: aclFile) }
        let arguments = ["--enable-debug-command", "yes", "--enable-module-command", "yes", "--aclfile", aclFile.path]
        try await withServerConnection(version, serverArguments: arguments) { client, server async throws in
            try await Self.statsAndKeyspace(client)
            try await Self.configuration(client)
            try await Self.accessControl(client)
            try await Self.commandIntrospection(client)
            try await Self.latency(client)
            try await Self.slowlog(client)
            try await Self.memory(client)
            try await Self.modules(client)
            try await Self.persistence(client)
            try await Self.monitor(server, version)
            try await Self.refusedAndInternal(client)
            try await Self.replication(client)
            try await assertEveryCommandCalled(groups: ["server"], on: client)
        }
    }

    // MARK: - Sections, all on the same server

    /// CONFIG RESETSTAT, INFO, DBSIZE, SWAPDB, FLUSHDB, FLUSHALL, TIME, LOLWUT.
    private static func statsAndKeyspace(_ client: some RedisCommandExecutor) async throws {
        // CONFIG RESETSTAT clears the command statistics the coverage check reads: it goes first.
        try await client.configResetstat()
        #expect(try await client.info(sections: ["commandstats"]).contains("cmdstat_config|resetstat:calls=1,"))

        _ = try await client.set("a", "1")
        _ = try await client.set("b", "2")
        #expect(try await client.dbsize() == 2)
        try await client.swapdb(index1: 0, index2: 1)
        #expect(try await client.dbsize() == 0)
        try await client.select(1)
        #expect(try await client.get("a")?.string == "1")
        try await client.flushdb()
        #expect(try await client.dbsize() == 0)
        try await client.select(0)
        _ = try await client.set("c", "3")
        try await client.flushall()
        #expect(try await client.dbsize() == 0)
        await #expect(throws: serverError("ERR DB index is out of range")) {
            try await client.swapdb(index1: 0, index2: 99)
        }

        let time = try await client.time()
        #expect(time.count == 2)
        #expect(time.first ?? 0 > 1_600_000_000)
        #expect((0..<1_000_000).contains(time.last ?? -1))

        #expect(try await client.lolwut().contains("Redis ver. "))
        #expect(try await client.lolwut(version: 5).contains("Redis ver. "))
    }

    /// CONFIG GET, SET, REWRITE, HELP.
    private static func configuration(_ client: some RedisCommandExecutor) async throws {
        #expect(try await client.configGet(parameters: ["maxmemory", "hz"]) == ["maxmemory": "0", "hz": "10"])
        try await client.configSet(parameters: [(parameter: "hz", value: "15"), (parameter: "maxmemory-policy", value: "allkeys-lru")])
        #expect(try await client.configGet(parameters: ["hz", "maxmemory-policy"]) == ["hz": "15", "maxmemory-policy": "allkeys-lru"])
        #expect(try await client.configGet(parameters: ["no-such-parameter"]).isEmpty)
        await #expect(throws: RedisError.self) {
            try await client.configSet(parameters: [(parameter: "hz", value: "fast")])
        }
        // The test server runs from command-line arguments: there is no config file to rewrite.
        await #expect(throws: serverError("ERR The server is running without a config file")) {
            try await client.configRewrite()
        }
        #expect(try await client.configHelp().first?.hasPrefix("CONFIG") == true)
    }

    /// Every ACL subcommand.
    private static func accessControl(_ client: some RedisCommandExecutor) async throws {
        #expect(try await client.aclWhoami() == "default")
        #expect(try await client.aclCat().contains("hyperloglog"))
        let hyperloglog = try await client.aclCat(category: "hyperloglog")
        #expect(Set(hyperloglog).isSuperset(of: ["pfadd", "pfcount", "pfmerge"]))
        await #expect(throws: RedisError.self) { try await client.aclCat(category: "no-such-category") }

        try await client.aclSetuser("fred-user", rules: ["on", ">secret", "~cache:*", "+get"])
        #expect(try await client.aclUsers() == ["default", "fred-user"])
        #expect(try await client.aclList().contains("user default on nopass ~* &* +@all"))
        let user = try #require(try await client.aclGetuser("fred-user"))
        #expect(user.flags == ["on"])
        #expect(user.commands == "-@all +get")
        #expect(user.keys == "~cache:*")
        #expect(user.channels == "")
        #expect(user.passwords.count == 1)
        #expect(user.selectors.isEmpty)
        #expect(try await client.aclGetuser("ghost") == nil)

        #expect(try await client.aclDryrun("fred-user", "get", arguments: ["cache:1"]) == "OK")
        #expect(try await client.aclDryrun("fred-user", "set", arguments: ["cache:1", "v"]).contains("no permissions"))
        #expect(try await client.aclGenpass().count == 64)
        #expect(try await client.aclGenpass(bits: 32).count == 8)

        // A failed AUTH is logged; the connection stays authenticated as before.
        await #expect(throws: RedisError.self) { try await client.auth(username: "ghost", "wrong") }
        let log = try await client.aclLog()
        #expect(log.count == 1)
        let entry = try #require(log.first)
        #expect(entry.reason == "auth")
        #expect(entry.username == "ghost")
        #expect(entry.context == "toplevel")
        #expect(entry.count == 1)
        #expect(entry.ageSeconds >= 0)
        #expect(entry.clientInfo.contains("cmd=auth"))
        try await client.aclLogReset()
        #expect(try await client.aclLog().isEmpty)

        // Saved to the ACL file and loaded back.
        try await client.aclSave()
        try await client.aclLoad()
        #expect(try await client.aclUsers() == ["default", "fred-user"])
        #expect(try await client.aclWhoami() == "default")
        #expect(try await client.aclDeluser(["fred-user", "ghost"]) == 1)
        #expect(try await client.aclUsers() == ["default"])
        #expect(try await client.aclHelp().first?.hasPrefix("ACL") == true)
    }

    /// COMMAND COUNT, LIST, DOCS, INFO, HELP, and the GETKEYS pair the spec gives no arguments.
    private static func commandIntrospection(_ client: some RedisCommandExecutor) async throws {
        let count = try await client.commandCount()
        let names = try await client.commandList()
        #expect(count > 200)
        #expect(names.filter { !$0.contains("|") }.count == count)
        #expect(names.contains("config|get"))
        let matching = try await client.commandList(filterby: .pattern("xa*"))
        #expect(Set(matching) == ["xack", "xadd", "xautoclaim"])
        let inCategory = try await client.commandList(filterby: .category("hyperloglog"))
        #expect(Set(inCategory).isSuperset(of: ["pfadd", "pfcount", "pfmerge"]))
        #expect(try await client.commandList(filterby: .moduleName("no-such-module")).isEmpty)

        let docs = try await client.commandDocs(commands: ["get", "no-such-command", "client"])
        #expect(docs.keys.sorted() == ["client", "get"])
        #expect(docs["get"]?.summary == "Get the value of a key")
        #expect(docs["get"]?.group == "string")
        #expect(docs["get"]?.arguments?.map(\.name) == ["key"])
        #expect(docs["get"]?.arguments?.first?.keySpecIndex == 0)
        // Arguments nest: CLIENT KILL's filters are a oneof whose cases carry tokens.
        func tokens(_ arguments: [RedisCommandArgumentDocs]?) -> [String] {
            (arguments ?? []).flatMap { [$0.token].compactMap { $0 } + tokens($0.arguments) }
        }
        let killTokens = tokens(docs["client"]?.subcommands?["client|kill"]?.arguments)
        #expect(killTokens.contains("ID") && killTokens.contains("SKIPME"))

        let info = try await client.commandInfo(commands: ["get", "no-such-command", "xread"])
        #expect(info.count == 3)
        #expect(info[1] == nil)
        let get = try #require(info[0])
        #expect(get.name == "get" && get.arity == 2 && get.firstKey == 1 && get.lastKey == 1 && get.step == 1)
        #expect(get.flags.contains("readonly") && get.aclCategories.contains("@read"))
        #expect(get.keySpecs.first?.flags.contains("RO") == true)
        #expect(try get.keySpecs.first?.beginSearch["type"]?.decode(as: String.self) == "index")
        #expect(info[2]?.keySpecs.first?.flags.contains("access") == true)

        #expect(try await client.commandHelp().first?.hasPrefix("COMMAND") == true)

        #expect(try await client.commandGetkeys("MSET", ["a", "1", "b", "2"]) == ["a", "b"])
        let keysAndFlags = try await client.commandGetkeysandflags("LMOVE", ["src", "dst", "LEFT", "RIGHT"])
        #expect(keysAndFlags.map(\.key) == ["src", "dst"])
        #expect(keysAndFlags.first?.flags.contains("delete") == true && keysAndFlags.last?.flags.contains("insert") == true)
        await #expect(throws: RedisError.self) { try await client.commandGetkeys("PING") }
    }

    /// Every LATENCY subcommand, around one spike made with DEBUG SLEEP.
    private static func latency(_ client: some RedisCommandExecutor) async throws {
        try await client.configSet(parameters: [(parameter: "latency-monitor-threshold", value: "1")])
        _ = try await client.debug("SLEEP", ["0.02"])

        let latest = try await client.latencyLatest()
        let spike = try #require(latest.first { $0.event == "command" })
        #expect(spike.latest >= 20)
        #expect(spike.maximum >= 20)
        #expect(spike.timestamp > 1_600_000_000)

        let history = try await client.latencyHistory("command")
        #expect(history.contains { $0.latency >= 20 && $0.timestamp > 1_600_000_000 })
        #expect(try await client.latencyHistory("no-such-event").isEmpty)
        #expect(try await client.latencyGraph("command").contains("command - high"))
        await #expect(throws: serverError("ERR No samples available for event 'no-such-event'")) {
            try await client.latencyGraph("no-such-event")
        }
        #expect(try await client.latencyDoctor().contains("command"))

        _ = try await client.set("histogram", "1")
        let histogram = try await client.latencyHistogram(commands: ["set", "no-such-command"])
        #expect(Array(histogram.keys) == ["set"])
        #expect(histogram["set"]?.calls ?? 0 >= 1)
        #expect(histogram["set"]?.histogram.values.contains { $0 >= 1 } == true)

        #expect(try await client.latencyReset(events: ["command"]) == 1)
        #expect(try await client.latencyHistory("command").isEmpty)
        _ = try await client.latencyReset()  // what else was recorded (a fork, say) depends on timing
        try await client.configSet(parameters: [(parameter: "latency-monitor-threshold", value: "0")])
        #expect(try await client.latencyHelp().first?.hasPrefix("LATENCY") == true)
    }

    /// Every SLOWLOG subcommand, logging everything.
    private static func slowlog(_ client: some RedisCommandExecutor) async throws {
        try await client.configSet(parameters: [(parameter: "slowlog-log-slower-than", value: "0")])
        try await client.slowlogReset()
        _ = try await client.time()
        // An entry is logged once its command has run: the newest one before GET is TIME.
        let entries = try await client.slowlogGet(count: 1)
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(entry.arguments.map { $0.string.uppercased() } == ["TIME"])
        #expect(entry.duration >= 0)
        #expect(entry.timestamp > 1_600_000_000)
        #expect(entry.clientAddress?.hasPrefix("127.0.0.1:") == true)
        // SLOWLOG RESET, TIME and SLOWLOG GET.
        #expect(try await client.slowlogLen() == 3)
        try await client.configSet(parameters: [(parameter: "slowlog-log-slower-than", value: "10000")])
        #expect(try await client.slowlogHelp().first?.hasPrefix("SLOWLOG") == true)
    }

    /// Every MEMORY subcommand.
    private static func memory(_ client: some RedisCommandExecutor) async throws {
        _ = try await client.set("sized", String(repeating: "x", count: 100))
        let usage = try #require(try await client.memoryUsage("sized"))
        #expect(usage > 100)
        let sampled = try #require(try await client.memoryUsage("sized", samples: 5))
        #expect(sampled > 100)
        #expect(try await client.memoryUsage("missing") == nil)

        let stats = try await client.memoryStats()
        #expect(stats.peakAllocated > 0)
        #expect(stats.keys >= 1)
        #expect(stats.fragmentation > 0)

        #expect(try await client.memoryDoctor().isEmpty == false)
        #expect(try await client.memoryMallocStats().isEmpty == false)
        try await client.memoryPurge()
        #expect(try await client.memoryHelp().first?.hasPrefix("MEMORY") == true)
    }

    /// Every MODULE subcommand; no module is at hand, so loading fails (the server stays as it was).
    private static func modules(_ client: some RedisCommandExecutor) async throws {
        #expect(try await client.moduleList().isEmpty)
        let loadFailed = serverError("ERR Error loading the extension. Please check the server logs.")
        await #expect(throws: loadFailed) {
            try await client.moduleLoad("/nonexistent/fred-module.so", arguments: ["x"])
        }
        await #expect(throws: loadFailed) {
            try await client.moduleLoadex("/nonexistent/fred-module.so", configs: [(name: "a", value: "b")], args: ["x"])
        }
        await #expect(throws: serverError("ERR Error unloading module: no such module with that name")) {
            try await client.moduleUnload("no-such-module")
        }
        #expect(try await client.moduleHelp().first?.hasPrefix("MODULE") == true)
    }

    /// SAVE, LASTSAVE, BGSAVE (with and without SCHEDULE), BGREWRITEAOF.
    private static func persistence(_ client: some RedisCommandExecutor) async throws {
        let before = try #require(try await client.time().first)
        try await client.save()
        #expect(try await client.lastsave() >= before)
        #expect(try await client.bgsave() == "Background saving started")
        try await waitForPersistence(client, saves: 2)
        #expect(try await client.bgrewriteaof() == "Background append only file rewriting started")
        // Scheduled while the rewrite runs, or started at once if the rewrite is already over.
        let scheduled = try await client.bgsave(schedule: true)
        #expect(["Background saving scheduled", "Background saving started"].contains(scheduled))
        try await waitForPersistence(client, saves: 3)
    }

    /// MONITOR, on a connection of its own that is closed right after.
    private static func monitor(_ server: RedisServerProcess, _ version: RESPProtocolVersion) async throws {
        var config = try RedisConfig(url: server.url)
        config.protocolVersion = version
        let watcher = RedisClient(config: config)
        try await watcher.connect()
        // MONITOR turns a connection into a stream of pushes: the client refuses it everywhere.
        await #expect(throws: RedisError.self) { try await watcher.monitor() }
        try await watcher.withConnection { connection in
            await #expect(throws: RedisError.self) { try await connection.monitor() }
        }
        // Sent as a command no spec describes, the server runs it (and from then on streams every
        // command it runs to this connection, which is closed at once).
        var monitor = RESPCommand(.custom)
        monitor.append("MONITOR")
        _ = try await watcher.execute(monitor)
        try await watcher.quit()
    }

    /// Dangerous commands through the error paths that leave the server as it was; DEBUG; and
    /// RESTORE-ASKING, which runs on a server outside a cluster too.
    private static func refusedAndInternal(_ client: some RedisCommandExecutor) async throws {
        await #expect(throws: serverError("ERR No shutdown in progress.")) {
            try await client.shutdown(abort: true)
        }
        await #expect(throws: serverError("ERR No failover in progress.")) {
            try await client.failover(abort: true)
        }
        await #expect(throws: serverError("ERR FAILOVER requires connected replicas.")) {
            try await client.failover(target: FailoverTarget(host: "127.0.0.1", port: 1, force: false), timeout: 10)
        }
        #expect(try await client.debug("SET-ACTIVE-EXPIRE", ["1"]) == .simpleString(.init(string: "OK")))
        await #expect(throws: RedisError.self) { try await client.debug("NO-SUCH-SUBCOMMAND") }

        _ = try await client.set("source", "hello")
        let dumped = try #require(try await client.dump("source"))
        try await client.restoreAsking("copy", ttl: 0, dumped)
        #expect(try await client.get("copy")?.string == "hello")
        await #expect(throws: serverError("BUSYKEY Target key name already exists.")) {
            try await client.restoreAsking("copy", ttl: 0, dumped)
        }
        try await client.restoreAsking("copy", ttl: 100_000, dumped, replace: true, idletime: 10)
        #expect(try await client.pttl("copy") > 0)
    }

    /// REPLICAOF, SLAVEOF and ROLE, following a second throwaway server for a moment.
    private static func replication(_ client: some RedisCommandExecutor) async throws {
        guard case .primary(_, let replicas) = try await client.role() else {
            Issue.record("a fresh server is a primary")
            return
        }
        #expect(replicas.isEmpty)

        try await withRedisServer { primary in
            try await client.replicaof(.hostPort(host: "127.0.0.1", port: primary.port))
            guard case .replica(let host, let port, _, _) = try await client.role() else {
                Issue.record("REPLICAOF made it a replica")
                return
            }
            #expect(host == "127.0.0.1" && port == primary.port)
            // The same primary again: "OK Already connected to specified master".
            try await client.slaveof(.hostPort(host: "127.0.0.1", port: primary.port))
            try await client.slaveof(.noOne)
            if case .primary = try await client.role() {} else { Issue.record("SLAVEOF NO ONE made it a primary") }
            try await client.slaveof(.hostPort(host: "127.0.0.1", port: primary.port))
            try await client.replicaof(.noOne)
        }
        if case .primary = try await client.role() {} else { Issue.record("REPLICAOF NO ONE made it a primary") }
    }

    // MARK: - Helpers

    private static func serverError(_ message: String) -> RedisError {
        .server(RedisServerError(message: message))
    }

    private static func arityError(_ command: String) -> RedisError {
        serverError("ERR wrong number of arguments for '\(command)' command")
    }

    /// The text of a string-like reply element, or nil.
    private static func text(_ value: RESPValue?) -> String? {
        value.flatMap { try? $0.decode(as: String.self) }
    }

    /// Waits until `saves` RDB saves are done and no background save or rewrite runs or waits.
    private static func waitForPersistence(_ client: some RedisCommandExecutor, saves: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            let info = try await client.info(sections: ["persistence"])
            let fields = infoFields(info)
            if Int(fields["rdb_saves"] ?? "") ?? 0 >= saves, fields["rdb_bgsave_in_progress"] == "0",
               fields["aof_rewrite_in_progress"] == "0", fields["aof_rewrite_scheduled"] == "0" {
                return
            }
            guard ContinuousClock.now < deadline else {
                Issue.record("background persistence still running:\n\(info)")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    private static func infoFields(_ info: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in info.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
        return fields
    }
}
