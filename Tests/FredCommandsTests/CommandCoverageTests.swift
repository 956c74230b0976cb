import Fred
import FredTestSupport
import Testing

/// The spec and the server agree: every command the server lists has a generated method, and the
/// spec describes no command the server does not know.
@Suite(.timeLimit(.minutes(1))) struct CommandCoverageTests {
    @Test func everyServerCommandHasAMethodAndNoMethodAnUnknownCommand() async throws {
        try await withConnectedClient { client, _ async throws in
            let listed = try await client.send(command: ["COMMAND", "LIST"]).decode(as: [String].self)
            let server = Set(listed.map { $0.replacingOccurrences(of: "|", with: " ").uppercased() })
            // Containers (CLIENT, OBJECT, …) are listed by the server but only group subcommands.
            let containers = Set(server.compactMap { name in name.split(separator: " ").count == 2 ? String(name.split(separator: " ")[0]) : nil })
            let generated = Set(RedisCommands.table.infos.map(\.name))
            let missing = server.subtracting(generated).subtracting(containers).sorted()
            let unknown = generated.subtracting(server).sorted()
            #expect(missing.isEmpty, "commands with no generated method: \(missing.joined(separator: ", "))")
            #expect(unknown.isEmpty, "spec commands the server does not know: \(unknown.joined(separator: ", "))")
            #expect(server.count == 366)
        }
    }
}
