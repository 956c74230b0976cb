import FredRuntime
/// Redis's `pqsort` (a Bentley–McIlroy quicksort that only sorts what lands in `lrange…rrange`),
/// so that ties come out in the same order as on a server.
enum RedisMockPartialSort {
    static func sort<T>(_ array: inout [T], lrange: Int, rrange: Int, by compare: (T, T) -> Int) {
        pqsort(&array, start: 0, count: array.count, lrange: lrange, rrange: rrange, compare)
    }

    private static func med3<T>(_ a: [T], _ i: Int, _ j: Int, _ k: Int, _ compare: (T, T) -> Int) -> Int {
        compare(a[i], a[j]) < 0
            ? (compare(a[j], a[k]) < 0 ? j : (compare(a[i], a[k]) < 0 ? k : i))
            : (compare(a[j], a[k]) > 0 ? j : (compare(a[i], a[k]) < 0 ? i : k))
    }

    private static func vecswap<T>(_ a: inout [T], _ i: Int, _ j: Int, _ n: Int) {
        guard n > 0 else { return }
        for offset in 0..<n { a.swapAt(i + offset, j + offset) }
    }

    private static func intersects(_ start: Int, _ count: Int, _ lrange: Int, _ rrange: Int) -> Bool {
        !((lrange < start && rrange < start) || (lrange >= start + count && rrange >= start + count))
    }

    private static func pqsort<T>(_ a: inout [T], start: Int, count: Int, lrange: Int, rrange: Int, _ compare: (T, T) -> Int) {
        var base = start
        var n = count
        while true {
            if n < 7 {
                var pm = base + 1
                while pm < base + n {
                    var pl = pm
                    while pl > base && compare(a[pl - 1], a[pl]) > 0 {
                        a.swapAt(pl, pl - 1)
                        pl -= 1
                    }
                    pm += 1
                }
                return
            }
            var pm = base + n / 2
            if n > 7 {
                var pl = base
                var pn = base + n - 1
                if n > 40 {
                    let d = n / 8
                    pl = med3(a, pl, pl + d, pl + 2 * d, compare)
                    pm = med3(a, pm - d, pm, pm + d, compare)
                    pn = med3(a, pn - 2 * d, pn - d, pn, compare)
                }
                pm = med3(a, pl, pm, pn, compare)
            }
            a.swapAt(base, pm)
            var pa = base + 1, pb = base + 1
            var pc = base + n - 1, pd = base + n - 1
            while true {
                while pb <= pc {
                    let result = compare(a[pb], a[base])
                    if result > 0 { break }
                    if result == 0 {
                        a.swapAt(pa, pb)
                        pa += 1
                    }
                    pb += 1
                }
                while pb <= pc {
                    let result = compare(a[pc], a[base])
                    if result < 0 { break }
                    if result == 0 {
                        a.swapAt(pc, pd)
                        pd -= 1
                    }
                    pc -= 1
                }
                if pb > pc { break }
                a.swapAt(pb, pc)
                pb += 1
                pc -= 1
            }
            let pn = base + n
            var r = min(pa - base, pb - pa)
            vecswap(&a, base, pb - r, r)
            r = min(pd - pc, pn - pd - 1)
            vecswap(&a, pb, pn - r, r)
            r = pb - pa
            if r > 1 && intersects(base, r, lrange, rrange) {
                pqsort(&a, start: base, count: r, lrange: lrange, rrange: rrange, compare)
            }
            r = pd - pc
            guard r > 1 else { return }
            base = pn - r
            n = r
            guard intersects(base, n, lrange, rrange) else { return }
        }
    }
}
