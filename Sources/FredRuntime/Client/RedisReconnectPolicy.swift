/// How a client reconnects after its connection is lost: the wait before each attempt and how many
/// attempts it makes. Every reconnection runs the whole handshake again (protocol, credentials,
/// name, database).
public struct RedisReconnectPolicy: Sendable, Hashable {
    /// How the wait grows from one attempt to the next.
    public enum Backoff: Sendable, Hashable {
        /// The same wait before every attempt.
        case constant
        /// `delay` × the attempt's number.
        case linear
        /// `delay` × 2^(attempt − 1).
        case exponential
    }

    public var backoff: Backoff
    /// The wait before the first attempt (and the unit of the others).
    public var delay: Duration
    /// No wait is longer than this.
    public var maxDelay: Duration
    /// Attempts before the client gives up; 0 tries forever.
    public var maxAttempts: Int
    /// Up to this fraction of each wait is chosen at random (0 to 1), so that many clients that
    /// lost the same server do not all come back at the same instant.
    public var jitter: Double

    public init(backoff: Backoff, delay: Duration, maxDelay: Duration, maxAttempts: Int = 0, jitter: Double = 0) {
        self.backoff = backoff
        self.delay = delay
        self.maxDelay = maxDelay
        self.maxAttempts = maxAttempts
        self.jitter = jitter
    }

    /// The default: forever, exponential from 100 ms up to 10 s, with up to 30 % jitter.
    public static let `default` = RedisReconnectPolicy(
        backoff: .exponential, delay: .milliseconds(100), maxDelay: .seconds(10), maxAttempts: 0, jitter: 0.3)

    /// The same wait before every attempt.
    public static func constant(_ delay: Duration, maxAttempts: Int = 0, jitter: Double = 0) -> Self {
        Self(backoff: .constant, delay: delay, maxDelay: delay, maxAttempts: maxAttempts, jitter: jitter)
    }

    /// A wait that grows by `delay` each attempt, up to `maxDelay`.
    public static func linear(_ delay: Duration, maxDelay: Duration, maxAttempts: Int = 0, jitter: Double = 0) -> Self {
        Self(backoff: .linear, delay: delay, maxDelay: maxDelay, maxAttempts: maxAttempts, jitter: jitter)
    }

    /// A wait that doubles each attempt, up to `maxDelay`.
    public static func exponential(_ delay: Duration, maxDelay: Duration, maxAttempts: Int = 0, jitter: Double = 0.3) -> Self {
        Self(backoff: .exponential, delay: delay, maxDelay: maxDelay, maxAttempts: maxAttempts, jitter: jitter)
    }

    /// Checks the values; ``RedisConfig/validate()`` calls it.
    func validate() throws {
        guard delay >= .zero, maxDelay >= delay else {
            throw RedisError.badArgument("reconnect policy: delay must not be negative nor above maxDelay")
        }
        guard maxAttempts >= 0 else { throw RedisError.badArgument("reconnect policy: maxAttempts must not be negative") }
        guard (0...1).contains(jitter) else { throw RedisError.badArgument("reconnect policy: jitter must be between 0 and 1") }
    }

    /// Whether attempt number `attempt` (from 1) may be made.
    public func allows(attempt: Int) -> Bool {
        maxAttempts == 0 || attempt <= maxAttempts
    }

    /// The wait before attempt number `attempt` (from 1), before jitter.
    public func baseDelay(forAttempt attempt: Int) -> Duration {
        let step = max(attempt, 1)
        let wait: Duration
        switch backoff {
        case .constant:
            wait = delay
        case .linear:
            wait = step > Int(Int32.max) ? maxDelay : delay * step
        case .exponential:
            // 2^62 overflows no sooner than any sensible maxDelay is reached.
            wait = step > 40 ? maxDelay : delay * (1 << (step - 1))
        }
        return min(wait, maxDelay)
    }

    /// The wait before attempt number `attempt` (from 1), jitter included: between
    /// `(1 - jitter) × base` and `base`.
    public func delay<Generator: RandomNumberGenerator>(forAttempt attempt: Int, using generator: inout Generator) -> Duration {
        let base = baseDelay(forAttempt: attempt)
        guard jitter > 0 else { return base }
        let fraction = Double.random(in: 0...jitter, using: &generator)
        return base * (1 - fraction)
    }
}
