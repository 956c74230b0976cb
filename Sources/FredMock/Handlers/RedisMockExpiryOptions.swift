import FredRuntime

/// The `NX|XX`, `GET`, `EX|PX|EXAT|PXAT|KEEPTTL|PERSIST` options shared by `SET` and `GETEX`,
/// parsed with the same conflicts and errors as a Redis server.
struct RedisMockExpiryOptions {
    enum Expiry: Equatable {
        case relativeSeconds, relativeMilliseconds, absoluteSeconds, absoluteMilliseconds
    }

    var onlyIfMissing = false
    var onlyIfPresent = false
    var get = false
    var keepTTL = false
    var persist = false
    var expiry: (kind: Expiry, value: [UInt8])?

    /// Which tokens the command accepts.
    struct Accepted: OptionSet {
        let rawValue: Int
        static let conditions = Accepted(rawValue: 1)
        static let get = Accepted(rawValue: 2)
        static let keepTTL = Accepted(rawValue: 4)
        static let persist = Accepted(rawValue: 8)
    }

    /// Parses `context.arguments[start...]`.
    init(_ context: RedisMockContext, from start: Int, accepting accepted: Accepted) throws {
        var index = start
        while index < context.arguments.count {
            let token = context.text(index).uppercased()
            let hasNext = index + 1 < context.arguments.count
            let anyExpiry = expiry != nil
            switch token {
            case "NX" where accepted.contains(.conditions) && !onlyIfPresent:
                onlyIfMissing = true
            case "XX" where accepted.contains(.conditions) && !onlyIfMissing:
                onlyIfPresent = true
            case "GET" where accepted.contains(.get):
                get = true
            case "KEEPTTL" where accepted.contains(.keepTTL) && !persist && !anyExpiry:
                keepTTL = true
            case "PERSIST" where accepted.contains(.persist) && !keepTTL && !anyExpiry:
                persist = true
            case "EX", "PX", "EXAT", "PXAT":
                let kind: Expiry = switch token {
                case "EX": .relativeSeconds
                case "PX": .relativeMilliseconds
                case "EXAT": .absoluteSeconds
                default: .absoluteMilliseconds
                }
                guard hasNext, !keepTTL, !persist, expiry == nil || expiry?.kind == kind else {
                    throw RedisMockContext.syntaxError
                }
                expiry = (kind, context.arguments[index + 1])
                index += 1
            default:
                throw RedisMockContext.syntaxError
            }
            index += 1
        }
    }

    /// The absolute expiry in milliseconds, validated the way the server does it.
    func expiresAt(_ context: RedisMockContext) throws -> Int64? {
        guard let (kind, bytes) = expiry else { return nil }
        guard let value = RedisMockNumbers.integer(bytes) else { throw RedisMockContext.notAnInteger }
        guard value > 0 else { throw context.invalidExpireTime }
        var milliseconds = Int64(value)
        if kind == .relativeSeconds || kind == .absoluteSeconds {
            guard milliseconds <= Int64.max / 1000 else { throw context.invalidExpireTime }
            milliseconds *= 1000
        }
        if kind == .relativeSeconds || kind == .relativeMilliseconds {
            let (sum, overflow) = milliseconds.addingReportingOverflow(context.now)
            guard !overflow else { throw context.invalidExpireTime }
            milliseconds = sum
        }
        return milliseconds
    }
}
