import Testing
@testable import FredGenerator

/// The importer's merge, on replies shaped like a server's `COMMAND DOCS` and `COMMAND INFO`.
@Suite struct ImporterTests {
    static func text(_ s: String) -> ServerReply { .text(s) }
    static func flat(_ pairs: [(String, ServerReply)]) -> ServerReply {
        .array(pairs.flatMap { [ServerReply.text($0.0), $0.1] })
    }

    /// `GET key` and `XDEMO` with a subcommand `XDEMO RUN [FAST] count`.
    static let docs = flat([
        ("get", flat([
            ("summary", text("Returns the string value of a key")), ("since", text("1.0.0")), ("group", text("string")),
            ("complexity", text("O(1)")),
            ("arguments", .array([flat([("name", text("key")), ("type", text("key")), ("key_spec_index", .integer(0))])])),
        ])),
        ("xdemo", flat([
            ("summary", text("A container")), ("since", text("7.0.0")), ("group", text("server")),
            ("subcommands", flat([
                ("xdemo|run", flat([
                    ("summary", text("Runs")), ("since", text("7.0.0")), ("group", text("server")),
                    ("doc_flags", .array([text("deprecated")])), ("deprecated_since", text("7.2.0")), ("replaced_by", text("`XRUN`")),
                    ("arguments", .array([
                        flat([("name", text("fast")), ("type", text("pure-token")), ("token", text("FAST")), ("flags", .array([text("optional")]))]),
                        flat([("name", text("count")), ("type", text("integer"))]),
                    ])),
                ])),
            ])),
        ])),
    ])

    static let info = ServerReply.array([
        .array([text("get"), .integer(2), .array([text("readonly"), text("fast")]), .integer(1), .integer(1), .integer(1),
                .array([]), .array([]),
                .array([flat([
                    ("flags", .array([text("RO"), text("access")])),
                    ("begin_search", flat([("type", text("index")), ("spec", flat([("index", .integer(1))]))])),
                    ("find_keys", flat([("type", text("range")), ("spec", flat([("lastkey", .integer(0)), ("keystep", .integer(1)), ("limit", .integer(0))]))])),
                ])]),
                .array([])]),
        .array([text("xdemo"), .integer(-2), .array([]), .integer(0), .integer(0), .integer(0), .array([]), .array([]), .array([]),
                .array([.array([text("xdemo|run"), .integer(-3), .array([text("admin")]), .integer(0), .integer(0), .integer(0),
                                .array([]), .array([text("request_policy:all_nodes"), text("nondeterministic_output")]), .array([]), .array([])])])]),
    ])

    static let curated = """
        # Curated by hand.

        version: 1

        commands:

        - name: GET
          group: string
          since: 1.0.0
          summary: An old summary
          flags: [readonly, dangerous]
          arguments:
          - {name: key, type: key, swift: {label: forKey}}
          reply: {type: 'RedisValue?', resp2: bulk string, resp3: bulk string}
          mock: get

        """

    @Test func serverFactsAreUpdatedCuratedFieldsKeptAndNewCommandsAdded() throws {
        var spec = try Generation.loadSpec(yaml: Self.curated, file: "commands.yaml")
        let imported = try CommandImporter.commands(docs: Self.docs, info: Self.info)
        #expect(imported.map(\.name) == ["GET", "XDEMO", "XDEMO RUN"])
        let added = CommandImporter.merge(imported, into: &spec)
        #expect(added == ["XDEMO", "XDEMO RUN"])

        let get = try #require(spec.commands.first { $0.name == "GET" })
        #expect(get.summary == "Returns the string value of a key")
        #expect(get.flags == ["readonly", "fast", "dangerous"])  // the server's, then Fred's own
        #expect(get.reply?.type == "RedisValue?" && get.mock == "get")
        #expect(get.arguments.first?.swiftLabel == "forKey")  // curated arguments are kept
        #expect(get.keys == [KeySpec(begin: .index(1), find: .range(lastKey: 0, step: 1, limit: 0), flags: ["RO", "access"])])

        let run = try #require(spec.commands.first { $0.name == "XDEMO RUN" })
        #expect(run.reply?.type == "RESPValue")
        #expect(run.arguments.map(\.name) == ["fast", "count"] && run.arguments[0].optional)
        #expect(run.requestTip == "all_nodes" && run.nondeterministic == "output")
        #expect(run.deprecatedSince == "7.2.0" && run.replacedBy == "`XRUN`")
        #expect(spec.commands.first { $0.name == "XDEMO" }?.container == true)
    }

    @Test func writtenSpecLoadsBackAndASecondImportChangesNothing() throws {
        var spec = try Generation.loadSpec(yaml: Self.curated, file: "commands.yaml")
        let imported = try CommandImporter.commands(docs: Self.docs, info: Self.info)
        _ = CommandImporter.merge(imported, into: &spec)
        let first = SpecWriter.write(spec, groupOrder: ["string"])
        #expect(first.hasPrefix("# Curated by hand.\n\nversion: 1\n"))

        var reloaded = try Generation.loadSpec(yaml: first, file: "commands.yaml")
        #expect(CommandImporter.merge(imported, into: &reloaded).isEmpty)
        #expect(SpecWriter.write(reloaded, groupOrder: ["string"]) == first)
    }

    @Test func scalarsThatYAMLWouldMisreadAreQuoted() {
        #expect(SpecWriter.scalar("yes") == "'yes'")
        #expect(SpecWriter.scalar("=", inFlow: true) == "'='")
        #expect(SpecWriter.scalar("String?", inFlow: true) == "'String?'")
        #expect(SpecWriter.scalar("it's: here") == "'it''s: here'")
        #expect(SpecWriter.scalar("6.0") == "'6.0'")
        #expect(SpecWriter.scalar("7.0.0") == "7.0.0")
        #expect(SpecWriter.scalar("O(1)") == "O(1)")
    }
}
