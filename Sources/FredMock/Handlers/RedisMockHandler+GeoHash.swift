import FredRuntime
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Redis's geohash arithmetic (`geohash.c`, `geohash_helper.c`), operation for operation so that
/// positions and distances agree with a server to the last digit: 52-bit interleaved hashes over
/// longitude ±180 and latitude ±85.05112878, decoded to the centre of their cell; haversine
/// distances on a sphere of radius 6372797.560856 m.
enum RedisMockGeohash {
    struct Bits: Equatable {
        var bits: UInt64
        var step: UInt8
        static let zero = Bits(bits: 0, step: 0)
        var isZero: Bool { bits == 0 && step == 0 }
    }

    struct Range {
        var min: Double
        var max: Double
    }

    struct Area {
        var hash: Bits
        var longitude: Range
        var latitude: Range
    }

    struct Neighbors {
        var north = Bits.zero, east = Bits.zero, west = Bits.zero, south = Bits.zero
        var northEast = Bits.zero, southEast = Bits.zero, northWest = Bits.zero, southWest = Bits.zero
    }

    static let stepMax: UInt8 = 26
    static let latitudeMin = -85.05112878
    static let latitudeMax = 85.05112878
    static let longitudeMin = -180.0
    static let longitudeMax = 180.0
    static let longitudeRange = Range(min: longitudeMin, max: longitudeMax)
    static let latitudeRange = Range(min: latitudeMin, max: latitudeMax)
    static let earthRadius = 6372797.560856
    static let mercatorMax = 20037726.37
    static let degreesToRadians = Double.pi / 180.0

    static func radians(_ degrees: Double) -> Double { degrees * degreesToRadians }
    static func degrees(_ radians: Double) -> Double { radians / degreesToRadians }

    static func interleave(_ xlo: UInt32, _ ylo: UInt32) -> UInt64 {
        let b: [UInt64] = [0x5555_5555_5555_5555, 0x3333_3333_3333_3333, 0x0F0F_0F0F_0F0F_0F0F,
                           0x00FF_00FF_00FF_00FF, 0x0000_FFFF_0000_FFFF]
        let s: [UInt64] = [1, 2, 4, 8, 16]
        var x = UInt64(xlo), y = UInt64(ylo)
        for i in stride(from: 4, through: 0, by: -1) {
            x = (x | (x << s[i])) & b[i]
            y = (y | (y << s[i])) & b[i]
        }
        return x | (y << 1)
    }

    static func deinterleave(_ interleaved: UInt64) -> UInt64 {
        let b: [UInt64] = [0x5555_5555_5555_5555, 0x3333_3333_3333_3333, 0x0F0F_0F0F_0F0F_0F0F,
                           0x00FF_00FF_00FF_00FF, 0x0000_FFFF_0000_FFFF, 0x0000_0000_FFFF_FFFF]
        let s: [UInt64] = [0, 1, 2, 4, 8, 16]
        var x = interleaved, y = interleaved >> 1
        for i in 0..<6 {
            x = (x | (x >> s[i])) & b[i]
            y = (y | (y >> s[i])) & b[i]
        }
        return x | (y << 32)
    }

    /// `geohashEncode`: nil where the C function returns 0.
    static func encode(_ longRange: Range, _ latRange: Range, longitude: Double, latitude: Double, step: UInt8) -> Bits? {
        guard step <= 32, step != 0, latRange.max - latRange.min != 0, longRange.max - longRange.min != 0 else { return nil }
        guard longitude <= longitudeMax, longitude >= longitudeMin, latitude <= latitudeMax, latitude >= latitudeMin else { return nil }
        guard latitude >= latRange.min, latitude <= latRange.max, longitude >= longRange.min, longitude <= longRange.max else {
            return nil
        }
        var latOffset = (latitude - latRange.min) / (latRange.max - latRange.min)
        var longOffset = (longitude - longRange.min) / (longRange.max - longRange.min)
        latOffset *= Double(UInt64(1) << UInt64(step))
        longOffset *= Double(UInt64(1) << UInt64(step))
        return Bits(bits: interleave(cUInt32(latOffset), cUInt32(longOffset)), step: step)
    }

    /// `geohashEncodeWGS84` at 26 steps, aligned to 52 bits: the score `GEOADD` stores.
    static func score(longitude: Double, latitude: Double) -> Double? {
        guard let hash = encode(longitudeRange, latitudeRange, longitude: longitude, latitude: latitude, step: stepMax) else {
            return nil
        }
        return Double(hash.bits << (52 - UInt64(hash.step) * 2))
    }

    /// `geohashDecode`: nil where the C function returns 0.
    static func decode(_ longRange: Range, _ latRange: Range, _ hash: Bits) -> Area? {
        guard !hash.isZero, latRange.max - latRange.min != 0, longRange.max - longRange.min != 0 else { return nil }
        let separated = deinterleave(hash.bits)
        let latScale = latRange.max - latRange.min
        let longScale = longRange.max - longRange.min
        let ilato = UInt32(truncatingIfNeeded: separated)
        let ilono = UInt32(truncatingIfNeeded: separated >> 32)
        let divisor = Double(UInt64(1) << UInt64(hash.step))
        let latitude = Range(min: latRange.min + (Double(ilato) * 1.0 / divisor) * latScale,
                             max: latRange.min + (Double(ilato &+ 1) * 1.0 / divisor) * latScale)
        let longitude = Range(min: longRange.min + (Double(ilono) * 1.0 / divisor) * longScale,
                              max: longRange.min + (Double(ilono &+ 1) * 1.0 / divisor) * longScale)
        return Area(hash: hash, longitude: longitude, latitude: latitude)
    }

    /// `geohashDecodeAreaToLongLat`: the centre of the cell, clamped to the valid ranges.
    static func centre(_ area: Area) -> (longitude: Double, latitude: Double) {
        var x = (area.longitude.min + area.longitude.max) / 2
        if x > longitudeMax { x = longitudeMax }
        if x < longitudeMin { x = longitudeMin }
        var y = (area.latitude.min + area.latitude.max) / 2
        if y > latitudeMax { y = latitudeMax }
        if y < latitudeMin { y = latitudeMin }
        return (x, y)
    }

    /// `decodeGeohash`: the position a sorted-set score stands for (any score decodes, as on a
    /// server, through C's conversion of the double to a 64-bit unsigned integer).
    static func position(score: Double) -> (longitude: Double, latitude: Double)? {
        let hash = Bits(bits: cUInt64(score), step: stepMax)
        return decode(longitudeRange, latitudeRange, hash).map(centre)
    }

    /// The 11-character standard geohash (`GEOHASH`) of a score: decoded, then encoded again on
    /// latitude ±90.
    static func text(score: Double) -> String? {
        guard let (longitude, latitude) = position(score: score) else { return nil }
        let bits = encode(Range(min: -180, max: 180), Range(min: -90, max: 90), longitude: longitude, latitude: latitude,
                          step: stepMax)?.bits ?? 0
        let alphabet = Array("0123456789bcdefghjkmnpqrstuvwxyz".utf8)
        var characters: [UInt8] = []
        for i in 0..<11 {
            let index = i == 10 ? 0 : Int((bits >> UInt64(52 - (i + 1) * 5)) & 0x1F)
            characters.append(alphabet[index])
        }
        return String(decoding: characters, as: UTF8.self)
    }

    // MARK: Distances

    /// `geohashGetDistance`: haversine, with the shortcut for equal longitudes.
    static func distance(_ lon1d: Double, _ lat1d: Double, _ lon2d: Double, _ lat2d: Double) -> Double {
        let lon1r = radians(lon1d)
        let lon2r = radians(lon2d)
        let v = sin((lon2r - lon1r) / 2)
        if v == 0.0 { return latitudeDistance(lat1d, lat2d) }
        let lat1r = radians(lat1d)
        let lat2r = radians(lat2d)
        let u = sin((lat2r - lat1r) / 2)
        let a = u * u + cos(lat1r) * cos(lat2r) * v * v
        return 2.0 * earthRadius * asin(sqrt(a))
    }

    /// `geohashGetLatDistance`.
    static func latitudeDistance(_ lat1d: Double, _ lat2d: Double) -> Double {
        earthRadius * fabs(radians(lat2d) - radians(lat1d))
    }

    // MARK: Search areas

    static func moveX(_ hash: inout Bits, _ d: Int) {
        guard d != 0 else { return }
        var x = hash.bits & 0xAAAA_AAAA_AAAA_AAAA
        let y = hash.bits & 0x5555_5555_5555_5555
        let shift = UInt64(64 - Int(hash.step) * 2)
        let zz: UInt64 = 0x5555_5555_5555_5555 >> shift
        if d > 0 {
            x = x &+ (zz &+ 1)
        } else {
            x = x | zz
            x = x &- (zz &+ 1)
        }
        x &= (0xAAAA_AAAA_AAAA_AAAA >> shift)
        hash.bits = x | y
    }

    static func moveY(_ hash: inout Bits, _ d: Int) {
        guard d != 0 else { return }
        let x = hash.bits & 0xAAAA_AAAA_AAAA_AAAA
        var y = hash.bits & 0x5555_5555_5555_5555
        let shift = UInt64(64 - Int(hash.step) * 2)
        let zz: UInt64 = 0xAAAA_AAAA_AAAA_AAAA >> shift
        if d > 0 {
            y = y &+ (zz &+ 1)
        } else {
            y = y | zz
            y = y &- (zz &+ 1)
        }
        y &= (0x5555_5555_5555_5555 >> shift)
        hash.bits = x | y
    }

    static func neighbors(_ hash: Bits) -> Neighbors {
        func moved(_ dx: Int, _ dy: Int) -> Bits {
            var result = hash
            moveX(&result, dx)
            moveY(&result, dy)
            return result
        }
        var n = Neighbors()
        n.east = moved(1, 0)
        n.west = moved(-1, 0)
        n.south = moved(0, -1)
        n.north = moved(0, 1)
        n.northWest = moved(-1, 1)
        n.southWest = moved(-1, -1)
        n.northEast = moved(1, 1)
        n.southEast = moved(1, -1)
        return n
    }

    /// `geohashEstimateStepsByRadius`.
    static func estimateSteps(radius rangeMeters: Double, latitude: Double) -> UInt8 {
        if rangeMeters == 0 { return 26 }
        var range = rangeMeters
        var step = 1
        while range < mercatorMax {
            range *= 2
            step += 1
        }
        step -= 2
        if latitude > 66 || latitude < -66 {
            step -= 1
            if latitude > 80 || latitude < -80 { step -= 1 }
        }
        if step < 1 { step = 1 }
        if step > 26 { step = 26 }
        return UInt8(step)
    }

    /// The cells to search: the centre cell, then north, south, east, west, north-east,
    /// north-west, south-east, south-west (zero for those that cannot hold a match), in the
    /// order `membersOfAllNeighbors` visits them.
    static func searchCells(_ shape: RedisMockGeoShape) -> [Bits] {
        let longitude = shape.longitude
        let latitude = shape.latitude
        // geohashBoundingBox
        let height = shape.conversion * (shape.isCircle ? shape.radius : shape.height / 2)
        let width = shape.conversion * (shape.isCircle ? shape.radius : shape.width / 2)
        let latDelta = degrees(height / earthRadius)
        let longDeltaTop = degrees(width / earthRadius / cos(radians(latitude + latDelta)))
        let longDeltaBottom = degrees(width / earthRadius / cos(radians(latitude - latDelta)))
        let southern = latitude < 0
        let minLon = southern ? longitude - longDeltaBottom : longitude - longDeltaTop
        let maxLon = southern ? longitude + longDeltaBottom : longitude + longDeltaTop
        let minLat = latitude - latDelta
        let maxLat = latitude + latDelta

        var radiusMeters = shape.isCircle
            ? shape.radius
            : sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2))
        radiusMeters *= shape.conversion
        var steps = estimateSteps(radius: radiusMeters, latitude: latitude)

        var hash = encode(longitudeRange, latitudeRange, longitude: longitude, latitude: latitude, step: steps)
            ?? Bits(bits: 0, step: steps)
        var cells = neighbors(hash)
        var area = decode(longitudeRange, latitudeRange, hash)

        var decreaseStep = false
        if let north = decode(longitudeRange, latitudeRange, cells.north), north.latitude.max < maxLat { decreaseStep = true }
        if let south = decode(longitudeRange, latitudeRange, cells.south), south.latitude.min > minLat { decreaseStep = true }
        if let east = decode(longitudeRange, latitudeRange, cells.east), east.longitude.max < maxLon { decreaseStep = true }
        if let west = decode(longitudeRange, latitudeRange, cells.west), west.longitude.min > minLon { decreaseStep = true }

        if steps > 1 && decreaseStep {
            steps -= 1
            hash = encode(longitudeRange, latitudeRange, longitude: longitude, latitude: latitude, step: steps)
                ?? Bits(bits: 0, step: steps)
            cells = neighbors(hash)
            area = decode(longitudeRange, latitudeRange, hash)
        }

        if steps >= 2, let area {
            if area.latitude.min < minLat {
                cells.south = .zero
                cells.southWest = .zero
                cells.southEast = .zero
            }
            if area.latitude.max > maxLat {
                cells.north = .zero
                cells.northEast = .zero
                cells.northWest = .zero
            }
            if area.longitude.min < minLon {
                cells.west = .zero
                cells.southWest = .zero
                cells.northWest = .zero
            }
            if area.longitude.max > maxLon {
                cells.east = .zero
                cells.southEast = .zero
                cells.northEast = .zero
            }
        }
        return [hash, cells.north, cells.south, cells.east, cells.west,
                cells.northEast, cells.northWest, cells.southEast, cells.southWest]
    }

    /// `scoresOfGeoHashBox`: the scores `[min, max)` of the members inside a cell.
    static func scoreRange(_ hash: Bits) -> (min: Double, max: Double) {
        let shift = 52 - UInt64(hash.step) * 2
        return (Double(hash.bits << shift), Double((hash.bits &+ 1) << shift))
    }

    // MARK: C conversions

    /// C's `(uint32_t)` of a double as x86-64 code computes it (truncation through a 64-bit
    /// signed conversion).
    static func cUInt32(_ value: Double) -> UInt32 {
        UInt32(truncatingIfNeeded: cInt64(value))
    }

    /// C's `(uint64_t)` of a double as GCC compiles it for x86-64: values from 2^63 up go through
    /// a subtraction; anything out of range gives the "integer indefinite" pattern.
    static func cUInt64(_ value: Double) -> UInt64 {
        let twoTo63 = 9_223_372_036_854_775_808.0
        if !(value >= twoTo63) { return UInt64(bitPattern: cInt64(value)) }
        return UInt64(bitPattern: cInt64(value - twoTo63)) ^ 0x8000_0000_0000_0000
    }

    /// `cvttsd2si`: truncation toward zero, `Int64.min` for NaN and out-of-range values.
    static func cInt64(_ value: Double) -> Int64 {
        guard !value.isNaN, value < 9_223_372_036_854_775_808.0, value >= -9_223_372_036_854_775_808.0 else { return Int64.min }
        return Int64(value)
    }
}

/// The area of a geo search: a circle (`BYRADIUS`, `GEORADIUS`) or a box (`BYBOX`) around a
/// position, in a unit `conversion` metres long.
struct RedisMockGeoShape {
    var longitude = 0.0
    var latitude = 0.0
    var isCircle = true
    var radius = 0.0
    var width = 0.0
    var height = 0.0
    var conversion = 1.0
}
