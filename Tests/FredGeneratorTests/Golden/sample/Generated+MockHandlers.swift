// Generated from sample.yaml by the Fred Generator — do not edit.
// Change the spec and rebuild (or run `swift package regenerate-commands`).

import FredRuntime
import FredMock

extension RedisMockHandlerTable {
    /// The mock handlers sample.yaml names, by command name (`GET`, `CLIENT KILL`).
    static let generated = RedisMockHandlerTable([
        "CLIENT KILL": .clientKill,
        "SET": .set,
        "DEL": .del,
    ])
}
