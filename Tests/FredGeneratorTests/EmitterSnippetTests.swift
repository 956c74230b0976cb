import Testing
@testable import FredGenerator

/// Small specs and the exact Swift lines they must produce.
@Suite struct EmitterSnippetTests {
    func render(_ commandYAML: String, types: String = "") throws -> [String: String] {
        let yaml = "version: 1\n" + (types.isEmpty ? "" : "types:\n" + types) + "commands:\n" + commandYAML
        let spec = try Generation.loadSpec(yaml: yaml, file: "commands.yaml")
        return Dictionary(uniqueKeysWithValues: Generation.render(spec, source: "commands.yaml").map { ($0.name, $0.contents) })
    }

    let getEntry = """
          - name: GET
            group: string
            since: 1.0.0
            summary: Returns the string value of a key.
            flags: [readonly, fast]
            arguments: [{name: key, type: key}]
            reply: {type: RedisValue?, resp2: bulk string or null, resp3: bulk string or null}
            mock: get

        """

    @Test func methodForwardsToTheBuilderAndDecodesTheReplyType() throws {
        let files = try render(getEntry)
        let methods = try #require(files[GeneratedFiles.methods])
        #expect(methods.contains("    public func get(_ key: some RESPBulkStringEncodable) async throws -> RedisValue? {\n        try await execute(RedisCommands.get(key)).decode(as: RedisValue?.self)\n    }"))
        #expect(methods.contains("    /// Returns the string value of a key.\n    ///\n    /// `GET` · since Redis 1.0.0 · group string"))
    }

    @Test func everyFileImportsTheListedModules() throws {
        let yaml = "version: 1\nimports: [FredCommands, Alpha]\ncommands:\n" + getEntry
        let spec = try Generation.loadSpec(yaml: yaml, file: "commands.yaml")
        for file in Generation.render(spec, source: "commands.yaml") {
            #expect(file.contents.contains("\nimport FredRuntime\nimport Alpha\nimport FredCommands\n"), "\(file.name)")
        }
    }

    @Test func infoCarriesFlagsButNoMockHandler() throws {
        let commands = try #require(try render(getEntry)[GeneratedFiles.commands])
        #expect(commands.contains("static let get = RedisCommandInfo(name: \"GET\", words: [\"GET\"], flags: [.readonly, .fast])\n"))
        #expect(!commands.contains("mock"))
    }

    @Test func mockHandlersGoToATableOfTheirOwn() throws {
        let spec = try Generation.loadSpec(yaml: "version: 1\ncommands:\n" + getEntry, file: "commands.yaml")
        let own = try #require(Generation.renderMockHandlers(spec, source: "commands.yaml", module: "AppMocks").first)
        #expect(own.name == GeneratedFiles.mockHandlers)
        #expect(own.contents.contains("\nimport FredRuntime\nimport FredMock\n"))
        #expect(own.contents.contains("static let generated = RedisMockHandlerTable([\n        \"GET\": .get,\n    ])"))
        let fredMock = try #require(Generation.renderMockHandlers(spec, source: "commands.yaml", module: "FredMock").first)
        #expect(!fredMock.contents.contains("import FredMock"))
    }

    @Test func optionalTokenedIntegerIsEncodedOnlyWhenPresent() throws {
        let files = try render("""
              - name: SCAN
                group: generic
                since: 2.8.0
                summary: Iterates.
                arguments:
                  - {name: cursor, type: integer}
                  - {name: count, type: integer, token: COUNT, optional: true}
                reply: {type: RESPValue}

            """)
        let commands = try #require(files[GeneratedFiles.commands])
        #expect(commands.contains("public static func scan(cursor: Int, count: Int? = nil) -> RESPCommand {"))
        #expect(commands.contains("        command.append(cursor)\n        if let value1 = count {\n            command.appendToken(\"COUNT\")\n            command.append(value1)\n        }"))
    }

    @Test func keywordNamesAreEscaped() throws {
        let files = try render("""
              - name: DEFAULT
                group: generic
                since: 1.0.0
                summary: A command named like a keyword.
                arguments: [{name: in, type: integer}]
                reply: {type: Void}

            """)
        let methods = try #require(files[GeneratedFiles.methods])
        #expect(methods.contains("public func `default`(`in`: Int) async throws {"))
        #expect(methods.contains("_ = try await execute(RedisCommands.`default`(in: `in`))"))
    }

    @Test func sharedTypeIsDeclaredOnceWithItsEncoding() throws {
        let files = try render(getEntry, types: "  SetOptions:\n    oneof:\n      - {name: nx, token: NX}\n      - {name: ex, token: EX, type: integer}\n")
        let types = try #require(files[GeneratedFiles.types])
        #expect(types.contains("public enum SetOptions: Sendable {\n    /// `NX`\n    case nx\n    /// `EX`\n    case ex(Int)\n}"))
        #expect(types.contains("        case .ex(let value):\n            command.appendToken(\"EX\")\n            command.append(value)"))
    }
}
