import Fred
import FredMock
import Logging
import NIOCore

/// Runs random command sequences on the mock engine and on a real `redis-server`, side by side,
/// and compares every reply.
///
/// The run is cut into episodes of a few dozen to a few hundred commands; each starts from empty
/// data (`FLUSHALL`) with new sessions, so a mismatch is reproduced by its episode alone, and the
/// first one is shrunk to the shortest sequence that still shows it.
public final class DiffRunner {
    public struct Options: Sendable {
        public var seed: UInt64
        /// Commands to compare in all (checks' own reads and reconciling writes not counted).
        public var count: Int
        public var groups: [DiffGroup]
        /// The protocols to run, taken in turn episode by episode.
        public var protocols: [RESPProtocolVersion]
        public var episodeLength: ClosedRange<Int>
        /// Whether the mock side reaches the engine over TCP (``RedisMockServer/listen(host:port:group:logger:)``)
        /// instead of in process.
        public var mockOverTCP: Bool

        public init(seed: UInt64, count: Int, groups: [DiffGroup] = DiffGroup.all,
                    protocols: [RESPProtocolVersion] = [.resp3, .resp2], episodeLength: ClosedRange<Int> = 20...200,
                    mockOverTCP: Bool = false) {
            self.mockOverTCP = mockOverTCP
            self.seed = seed
            self.count = count
            self.groups = groups.filter { !$0.commands.isEmpty }
            self.protocols = protocols
            self.episodeLength = episodeLength
        }
    }

    /// One command whose replies disagreed.
    public struct Mismatch: Sendable, CustomStringConvertible {
        public var group: String
        public var protocolVersion: RESPProtocolVersion
        public var command: DiffCommand
        public var real: DiffReply
        public var mock: DiffReply
        public var reason: String
        /// The commands before it (in its episode, from empty data) that it needs to show.
        public var sequence: [DiffCommand]

        public var description: String {
            var lines = ["\(group) (\(protocolVersion)): \(reason)"]
            lines.append("  reproduce from empty data, \(sequence.count + 1) command(s):")
            for command in sequence { lines.append("    \(command)") }
            lines.append("  > \(command)")
            lines.append("    redis-server: \(real)")
            lines.append("    mock:         \(mock)")
            return lines.joined(separator: "\n")
        }
    }

    /// What one group did.
    public struct GroupReport: Sendable {
        public var name: String
        public var covered: [String]
        public var sent = 0
        public var agreed = 0
        /// Commands sent, by command name (`ZADD`: 812).
        public var byCommand: [String: Int] = [:]

        public var agreement: Double { sent == 0 ? 1 : Double(agreed) / Double(sent) }
    }

    public struct Report: Sendable {
        public var groups: [GroupReport]
        public var mismatches: [Mismatch]
        public var sent: Int { groups.reduce(0) { $0 + $1.sent } }
    }

    let serverConfig: RedisConfig
    let options: Options
    let logger: Logger

    /// `serverConfig` reaches the real server; the run flushes it, so it must be one of its own.
    public init(serverConfig: RedisConfig, options: Options, logger: Logger? = nil) {
        self.serverConfig = serverConfig
        self.options = options
        self.logger = logger ?? {
            var quiet = Logger(label: "fred-mockdiff")
            quiet.logLevel = .warning
            return quiet
        }()
    }

    /// The two sides of an episode: two sessions each, on connections of their own (a session
    /// runs MULTI, WATCH, SELECT and blocking commands, which a client's shared connection refuses).
    struct Sides {
        var real: [RedisExclusiveConnection]
        var mock: [RedisExclusiveConnection]
        var mockServer: RedisMockServer
    }

    /// Runs `body` with two new sessions on each side, the server's data flushed.
    func withSides<Result: Sendable>(_ version: RESPProtocolVersion, _ body: (Sides) async throws -> Result) async throws -> Result {
        var config = serverConfig
        config.protocolVersion = version
        let real = RedisClient(config: config, logger: logger)
        let mockServer = RedisMockServer()
        let listener = options.mockOverTCP ? try await mockServer.listen() : nil
        var mockConfig = RedisConfig.mock(mockServer, protocolVersion: version)
        if let listener {
            mockConfig = config
            mockConfig.server = .tcp(host: listener.host, port: listener.port)
        }
        let mock = RedisClient(config: mockConfig, logger: logger)
        try await real.connect()
        try await mock.connect()
        do {
            _ = try await real.send(command: ["FLUSHALL"])
            let result = try await real.withConnection { real0 in
                try await real.withConnection { real1 in
                    try await mock.withConnection { mock0 in
                        try await mock.withConnection { mock1 in
                            try await body(Sides(real: [real0, real1], mock: [mock0, mock1], mockServer: mockServer))
                        }
                    }
                }
            }
            try? await real.quit()
            try? await mock.quit()
            await listener?.close()
            return result
        } catch {
            try? await real.quit()
            try? await mock.quit()
            await listener?.close()
            throw error
        }
    }

    static func reply(_ client: RedisExclusiveConnection, _ words: [String]) async -> DiffReply {
        do {
            // Neither side may hang the run (a blocking command that waits for ever, say).
            return .value(try await RedisClient.withCommandTimeout(.seconds(10)) { try await client.send(command: words) })
        } catch RedisError.server(let error) {
            return .error(error.message)
        } catch {
            return .error("client error: \(error)")
        }
    }

    /// Runs one command on both sides; nil when the replies agree, else the mismatch's reason and
    /// the replies.
    static func step(_ command: DiffCommand, on sides: Sides) async -> (real: DiffReply, mock: DiffReply, reason: String?) {
        var observed: DiffReply?
        if case .random(let check) = command.check, let observe = check.observe {
            observed = await reply(sides.real[command.session], observe)
        }
        if case .scanAll(let cursorAt, let pairs) = command.check {
            let real = await scanAll(sides.real[command.session], command.words, cursorAt: cursorAt, pairs: pairs)
            let mock = await scanAll(sides.mock[command.session], command.words, cursorAt: cursorAt, pairs: pairs)
            return (real, mock, real == mock ? nil : "the full scans found different elements")
        }
        let real = await reply(sides.real[command.session], command.words)
        let mock = await reply(sides.mock[command.session], command.words)
        let reason = DiffComparison.compare(command.check, real: real, mock: mock, observed: observed)
        if case .random(let check) = command.check {
            for words in check.reconcile(real, mock) {
                _ = await reply(sides.mock[command.session], words)
            }
        }
        return (real, mock, reason)
    }

    /// Follows a scan's cursors until the end; the reply is what it found, deduplicated and sorted
    /// (an error reply, if a call failed, or the calls never ended).
    static func scanAll(_ client: RedisExclusiveConnection, _ words: [String], cursorAt: Int, pairs: Bool) async -> DiffReply {
        var words = words
        var found: Set<String> = []
        for _ in 0..<10_000 {
            let page = await reply(client, words)
            guard let parts = page.elements, parts.count == 2, let cursor = parts[0].stringPayload.map({ String(buffer: $0) }),
                  case .array(let items) = parts[1]
            else { return page }
            if pairs {
                guard items.count.isMultiple(of: 2) else { return .error("odd number of elements in a page of pairs") }
                for index in stride(from: 0, to: items.count, by: 2) { found.insert("\(items[index]) => \(items[index + 1])") }
            } else {
                for item in items { found.insert(item.description) }
            }
            if cursor == "0" { return .value(.array(found.sorted().map { .bulkString(ByteBuffer(string: $0)) })) }
            words[cursorAt] = cursor
        }
        return .error("the scan did not end after 10,000 calls")
    }

    /// Runs the whole comparison. `progress` receives a line now and then.
    public func run(progress: @Sendable (String) -> Void = { _ in }) async throws -> Report {
        var random = DiffRandom(seed: options.seed)
        var reports = options.groups.map { GroupReport(name: $0.name, covered: $0.commands) }
        var mismatches: [Mismatch] = []
        var sent = 0
        var episode = 0
        var nextProgress = 5_000
        while sent < options.count {
            let version = options.protocols[episode % options.protocols.count]
            episode += 1
            let length = random.int(options.episodeLength)
            // The first mismatch of the episode, if any: shrunk once the episode's sessions are closed.
            let found = try await withSides(version) { sides -> Mismatch? in
                var history: [DiffCommand] = []
                while history.count < length && sent < options.count {
                    let groupIndex = Self.draw(options.groups, &random)
                    for command in options.groups[groupIndex].next(&random) {
                        let (real, mock, reason) = await Self.step(command, on: sides)
                        sent += 1
                        reports[groupIndex].sent += 1
                        reports[groupIndex].byCommand[command.words.first?.uppercased() ?? "", default: 0] += 1
                        guard let reason else {
                            reports[groupIndex].agreed += 1
                            history.append(command)
                            continue
                        }
                        let mismatch = Mismatch(group: options.groups[groupIndex].name, protocolVersion: version, command: command,
                                                real: real, mock: mock, reason: reason, sequence: history)
                        return mismatch  // the two sides' data may differ from here on
                    }
                }
                return nil
            }
            if var mismatch = found {
                if mismatches.isEmpty {
                    progress("mismatch in \(mismatch.group): \(mismatch.command) — shrinking the \(mismatch.sequence.count) commands before it")
                    mismatch.sequence = try await shrink(mismatch.sequence, ending: mismatch.command, version: version)
                }
                mismatches.append(mismatch)
            }
            if sent >= nextProgress {
                progress("\(sent) commands compared, \(mismatches.count) mismatch(es)")
                nextProgress += 5_000
            }
        }
        return Report(groups: reports, mismatches: mismatches)
    }

    /// A group index, drawn by weight.
    static func draw(_ groups: [DiffGroup], _ random: inout DiffRandom) -> Int {
        let total = groups.reduce(0) { $0 + $1.weight }
        var point = Double.random(in: 0..<total, using: &random)
        for (index, group) in groups.enumerated() {
            point -= group.weight
            if point < 0 { return index }
        }
        return groups.count - 1
    }

    /// Whether `sequence` then `last`, from empty data, still ends in a mismatch.
    func reproduces(_ sequence: [DiffCommand], ending last: DiffCommand, version: RESPProtocolVersion) async throws -> Bool {
        try await withSides(version) { sides in
            for command in sequence { _ = await Self.step(command, on: sides) }
            return await Self.step(last, on: sides).reason != nil
        }
    }

    /// The shortest sequence found (by removing ever smaller chunks) that still shows the mismatch.
    func shrink(_ history: [DiffCommand], ending last: DiffCommand, version: RESPProtocolVersion) async throws -> [DiffCommand] {
        var sequence = history
        var chunk = max(sequence.count / 2, 1)
        var attempts = 0
        while !sequence.isEmpty && attempts < 400 {
            var start = 0
            var removedAny = false
            while start < sequence.count && attempts < 400 {
                var candidate = sequence
                candidate.removeSubrange(start..<min(start + chunk, sequence.count))
                attempts += 1
                if try await reproduces(candidate, ending: last, version: version) {
                    sequence = candidate
                    removedAny = true
                } else {
                    start += chunk
                }
            }
            if chunk == 1 && !removedAny { break }
            chunk = max(chunk / 2, 1)
        }
        return sequence
    }
}
