import ExtraCommands
import Fred

/// A wrong answer from the fixture; thrown at top level, it ends the program with a failure.
struct FixtureFailure: Error, CustomStringConvertible {
    let description: String
}

// Runs the generated methods on the mock: `shout` is answered by Fred's ECHO handler, `jsonGet`
// names no handler and must say so.
let client = RedisClient(config: .mock())
try await client.connect()
let echoed = try await client.shout("hello")
guard echoed == "hello" else { throw FixtureFailure(description: "shout answered \(echoed)") }
do {
    _ = try await client.jsonGet("doc", path: ["$.name"])
    throw FixtureFailure(description: "jsonGet should not be answered by the mock")
} catch RedisError.unsupportedByMock(let command) where command == "JSON.GET" {
    print("plugin fixture: shout → \(echoed); jsonGet → unsupported by the mock, as declared")
}
try await client.quit()
