import Fred

extension DiffGroup {
    /// Geo: GEOADD with its options, positions, distances and hashes (also of sorted sets whose
    /// scores no GEOADD wrote), and every search form with its options, stores included.
    public static let geo = DiffGroup(name: "geo", commands: [
        "GEOADD", "GEODIST", "GEOPOS", "GEOHASH", "GEOSEARCH", "GEOSEARCHSTORE", "GEORADIUS", "GEORADIUS_RO",
        "GEORADIUSBYMEMBER", "GEORADIUSBYMEMBER_RO",
    ]) { random in
        // Mostly four of the shared keys, so that indexes grow and searches find things.
        let key = random.chance(0.7) ? "k\(random.int(0...3))" : random.key()
        switch random.int(0...19) {
        case 0...4:
            var words = ["GEOADD", key]
            if random.chance(0.15) { words += [random.pick(["NX", "XX"])] }
            if random.chance(0.15) { words += ["CH"] }
            if random.chance(0.02) { words += [random.pick(["NX", "GT"])] }
            for _ in 0..<random.int(1...6) {
                let (longitude, latitude) = random.geoPosition()
                words += [longitude, latitude, random.geoMember()]
            }
            if random.chance(0.02) { words += ["1"] }
            return [DiffCommand(words)]
        case 5, 6:
            var words = ["GEODIST", key, random.geoMember(), random.geoMember()]
            if random.chance(0.6) { words += [random.geoUnit()] }
            if random.chance(0.02) { words += ["km"] }
            return [DiffCommand(words)]
        case 7, 8: return [DiffCommand(["GEOPOS", key] + (0..<random.int(0...3)).map { _ in random.geoMember() })]
        case 9: return [DiffCommand(["GEOHASH", key] + (0..<random.int(0...3)).map { _ in random.geoMember() })]
        case 10...13: return [DiffCommand(random.geosearch(key, store: random.chance(0.2) ? random.storeKey() : nil))]
        case 14, 15: return [DiffCommand(random.georadius(key, byMember: random.chance(0.5)))]
        case 16:
            // A sorted set with scores GEOADD would never write, read as positions.
            let score = random.pick(["0", "1", "-1", "1.5", "inf", "-inf", "4503599627370496", "9007199254740992", "1e30",
                                     "-1e30", "18446744073709551615", "9223372036854775808", "3471579339700058"])
            return [DiffCommand(["ZADD", key, score, random.geoMember()])]
        case 17:
            // Positions at the edges of the valid ranges.
            let longitude = random.pick(["180", "-180", "0", "179.99999999", "-179.9999999"])
            let latitude = random.pick(["85.05112878", "-85.05112878", "0", "85.0511287", "-85"])
            return [DiffCommand(["GEOADD", key, longitude, latitude, random.geoMember()])]
        case 18:
            if random.chance(0.5) { return [DiffCommand(["DEL", key])] }
            // Many members at a few positions (equal distances), then a search that sorts and
            // cuts them: the server's partial quicksort decides the order of ties.
            let places = [("13.361389", "38.115556"), ("13.3614", "38.1156"), ("13.5", "38.2"), ("15.087269", "37.502669")]
            var words = ["GEOADD", key]
            for member in 0..<random.int(4...12) {
                let place = random.pick(Array(places.prefix(random.int(1...4))))
                words += [place.0, place.1, "t\(member)"]
            }
            var search = ["GEOSEARCH", key, "FROMLONLAT", "13.4", "38.1", "BYRADIUS", random.pick(["50", "200"]), "km",
                          random.pick(["ASC", "DESC"]), "COUNT", String(random.int(1...10))]
            if random.chance(0.3) { search += ["WITHDIST"] }
            return [DiffCommand(words), DiffCommand(search)]
        default:
            let name = random.pick(["GEOADD", "GEODIST", "GEOPOS", "GEOSEARCH", "GEOSEARCHSTORE", "GEORADIUS", "GEORADIUSBYMEMBER"])
            return [DiffCommand([name] + Array([key, "1", "2", "p1"].prefix(random.int(0...3))))]
        }
    }
}

extension DiffRandom {
    /// Members: geo names plus the sorted-set pool, so the two groups meet.
    mutating func geoMember() -> String {
        chance(0.9) ? pick(["p0", "p1", "p2", "p3", "p4", "p5"]) : zmember()
    }

    mutating func geoUnit() -> String {
        chance(0.05) ? pick(["yd", "", "meters"]) : pick(["m", "km", "ft", "mi", "KM", "M"])
    }

    /// A longitude/latitude pair near one of a few places (so that searches find things), now
    /// and then out of range or not a number.
    mutating func geoPosition() -> (String, String) {
        if chance(0.03) {
            return pick([("200", "10"), ("10", "86"), ("-180.0001", "0"), ("abc", "1"), ("1", ""), ("0", "-85.06"), ("1e400", "0")])
        }
        let centres: [(Double, Double)] = [(13.361389, 38.115556), (15.087269, 37.502669), (2.3522, 48.8566), (-73.9857, 40.7484),
                                           (139.6917, 35.6895), (-58.3816, -34.6037), (179.9, 0.5), (-179.9, -0.5), (0, 0),
                                           (0.00001, 0.00002), (25, 84.9), (-120, -80.5)]
        let centre = chance(0.5) ? pick(Array(centres.prefix(2))) : pick(centres)
        let spread = pick([0.0, 0.001, 0.05, 0.5, 3.0])
        func jitter(_ value: Double, _ limit: Double) -> String {
            let offset = spread * Double(int(-1000...1000)) / 1000
            let result = min(max(value + offset, -limit), limit)
            return "\(result)"
        }
        return (jitter(centre.0, 180), jitter(centre.1, 85.05))
    }

    mutating func geoRadius() -> String {
        if chance(0.04) { return pick(["-1", "abc", "", "nan"]) }
        return pick(["0", "1", "10", "150", "1000", "5000", "20000", "200000", "1000000", "6000000", "0.5", "12.75",
                     "300000", "3000000", "9000000", "15000000"])
    }

    /// Options shared by the searches, in groups (order, COUNT [ANY], WITH…) to shuffle.
    mutating func geoOptions(allowWith: Bool = true) -> [[String]] {
        var groups: [[String]] = []
        if chance(0.4) { groups.append([pick(["ASC", "DESC"])]) }
        if chance(0.4) {
            groups.append(["COUNT", chance(0.05) ? pick(["0", "-1", "x"]) : String(int(1...5))])
            if chance(0.3) { groups.append(["ANY"]) }
        } else if chance(0.03) {
            groups.append(["ANY"])
        }
        if allowWith || chance(0.05) {
            for option in ["WITHCOORD", "WITHDIST", "WITHHASH"] where chance(0.3) { groups.append([option]) }
        }
        return groups.shuffled(using: &self)
    }

    /// GEOSEARCH, or GEOSEARCHSTORE into `store`.
    mutating func geosearch(_ key: String, store: String?) -> [String] {
        var words = store.map { ["GEOSEARCHSTORE", $0, key] } ?? ["GEOSEARCH", key]
        var parts: [[String]] = []
        switch int(0...9) {
        case 0 where chance(0.3): break
        case 1 where chance(0.3): parts.append(["FROMMEMBER", geoMember()]); parts.append(["FROMLONLAT", "0", "0"])
        default:
            if chance(0.5) {
                parts.append(["FROMMEMBER", geoMember()])
            } else {
                let (longitude, latitude) = geoPosition()
                parts.append(["FROMLONLAT", longitude, latitude])
            }
        }
        switch int(0...9) {
        case 0 where chance(0.3): break
        case 1 where chance(0.3): parts.append(["BYRADIUS", "1", "km"]); parts.append(["BYBOX", "1", "1", "km"])
        case 0...5: parts.append(["BYRADIUS", geoRadius(), geoUnit()])
        default:
            let width = chance(0.05) ? pick(["-1", "x"]) : pick(["0", "1", "100", "2000", "50000", "400000", "3000000"])
            let height = chance(0.05) ? pick(["-1", "x"]) : pick(["0", "1", "100", "2000", "50000", "400000", "3000000"])
            parts.append(["BYBOX", width, height, geoUnit()])
        }
        parts += geoOptions(allowWith: store == nil)
        if store != nil && chance(0.4) { parts.append(["STOREDIST"]) }
        if chance(0.03) { parts.append([pick(["STORE", "BOGUS", "FROMMEMBER", "COUNT"])]) }
        for part in parts.shuffled(using: &self) { words += part }
        return words
    }

    /// GEORADIUS or GEORADIUSBYMEMBER (or their _RO forms), STORE and STOREDIST included.
    mutating func georadius(_ key: String, byMember: Bool) -> [String] {
        let readOnly = chance(0.3)
        var words = [(byMember ? "GEORADIUSBYMEMBER" : "GEORADIUS") + (readOnly ? "_RO" : ""), key]
        if byMember {
            words += [geoMember()]
        } else {
            let (longitude, latitude) = geoPosition()
            words += [longitude, latitude]
        }
        words += [geoRadius(), geoUnit()]
        let store = (!readOnly || chance(0.05)) && chance(0.25)
        words += geoOptions(allowWith: !store).flatMap { $0 }
        if store { words += [pick(["STORE", "STOREDIST"]), storeKey()] }
        return words
    }
}
