import ExtraCommands
import FredMock
import FredRuntime

extension RedisMockHandler {
    /// `JSON.GET key [path …]`: the document stored at `key` as a plain string, whatever the paths.
    static let jsonGet = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        return .bulkOrNull(try context.string(at: context.arguments[0]))
    }
}

/// Installs the handlers `commands.yaml` names (`RedisMockHandlerTable.generated`, written by
/// MockGen) and the spec's command table on `server`.
public func installExtraCommands(on server: RedisMockServer) {
    server.install(.generated, commands: ExtraCommands.table)
}
