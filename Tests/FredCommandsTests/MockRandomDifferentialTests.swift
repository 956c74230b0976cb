import Fred
import FredMockDifferential
import FredTestSupport
import Testing

/// A short run of the differential test of `scripts/test.sh` (`fred-mockdiff`, 20,000 commands):
/// random sequences over every group, on the mock and on a real server, every reply compared.
@Suite(.timeLimit(.minutes(2))) struct MockRandomDifferentialTests {
    @Test func theMockAgreesWithTheServerOnRandomSequences() async throws {
        try await withRedisServer { server in
            let runner = DiffRunner(serverConfig: try RedisConfig(url: server.url), options: .init(seed: 20_261_127, count: 3_000, mockOverTCP: MockTransport.overTCP))
            let report = try await runner.run()
            #expect(report.sent >= 3_000)
            for group in report.groups {
                #expect(group.sent > 0, "group \(group.name) sent nothing")
            }
            if let mismatch = report.mismatches.first {
                Issue.record("\(report.mismatches.count) mismatch(es); the first, shrunk:\n\(mismatch)")
            }
        }
    }

    @Test func aMismatchIsCaughtAndShrunkToTheCommandsThatMatter() async throws {
        // A known divergence, planted: the engine answers OBJECT ENCODING from the value, while a
        // server says `raw` for a string grown by APPEND.
        let planted = DiffGroup(name: "planted", commands: ["SET", "APPEND", "OBJECT"]) { random in
            switch random.int(0...9) {
            case 0...3: return [DiffCommand(["SET", random.pick(["k0", "k1"]), "v"])]
            case 4...7: return [DiffCommand(["APPEND", random.pick(["k0", "k1"]), "x"])]
            default: return [DiffCommand(["OBJECT", "ENCODING", "k0"])]
            }
        }
        try await withRedisServer { server in
            let runner = DiffRunner(serverConfig: try RedisConfig(url: server.url), options: .init(seed: 3, count: 400, groups: [planted], mockOverTCP: MockTransport.overTCP))
            let report = try await runner.run()
            let first = try #require(report.mismatches.first)
            #expect(first.command.words == ["OBJECT", "ENCODING", "k0"])
            #expect(first.real == .value(.bulkString(.init(string: "raw"))))
            #expect(first.sequence.map(\.words) == [["SET", "k0", "v"], ["APPEND", "k0", "x"]], "shrunk to the two commands that matter")
        }
    }
}
