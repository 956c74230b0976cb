import Fred
import FredMock
import FredTestSupport
import Testing

/// `HSCAN`, `SSCAN` and `ZSCAN` as sequences: every element comes back (at least once), pages
/// follow the cursor to its end, `MATCH` filters.
@Suite(.timeLimit(.minutes(2))) struct CollectionScanTests {
    static func exercise(_ client: some RedisCommandExecutor) async throws {
        // A hash of 1,000 fields, values from 3 B to 1 KiB (past the listpack encoding).
        let fields = (0..<1000).map { (field: RedisValue("f\($0)"), value: RedisValue(String(repeating: "v", count: 3 + $0 % 1022))) }
        for chunk in stride(from: 0, to: fields.count, by: 100) {
            _ = try await client.hset("h", fields: Array(fields[chunk..<min(chunk + 100, fields.count)]))
        }
        var seen: [String: String] = [:]
        for try await entry in client.scanHash("h", count: 50) { seen[entry.field.string] = entry.value.string }
        #expect(seen.count == 1000)
        #expect(seen["f999"] == String(repeating: "v", count: 3 + 999 % 1022))
        var pages = 0, total = 0
        for try await page in client.scanHash("h", count: 50).pages {
            pages += 1
            total += page.count
        }
        #expect(pages > 1 && total >= 1000)
        var matched = Set<String>()
        for try await entry in client.scanHash("h", match: "f99*") { matched.insert(entry.field.string) }
        #expect(matched == Set(["f99"] + (990...999).map { "f\($0)" }))

        // A set of 5,000 members, and a small one (one page).
        for chunk in stride(from: 0, to: 5000, by: 500) {
            _ = try await client.sadd("s", (chunk..<chunk + 500).map { "m\($0)" })
        }
        var members = Set<String>()
        for try await member in client.scanSet("s", count: 200) { members.insert(member.string) }
        #expect(members.count == 5000)
        _ = try await client.sadd("small", ["a", "b", "c"])
        var smallPages: [[RedisValue]] = []
        for try await page in client.scanSet("small").pages { smallPages.append(page) }
        #expect(smallPages.count == 1 && Set(smallPages[0].map(\.string)) == ["a", "b", "c"])
        var none = 0
        for try await _ in client.scanSet("missing") { none += 1 }
        #expect(none == 0)

        // A sorted set of 2,000 members with fractional scores.
        for chunk in stride(from: 0, to: 2000, by: 500) {
            _ = try await client.zadd("z", members: (chunk..<chunk + 500).map { (score: Double($0) + 0.5, member: RedisValue("z\($0)")) })
        }
        var scores: [String: Double] = [:]
        for try await entry in client.scanSortedSet("z", count: 100) { scores[entry.member.string] = entry.score }
        #expect(scores.count == 2000)
        #expect(scores["z1234"] == 1234.5)

        // The wrong type is the server's error.
        await #expect(throws: RedisError.self) { for try await _ in client.scanSet("h") {} }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func onAServer(_ version: RESPProtocolVersion) async throws {
        try await withConnectedClient(version) { client, _ async throws in try await Self.exercise(client) }
    }

    @Test(arguments: [RESPProtocolVersion.resp2, .resp3])
    func onTheMock(_ version: RESPProtocolVersion) async throws {
        try await withMockClient(version) { client async throws in try await Self.exercise(client) }
    }
}
