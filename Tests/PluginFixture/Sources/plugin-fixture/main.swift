import ExtraCommands
import ExtraCommandsMocks
import Fred
import FredMock

/// A wrong answer from the fixture; thrown at top level, it ends the program with a failure.
struct FixtureFailure: Error, CustomStringConvertible {
    let description: String
}

// Runs the generated methods on the mock: `shout` is answered by Fred's ECHO handler; `jsonGet`
// is unknown to a plain mock server and answered once the fixture's own handler table is installed.
let server = RedisMockServer()
let client = RedisClient(config: .mock(server))
try await client.connect()
let echoed = try await client.shout("hello")
guard echoed == "hello" else { throw FixtureFailure(description: "shout answered \(echoed)") }
do {
    _ = try await client.jsonGet("doc", ["$.name"])
    throw FixtureFailure(description: "jsonGet should not be answered before its handler is installed")
} catch RedisError.unsupportedByMock(let command) where command == "JSON.GET" {}
installExtraCommands(on: server)
try await client.set("doc", "{\"name\":\"fred\"}")
let document = try await client.jsonGet("doc", ["$.name"])
guard document == "{\"name\":\"fred\"}" else { throw FixtureFailure(description: "jsonGet answered \(String(describing: document))") }
print("plugin fixture: shout → \(echoed); jsonGet → unsupported until installed, then \(document ?? "nil")")
try await client.quit()
