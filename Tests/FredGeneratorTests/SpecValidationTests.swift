import Testing
@testable import FredGenerator

/// Every mistake in a spec is reported as `file:LINE: error: …` with the line of the mistake.
@Suite struct SpecValidationTests {
    func errors(_ yaml: String) -> [String] {
        do {
            _ = try Generation.loadSpec(yaml: yaml, file: "commands.yaml")
            return []
        } catch let errors as SpecErrors {
            return errors.errors.map(\.description)
        } catch {
            return ["unexpected \(error)"]
        }
    }

    static let header = "version: 1\ncommands:\n"

    func command(_ body: String) -> String {
        Self.header + "  - name: GET\n    group: string\n    since: 1.0.0\n    summary: Gets.\n" + body
    }

    @Test func validSpecLoads() {
        #expect(errors(command("    arguments: [{name: key, type: key}]\n    reply: {type: RedisValue?}\n")) == [])
    }

    @Test func blocksWithNamesATokenOfABlockingCommand() {
        let read = "    arguments:\n      - {name: ms, type: integer, token: BLOCK, optional: true}\n    reply: {type: Int}\n"
        #expect(errors(command("    flags: [blocking]\n    connection: {blocks_with: BLOCK}\n" + read)) == [])
        #expect(errors(command("    flags: [blocking]\n    connection: {blocks_with: WAIT}\n" + read))
            == ["commands.yaml:3: error: GET has 'blocks_with: WAIT', which is none of its arguments' tokens"])
        #expect(errors(command("    connection: {blocks_with: BLOCK}\n" + read))
            == ["commands.yaml:3: error: GET has 'blocks_with: BLOCK' but not the blocking flag; add the flag or remove the field"])
    }

    @Test func timeoutArgumentNamesOneNumberOfABlockingCommand() {
        let pop = "    arguments:\n      - {name: key, type: key}\n      - {name: timeout, type: double}\n    reply: {type: Int}\n"
        #expect(errors(command("    flags: [blocking]\n    connection: {timeout_argument: timeout, timeout_unit: seconds}\n" + pop)) == [])
        #expect(errors(command("    flags: [blocking]\n    connection: {timeout_argument: wait, timeout_unit: seconds}\n" + pop))
            == ["commands.yaml:3: error: GET has 'timeout_argument: wait', which is none of its top-level arguments"])
        #expect(errors(command("    flags: [blocking]\n    connection: {timeout_argument: key, timeout_unit: seconds}\n" + pop))
            == ["commands.yaml:3: error: GET: 'timeout_argument: key' must name one integer or double argument"])
        #expect(errors(command("    flags: [blocking]\n    connection: {timeout_argument: timeout, timeout_unit: hours}\n" + pop))
            == ["commands.yaml:3: error: GET needs 'timeout_unit: seconds' or 'timeout_unit: milliseconds' with its 'timeout_argument'"])
        #expect(errors(command("    connection: {timeout_argument: timeout, timeout_unit: seconds}\n" + pop))
            == ["commands.yaml:3: error: GET has 'timeout_argument: timeout' but not the blocking flag; add the flag or remove the field"])
    }

    @Test func importsMustBeModuleNames() {
        let yaml = "version: 1\nimports: [FredCommands, not-a-module, FredRuntime]\ncommands:\n"
            + "  - {name: GET, group: string, since: 1.0.0, summary: Gets., reply: {type: Int}}\n"
        #expect(errors(yaml) == [
            "commands.yaml:2: error: 'not-a-module' in 'imports' is not a module name; list modules such as [FredCommands]",
            "commands.yaml:2: error: 'imports' need not list FredRuntime: generated code always imports it",
        ])
    }

    @Test func unknownArgumentTypeNamesItsLineAndTheChoices() {
        let found = errors(command("    arguments:\n      - {name: key, type: kye}\n    reply: {type: Int}\n"))
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("commands.yaml:8: error: argument 'key' of GET has unknown type 'kye'; use one of key, string") == true)
    }

    @Test func typoInAFieldNameIsReported() {
        let found = errors(command("    reply: {type: Int}\n    optinal: true\n"))
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("commands.yaml:8: error: unknown field 'optinal' in GET; expected one of:") == true)
    }

    @Test func missingReplyIsReported() {
        #expect(errors(command("")) == ["commands.yaml:3: error: GET has no 'reply'; add reply: {type: <Swift type>, resp2: …, resp3: …}"])
    }

    @Test func missingRequiredFieldIsReported() {
        let found = errors(Self.header + "  - name: GET\n    group: string\n    reply: {type: Int}\n")
        #expect(found.contains("commands.yaml:3: error: GET is missing 'since'"))
        #expect(found.contains("commands.yaml:3: error: GET is missing 'summary'"))
    }

    @Test func duplicateCommandWithoutVariantNameIsReported() {
        let entry = "  - name: GET\n    group: string\n    since: 1.0.0\n    summary: Gets.\n    reply: {type: Int}\n"
        let found = errors(Self.header + entry + entry)
        #expect(found == ["commands.yaml:8: error: GET is declared twice (first at line 3); give a variant its own swift: {name: …}"])
    }

    @Test func subcommandNeedsItsContainer() {
        let found = errors(Self.header + "  - name: CLIENT KILL\n    group: connection\n    since: 2.4.0\n    summary: Kills.\n    reply: {type: Int}\n")
        #expect(found == ["commands.yaml:3: error: subcommand CLIENT KILL needs a container entry '- name: CLIENT' with 'container: true'"])
    }

    @Test func badFlagTipAndVersionAreReported() {
        let found = errors(Self.header + "  - name: GET\n    group: string\n    since: one\n    summary: Gets.\n    flags: [redonly]\n    tips: {request: everywhere}\n    reply: {type: Int}\n")
        #expect(found.count == 3)
        #expect(found.allSatisfy { $0.hasPrefix("commands.yaml:3: error: ") })
    }

    @Test func tokenRulesAreChecked() {
        let found = errors(command("""
                arguments:
                  - {name: flag, type: pure-token}
                  - {name: count, type: integer, constant: true}
                  - {name: many, type: key, multiple_token: true}
                reply: {type: Int}

            """))
        #expect(found == [
            "commands.yaml:8: error: argument 'flag' of GET is a pure-token without 'token'",
            "commands.yaml:9: error: argument 'count' of GET: only a pure-token can be 'constant'",
            "commands.yaml:10: error: argument 'many' of GET: 'multiple_token' needs 'multiple: true' and a 'token'",
        ])
    }

    /// Redis names that clash in Swift are renamed by rule: after their token when they have
    /// one (`GEORADIUS … STORE key STOREDIST key`), else with a number.
    @Test func clashingNamesAreResolvedByRule() throws {
        let spec = try Generation.loadSpec(yaml: command("""
                arguments:
                  - {name: key, type: key}
                  - {name: KEY, type: key}
                  - {name: key, type: key, token: STORE, optional: true}
                  - {name: key, type: key, token: STOREDIST, optional: true}
                reply: {type: Int}

            """), file: "commands.yaml")
        let names = spec.commands[0].arguments.map(SwiftNames.parameterName(for:))
        #expect(names == ["key", "key2", "store", "storedist"])
    }

    @Test func yamlSyntaxErrorHasALine() {
        let found = errors("version: 1\ncommands:\n  - name: [GET\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("commands.yaml:") == true && found.first?.contains("error: invalid YAML") == true)
    }

    @Test func unsupportedVersionIsReported() {
        #expect(errors("version: 2\ncommands: []\n") == ["commands.yaml:1: error: unsupported version 2; this Generator reads version 1"])
    }
}
