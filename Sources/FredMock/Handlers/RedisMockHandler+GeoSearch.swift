import FredRuntime
import NIOCore

/// Handlers for the geo searches: `GEOSEARCH`, `GEOSEARCHSTORE`, `GEORADIUS`,
/// `GEORADIUSBYMEMBER` and their `_RO` forms (`georadiusGeneric` on a server).
extension RedisMockHandler {
    /// `GEOSEARCH key FROMMEMBER m|FROMLONLAT lon lat BYRADIUS r unit|BYBOX w h unit [ASC|DESC] [COUNT n [ANY]] [WITHCOORD] [WITHDIST] [WITHHASH]`.
    public static let geosearch = RedisMockHandler { context in
        try context.requireArguments(atLeast: 6)
        return try geoSearch(&context, kind: .search)
    }

    /// `GEOSEARCHSTORE destination source … [STOREDIST]`.
    public static let geosearchstore = RedisMockHandler { context in
        try context.requireArguments(atLeast: 7)
        return try geoSearch(&context, kind: .searchStore)
    }

    /// `GEORADIUS key longitude latitude radius unit [options] [STORE key|STOREDIST key]`.
    public static let georadius = RedisMockHandler { context in
        try context.requireArguments(atLeast: 5)
        return try geoSearch(&context, kind: .radius(store: true))
    }

    /// `GEORADIUS_RO`: `GEORADIUS` without `STORE`.
    public static let georadiusRo = RedisMockHandler { context in
        try context.requireArguments(atLeast: 5)
        return try geoSearch(&context, kind: .radius(store: false))
    }

    /// `GEORADIUSBYMEMBER key member radius unit [options] [STORE key|STOREDIST key]`.
    public static let georadiusbymember = RedisMockHandler { context in
        try context.requireArguments(atLeast: 4)
        return try geoSearch(&context, kind: .radiusByMember(store: true))
    }

    /// `GEORADIUSBYMEMBER_RO`: `GEORADIUSBYMEMBER` without `STORE`.
    public static let georadiusbymemberRo = RedisMockHandler { context in
        try context.requireArguments(atLeast: 4)
        return try geoSearch(&context, kind: .radiusByMember(store: false))
    }

    enum GeoSearchKind {
        case radius(store: Bool)
        case radiusByMember(store: Bool)
        case search
        case searchStore

        var isSearch: Bool {
            switch self {
            case .search, .searchStore: return true
            default: return false
            }
        }

        var acceptsStore: Bool {
            switch self {
            case .radius(let store), .radiusByMember(let store): return store
            default: return false
            }
        }
    }

    /// One match: where it is, how far, and its score.
    struct GeoPoint {
        var longitude: Double
        var latitude: Double
        var distance: Double
        var member: [UInt8]
        var score: Double
    }

    private static func geoSearch(_ context: inout RedisMockContext, kind: GeoSearchKind) throws -> RESPValue {
        let sourceIndex = kind == .searchStore ? 1 : 0
        let scores = try context.sortedSet(at: context.arguments[sourceIndex])
        var shape = RedisMockGeoShape()
        var storeKey: [UInt8]? = kind == .searchStore ? context.arguments[0] : nil
        var storeDistance = false
        var baseArguments: Int
        switch kind {
        case .radius:
            baseArguments = 5
            (shape.longitude, shape.latitude) = try context.geoPosition(1)
            (shape.radius, shape.conversion) = try context.geoDistance(3)
        case .radiusByMember:
            baseArguments = 4
            if let scores {
                guard let score = scores[context.arguments[1]], let position = RedisMockGeohash.position(score: score) else {
                    throw RedisMockContext.error("ERR could not decode requested zset member")
                }
                (shape.longitude, shape.latitude) = position
                (shape.radius, shape.conversion) = try context.geoDistance(2)
            }
        case .search:
            baseArguments = 1
        case .searchStore:
            baseArguments = 2
        }

        var withDistance = false, withHash = false, withCoordinates = false
        var fromMember = false, fromPosition = false, byRadius = false, byBox = false
        var order: Bool?  // true ascending
        var any = false
        var count = 0
        var index = baseArguments
        let total = context.arguments.count
        while index < total {
            let left = total - index - 1
            switch context.text(index).uppercased() {
            case "WITHDIST": withDistance = true
            case "WITHHASH": withHash = true
            case "WITHCOORD": withCoordinates = true
            case "ANY": any = true
            case "ASC": order = true
            case "DESC": order = false
            case "COUNT" where left >= 1:
                guard let value = RedisMockNumbers.integer(context.arguments[index + 1]) else { throw RedisMockContext.notAnInteger }
                guard value > 0 else { throw RedisMockContext.error("ERR COUNT must be > 0") }
                count = value
                index += 1
            case "STORE" where left >= 1 && kind.acceptsStore:
                storeKey = context.arguments[index + 1]
                storeDistance = false
                index += 1
            case "STOREDIST" where left >= 1 && kind.acceptsStore:
                storeKey = context.arguments[index + 1]
                storeDistance = true
                index += 1
            case "STOREDIST" where kind == .searchStore:
                storeDistance = true
            case "FROMMEMBER" where left >= 1 && kind.isSearch && !fromPosition:
                if let scores {
                    guard let score = scores[context.arguments[index + 1]],
                          let position = RedisMockGeohash.position(score: score)
                    else { throw RedisMockContext.error("ERR could not decode requested zset member") }
                    (shape.longitude, shape.latitude) = position
                }
                fromMember = true
                index += 1
            case "FROMLONLAT" where left >= 2 && kind.isSearch && !fromMember:
                (shape.longitude, shape.latitude) = try context.geoPosition(index + 1)
                fromPosition = true
                index += 2
            case "BYRADIUS" where left >= 2 && kind.isSearch && !byBox:
                (shape.radius, shape.conversion) = try context.geoDistance(index + 1)
                shape.isCircle = true
                byRadius = true
                index += 2
            case "BYBOX" where left >= 3 && kind.isSearch && !byRadius:
                (shape.width, shape.height, shape.conversion) = try context.geoBox(index + 1)
                shape.isCircle = false
                byBox = true
                index += 3
            default:
                throw RedisMockContext.syntaxError
            }
            index += 1
        }

        if storeKey != nil && (withDistance || withHash || withCoordinates) {
            let name = kind == .searchStore ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS"
            throw RedisMockContext.error("ERR \(name) is not compatible with WITHDIST, WITHHASH and WITHCOORD options")
        }
        if kind.isSearch && !(fromMember || fromPosition) {
            throw RedisMockContext.error("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for \(context.commandName)")
        }
        if kind.isSearch && !(byRadius || byBox) {
            throw RedisMockContext.error("ERR exactly one of BYRADIUS and BYBOX can be specified for \(context.commandName)")
        }
        if any && count == 0 { throw RedisMockContext.error("ERR the ANY argument requires COUNT argument") }

        guard let scores else {
            if let storeKey {
                context.storeSortedSet([], at: storeKey)
                return .integer(0)
            }
            return .array([])
        }
        if count != 0 && order == nil && !any { order = true }

        var points = matches(in: RedisMockSortedSet(scores), shape: shape, limit: any ? count : 0)
        if points.isEmpty && storeKey == nil { return .array([]) }
        let returned = count == 0 || points.count < count ? points.count : count
        if let ascending = order {
            let compare: (GeoPoint, GeoPoint) -> Int = { a, b in
                let result = a.distance > b.distance ? 1 : (a.distance == b.distance ? 0 : -1)
                return ascending ? result : -result
            }
            if returned == points.count {
                // qsort: glibc's merge sort, stable.
                points = points.enumerated().sorted { a, b in
                    let result = compare(a.element, b.element)
                    return result != 0 ? result < 0 : a.offset < b.offset
                }.map(\.element)
            } else {
                RedisMockPartialSort.sort(&points, lrange: 0, rrange: returned - 1, by: compare)
            }
        }
        let results = points.prefix(returned).map { point -> GeoPoint in
            var point = point
            point.distance /= shape.conversion
            return point
        }

        if let storeKey {
            let elements = results.map { (member: $0.member, score: storeDistance ? $0.distance : $0.score) }
            var unique: [[UInt8]: Double] = [:]
            for element in elements { unique[element.member] = element.score }
            context.storeSortedSet(RedisMockSortedSet(unique).elements, at: storeKey)
            return .integer(returned)
        }
        let options = (withDistance ? 1 : 0) + (withHash ? 1 : 0) + (withCoordinates ? 1 : 0)
        return .array(results.map { point in
            guard options > 0 else { return .bulk(point.member) }
            var item: [RESPValue] = [.bulk(point.member)]
            if withDistance { item.append(.bulk(RedisMockGeo.distanceText(point.distance))) }
            if withHash { item.append(.integer(Int(RedisMockGeohash.cInt64(point.score)))) }
            if withCoordinates {
                item.append(.array([context.geoCoordinate(point.longitude), context.geoCoordinate(point.latitude)]))
            }
            return .array(item)
        })
    }

    /// `membersOfAllNeighbors`: the members of each search cell (a cell equal to the one just
    /// searched is skipped) that lie inside the shape, in cell then score order; stops at
    /// `limit` matches (`ANY`) when it is not 0.
    private static func matches(in set: RedisMockSortedSet, shape: RedisMockGeoShape, limit: Int) -> [GeoPoint] {
        let cells = RedisMockGeohash.searchCells(shape)
        var points: [GeoPoint] = []
        var lastProcessed = 0
        for (i, cell) in cells.enumerated() {
            if cell.isZero { continue }
            if lastProcessed != 0 && cell == cells[lastProcessed] { continue }
            if !points.isEmpty && limit > 0 && points.count >= limit { break }
            let (low, high) = RedisMockGeohash.scoreRange(cell)
            var range = RedisMockScoreRange(min: low, max: high)
            range.maxExclusive = true
            guard let first = set.firstInRange(range) else {
                lastProcessed = i
                continue
            }
            for element in set.elements[first...] {
                guard range.contains(belowMaximum: element.score) else { break }
                if let point = point(element, in: shape) {
                    points.append(point)
                    if limit > 0 && points.count >= limit { break }
                }
            }
            lastProcessed = i
        }
        return points
    }

    /// `geoAppendIfWithinShape`: the member as a match if it lies inside the shape.
    private static func point(_ element: RedisMockSortedSet.Element, in shape: RedisMockGeoShape) -> GeoPoint? {
        guard let (longitude, latitude) = RedisMockGeohash.position(score: element.score) else { return nil }
        let distance: Double
        if shape.isCircle {
            distance = RedisMockGeohash.distance(shape.longitude, shape.latitude, longitude, latitude)
            guard distance <= shape.radius * shape.conversion else { return nil }
        } else {
            let widthMeters = shape.width * shape.conversion
            let heightMeters = shape.height * shape.conversion
            guard RedisMockGeohash.latitudeDistance(latitude, shape.latitude) <= heightMeters / 2 else { return nil }
            guard RedisMockGeohash.distance(longitude, latitude, shape.longitude, latitude) <= widthMeters / 2 else { return nil }
            distance = RedisMockGeohash.distance(shape.longitude, shape.latitude, longitude, latitude)
        }
        return GeoPoint(longitude: longitude, latitude: latitude, distance: distance, member: element.member, score: element.score)
    }
}

extension RedisMockHandler.GeoSearchKind: Equatable {}

extension RedisMockScoreRange {
    init(min: Double, max: Double) {
        self.min = min
        self.max = max
    }
}

extension RedisMockContext {
    /// `extractDistanceOrReply`: a radius and its unit at `index`.
    func geoDistance(_ index: Int) throws -> (radius: Double, conversion: Double) {
        let radius = try score(index, error: Self.error("ERR need numeric radius"))
        guard radius >= 0 else { throw Self.error("ERR radius cannot be negative") }
        return (radius, try geoUnit(index + 1))
    }

    /// `extractBoxOrReply`: width, height and unit at `index`.
    func geoBox(_ index: Int) throws -> (width: Double, height: Double, conversion: Double) {
        let width = try score(index, error: Self.error("ERR need numeric width"))
        let height = try score(index + 1, error: Self.error("ERR need numeric height"))
        guard height >= 0, width >= 0 else { throw Self.error("ERR height or width cannot be negative") }
        return (width, height, try geoUnit(index + 2))
    }
}
