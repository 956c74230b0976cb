import Foundation

/// Prints results the way redis-benchmark does: its full report, `-q` lines or `--csv` rows.
struct BenchReport {
    enum Style { case full, quiet, csv }

    let style: Style
    let clients: Int
    let dataSize: Int

    func start() {
        if style == .csv {
            Swift.print(#""test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms""#)
        }
    }

    func print(workload: BenchWorkload, result: BenchResult) {
        let latencies = result.latencies
        func ms(_ microseconds: UInt64) -> String { String(format: "%.3f", Double(microseconds) / 1000) }
        let rps = String(format: "%.2f", result.requestsPerSecond)
        let average = String(format: "%.3f", latencies.mean / 1000)
        switch style {
        case .csv:
            let fields = [workload.title, rps, average, ms(latencies.min), ms(latencies.valueAtPercentile(50)),
                          ms(latencies.valueAtPercentile(95)), ms(latencies.valueAtPercentile(99)), ms(latencies.max)]
            Swift.print(fields.map { "\"\($0)\"" }.joined(separator: ","))
        case .quiet:
            Swift.print("\(workload.title): \(rps) requests per second, p50=\(ms(latencies.valueAtPercentile(50))) msec")
        case .full:
            var lines = [
                "====== \(workload.title) ======",
                "  \(result.requests) requests completed in \(String(format: "%.2f", result.seconds)) seconds",
                "  \(clients) parallel clients",
                "  \(dataSize) bytes payload",
                "  keep alive: 1",
                "  multi-thread: no",
                "",
                "Latency by percentile distribution:",
            ]
            // 0%, 50%, then halving the distance to 100% until every request is counted.
            var percentile = 0.0
            while true {
                let value = latencies.valueAtPercentile(percentile)
                let count = latencies.count(within: 0...value)
                lines.append(String(format: "%.3f%% <= %@ milliseconds (cumulative count %llu)", percentile, ms(value), count))
                if percentile >= 100 { break }
                percentile = count >= latencies.totalCount || percentile > 99.999 ? 100 : percentile == 0 ? 50 : percentile + (100 - percentile) / 2
            }
            lines += [
                "",
                "Summary:",
                "  throughput summary: \(rps) requests per second",
                "  latency summary (msec):",
                "          avg       min       p50       p95       p99       max",
                "    " + [average, ms(latencies.min), ms(latencies.valueAtPercentile(50)), ms(latencies.valueAtPercentile(95)),
                          ms(latencies.valueAtPercentile(99)), ms(latencies.max)].map { String(repeating: " ", count: max(0, 9 - $0.count)) + $0 }.joined(separator: " "),
            ]
            if result.errors > 0 { lines.append("  error replies: \(result.errors)") }
            Swift.print(lines.joined(separator: "\n") + "\n")
        }
    }
}
