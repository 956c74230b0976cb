import FredRuntime
import NIOConcurrencyHelpers
import NIOCore

/// The mock engine's clock. By default it follows the system clock; a test can freeze it and move
/// it forward to expire keys without sleeping.
public final class RedisMockClock: Sendable {
    private let frozenAt = NIOLockedValueBox<Int64?>(nil)
    private let observers = NIOLockedValueBox<[@Sendable () -> Void]>([])

    public init() {}

    /// Milliseconds since the Unix epoch.
    public var now: Int64 {
        frozenAt.withLockedValue { $0 } ?? Self.systemNow()
    }

    /// Stops the clock at its current time (or at `milliseconds`).
    public func freeze(at milliseconds: Int64? = nil) {
        let start = milliseconds ?? Self.systemNow()
        frozenAt.withLockedValue { $0 = start }
    }

    /// Moves the clock forward, freezing it first if it follows the system clock.
    public func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        frozenAt.withLockedValue { value in
            value = (value ?? Self.systemNow()) + milliseconds
        }
        for observer in observers.withLockedValue({ $0 }) { observer() }
    }

    /// Calls `observer` after every ``advance(by:)`` (the server ends blocking waits then).
    func onAdvance(_ observer: @escaping @Sendable () -> Void) {
        observers.withLockedValue { $0.append(observer) }
    }

    static func systemNow() -> Int64 {
        Int64(NIODeadline.now().uptimeNanoseconds / 1_000_000) + bootEpochOffset
    }

    // Wall-clock milliseconds at process start minus the uptime clock then.
    private static let bootEpochOffset: Int64 = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        let wall = Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
        return wall - Int64(NIODeadline.now().uptimeNanoseconds / 1_000_000)
    }()
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
