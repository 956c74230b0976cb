import FredRuntime
import NIOCore

/// Handlers for the geo group's point commands: `GEOADD`, `GEODIST`, `GEOPOS`, `GEOHASH`. A geo
/// index is a sorted set whose scores are 52-bit geohashes (``RedisMockGeohash``).
extension RedisMockHandler {
    /// `GEOADD key [NX|XX] [CH] longitude latitude member …`: every position is checked, then the
    /// rest is `ZADD`'s work, as on a server.
    public static let geoadd = RedisMockHandler { context in
        try context.requireArguments(atLeast: 4)
        var index = 1
        var nx = false, xx = false, ch = false
        optionLoop: while index < context.arguments.count {
            switch context.text(index).uppercased() {
            case "NX": nx = true
            case "XX": xx = true
            case "CH": ch = true
            default: break optionLoop
            }
            index += 1
        }
        guard (context.arguments.count - index).isMultiple(of: 3), !(nx && xx) else { throw RedisMockContext.syntaxError }
        var pairs: [(score: Double, member: [UInt8])] = []
        for triple in stride(from: index, to: context.arguments.count, by: 3) {
            let (longitude, latitude) = try context.geoPosition(triple)
            guard let score = RedisMockGeohash.score(longitude: longitude, latitude: latitude) else {
                throw RedisMockContext.error("ERR invalid longitude,latitude pair")
            }
            pairs.append((score, context.arguments[triple + 2]))
        }
        guard !pairs.isEmpty else { throw RedisMockContext.syntaxError }
        let key = context.arguments[0]
        let existing = try context.sortedSet(at: key)
        if existing == nil && xx { return .integer(0) }
        var scores = existing ?? [:]
        var added = 0, updated = 0
        for (score, member) in pairs {
            if let current = scores[member] {
                if nx || current == score { continue }
                scores[member] = score
                updated += 1
            } else if !xx {
                scores[member] = score
                added += 1
            }
        }
        if added + updated > 0 { context.updateSortedSet(scores, at: key) }
        return .integer(ch ? added + updated : added)
    }

    /// `GEODIST key member1 member2 [M|KM|FT|MI]`: a bulk string with four decimals.
    public static let geodist = RedisMockHandler { context in
        try context.requireArguments(atLeast: 3)
        var toMeters = 1.0
        if context.arguments.count == 4 {
            toMeters = try context.geoUnit(3)
        } else if context.arguments.count > 4 {
            throw RedisMockContext.syntaxError
        }
        guard let scores = try context.sortedSet(at: context.arguments[0]),
              let first = scores[context.arguments[1]], let second = scores[context.arguments[2]],
              let from = RedisMockGeohash.position(score: first), let to = RedisMockGeohash.position(score: second)
        else { return .null }
        let distance = RedisMockGeohash.distance(from.longitude, from.latitude, to.longitude, to.latitude) / toMeters
        return .bulk(RedisMockGeo.distanceText(distance))
    }

    /// `GEOPOS key member …`: `[longitude, latitude]` per member, a null array for a missing one.
    public static let geopos = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        let scores = try context.sortedSet(at: context.arguments[0])
        return .array(context.arguments.dropFirst().map { member in
            guard let score = scores?[member], let position = RedisMockGeohash.position(score: score) else { return .null }
            return .array([context.geoCoordinate(position.longitude), context.geoCoordinate(position.latitude)])
        })
    }

    /// `GEOHASH key member …`: 11-character geohashes, null for a missing member.
    public static let geohash = RedisMockHandler { context in
        try context.requireArguments(atLeast: 1)
        let scores = try context.sortedSet(at: context.arguments[0])
        return .array(context.arguments.dropFirst().map { member in
            guard let score = scores?[member], let text = RedisMockGeohash.text(score: score) else { return .null }
            return .bulk(text)
        })
    }
}

/// Reply formatting of the geo commands.
enum RedisMockGeo {
    /// A distance as `addReplyDoubleDistance` writes it: `%.4f`.
    static func distanceText(_ distance: Double) -> String {
        RESPValue.cFormat("%.4f", distance)
    }

    /// A coordinate as `addReplyHumanLongDouble` writes it: `%.17Lf` without trailing zeros.
    static func coordinateText(_ value: Double) -> String {
        var text = RESPValue.cFormat("%.17f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }
}

extension RedisMockContext {
    /// `extractLongLatOrReply`: two floats at `index`, within longitude ±180 and latitude
    /// ±85.05112878.
    func geoPosition(_ index: Int) throws -> (longitude: Double, latitude: Double) {
        let longitude = try score(index)
        let latitude = try score(index + 1)
        guard longitude >= RedisMockGeohash.longitudeMin, longitude <= RedisMockGeohash.longitudeMax,
              latitude >= RedisMockGeohash.latitudeMin, latitude <= RedisMockGeohash.latitudeMax
        else {
            let pair = RESPValue.cFormat("%f", longitude) + "," + RESPValue.cFormat("%f", latitude)
            throw Self.error("ERR invalid longitude,latitude pair \(pair)")
        }
        return (longitude, latitude)
    }

    /// `extractUnitOrReply`: metres per unit of `m`, `km`, `ft` or `mi`.
    func geoUnit(_ index: Int) throws -> Double {
        switch text(index).lowercased() {
        case "m": return 1
        case "km": return 1000
        case "ft": return 0.3048
        case "mi": return 1609.34
        default: throw Self.error("ERR unsupported unit provided. please use M, KM, FT, MI")
        }
    }

    /// A coordinate reply: the human text as a bulk string in RESP2, a double parsed from that
    /// text in RESP3 (a server writes the same digits after `,`).
    func geoCoordinate(_ value: Double) -> RESPValue {
        let text = RedisMockGeo.coordinateText(value)
        if speaksRESP3 { return .double(Double(text) ?? value) }
        return .bulk(text)
    }
}
