import Testing
@testable import FredRuntime

@Suite struct RedisConfigTests {
    @Test func readsAFullURL() throws {
        let url = try RedisURL.parse("redis://alice:p%40ss@cache.local:7000/3?protocol=2")
        #expect(url == RedisURL(host: "cache.local", port: 7000, database: 3, username: "alice", password: "p@ss", protocolVersion: .resp2))
    }

    /// An unencoded `/`, `?`, `:` or `@` in a password is still the password, never a path, query or
    /// port, and never in an error.
    @Test func aPasswordWithURLDelimitersStaysThePassword() throws {
        #expect(try RedisURL.parse("redis://:s3cr3t/0@127.0.0.1:6379").password == "s3cr3t/0")
        #expect(try RedisURL.parse("redis://u:a?b:c@d@127.0.0.1:6380/2") == RedisURL(host: "127.0.0.1", port: 6380, database: 2, username: "u", password: "a?b:c@d"))
        do {
            _ = try RedisURL.parse("redis://:s3cr3t/0@127.0.0.1:notaport")
            Issue.record("a bad port was accepted")
        } catch {
            #expect(!"\(error)".contains("s3cr3t"))
        }
    }

    @Test func dumpAndMirrorsHideThePassword() throws {
        let config = try RedisConfig(url: "redis://alice:hunter2@127.0.0.1:6379")
        var dumped = ""
        dump(config, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(dumped.contains("***"))
        #expect(!String(reflecting: config).contains("hunter2"))
        #expect(!Mirror(reflecting: config).children.contains { "\($0.value)".contains("hunter2") })
    }

    @Test func readsShortForms() throws {
        #expect(try RedisURL.parse("redis://localhost") == RedisURL(host: "localhost", port: 6379, database: 0))
        #expect(try RedisURL.parse("redis://:secret@10.0.0.1:6380").password == "secret")
        #expect(try RedisURL.parse("redis://:secret@10.0.0.1:6380").username == nil)
        #expect(try RedisURL.parse("redis://[::1]:7001/2") == RedisURL(host: "::1", port: 7001, database: 2))
    }

    @Test(arguments: [
        "localhost:6379", "http://host", "redis://host:0", "redis://host:70000", "redis://host:abc",
        "redis://host/x", "redis://host/-1", "redis://host?protocol=4", "redis://host?color=blue",
        "redis://[::1", "redis://u:%zz@host",
    ])
    func badURLsGiveATypedError(url: String) {
        #expect(throws: RedisError.self) { try RedisConfig(url: url) }
    }

    @Test func unixSocketURLs() throws {
        let plain = try RedisConfig(url: "unix:///var/run/redis/redis.sock?db=2")
        guard case .unixSocket(let path) = plain.server else { Issue.record("not a unix socket: \(plain)"); return }
        #expect(path == "/var/run/redis/redis.sock")
        #expect(plain.database == 2 && plain.tls == nil)
        let withUser = try RedisConfig(url: "redis+unix://app:s3cret@/tmp/r%20s.sock?protocol=2")
        guard case .unixSocket(let spaced) = withUser.server else { Issue.record("not a unix socket"); return }
        #expect(spaced == "/tmp/r s.sock")
        #expect(withUser.username == "app" && withUser.password == "s3cret" && withUser.protocolVersion == .resp2)
        #expect(!"\(withUser)".contains("s3cret"))
        #expect("\(withUser)".contains("/tmp/r s.sock"))
        #expect(try RedisConfig(url: "unix://localhost/tmp/x.sock").server.socketPath == "/tmp/x.sock")
    }

    @Test(arguments: ["unix://", "unix:///", "unix://host/tmp/x.sock", "redis+unix://u:p@h/tmp/x.sock"])
    func unixSocketURLsWithoutAPathOrWithAHostAreRefused(url: String) {
        #expect(throws: RedisError.self) { try RedisConfig(url: url) }
    }

    @Test func tlsOverAUnixSocketIsRefusedTyped() throws {
        #expect(throws: RedisError.unsupported("rediss+unix: Redis serves TLS on TCP ports only, not on unix sockets")) {
            try RedisConfig(url: "rediss+unix:///tmp/x.sock")
        }
        var config = try RedisConfig(url: "unix:///tmp/x.sock")
        config.tls = RedisTLS()
        #expect(throws: RedisError.unsupported("TLS over a unix socket: Redis serves TLS on TCP ports only")) { try config.validate() }
    }

    /// A path longer than `sun_path` holds is refused before anything is dialled.
    @Test func aTooLongSocketPathIsRefusedBeforeDialling() throws {
        let long = "/tmp/" + String(repeating: "d", count: 200) + ".sock"
        let config = try RedisConfig(url: "unix://\(long)")
        do {
            try config.validate()
            Issue.record("a 206-byte socket path was accepted")
        } catch RedisError.connectionFailed(let failure) {
            #expect(failure.reason == .socketPathTooLong)
            #expect(failure.detail.contains("\(RedisConnectionTarget.maxUnixSocketPathBytes)"))
        }
        #expect(RedisConnectionTarget.maxUnixSocketPathBytes >= 103)
    }

    @Test func passwordNeverAppearsInDescriptionsOrErrors() throws {
        let config = try RedisConfig(url: "redis://bob:hunter2-secret@host:1234/1")
        #expect(config.password == "hunter2-secret")
        #expect(!config.description.contains("hunter2"))
        #expect(config.description.contains("***"))
        do {
            _ = try RedisConfig(url: "redis://bob:hunter2-secret@host:99999")
            Issue.record("expected an error")
        } catch {
            #expect(!"\(error)".contains("hunter2"))
        }
    }
}
