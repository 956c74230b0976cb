import FredRuntime

/// Glob-style matching as `KEYS`, `SCAN … MATCH` and `SORT … BY` use it: `*`, `?`, `[abc]`,
/// `[^a-z]` and `\` escapes, on bytes (the client's own matcher, for handlers of your own).
public enum RedisMockGlob {
    public static func matches(_ pattern: [UInt8], _ string: [UInt8]) -> Bool {
        RedisGlob.matches(pattern, string)
    }
}
