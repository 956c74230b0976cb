#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Fred
import FredMockDifferential
import FredTestSupport
import Testing

/// Each way a TCP connect fails is a reason a program can match, not a string.
@Suite(.timeLimit(.minutes(1))) struct ConnectionFailureTests {
    static func failure(_ config: RedisConfig) async -> RedisConnectionFailure? {
        do {
            try await RedisClient(config: config).connect()
            Issue.record("connected")
        } catch RedisError.connectionFailed(let failure) {
            return failure
        } catch {
            Issue.record("untyped: \(error)")
        }
        return nil
    }

    @Test func nothingListeningIsRefused() async throws {
        let failure = await Self.failure(RedisConfig(port: try LoopbackPort.free()))
        #expect(failure?.reason == .refused)
        #expect(failure?.server.hasPrefix("127.0.0.1:") == true)
    }

    @Test func anUnknownHostIsHostNotFound() async throws {
        let failure = await Self.failure(RedisConfig(host: "no-such-host.invalid", port: 6390))
        #expect(failure?.reason == .hostNotFound)
    }

    /// A listener whose accept queue is full drops new connection requests: the connect times out.
    @Test func aConnectThatGetsNoAnswerTimesOut() async throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(bound == 0 && listen(listener, 0) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        var fillers: [Int32] = []
        defer { fillers.forEach { close($0) } }
        for _ in 0..<3 {
            let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            _ = fcntl(filler, F_SETFL, O_NONBLOCK)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            fillers.append(filler)
        }
        try await Task.sleep(for: .milliseconds(200))
        var config = RedisConfig(port: Int(UInt16(bigEndian: address.sin_port)))
        config.connectTimeout = .milliseconds(500)
        let started = ContinuousClock.now
        let failure = await Self.failure(config)
        #expect(failure?.reason == .timedOut)
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
