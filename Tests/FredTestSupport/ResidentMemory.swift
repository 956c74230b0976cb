import Foundation
import NIOConcurrencyHelpers

/// The resident memory of this process, in bytes (from `/proc/self/statm`; 0 where that file does
/// not exist).
public func residentMemory() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Samples the resident memory every few milliseconds while `body` runs and returns the highest
/// growth over the level before it started, with `body`'s result.
public func peakMemoryGrowth<Result: Sendable>(
    during body: () async throws -> Result
) async rethrows -> (growth: Int, result: Result) {
    let baseline = residentMemory()
    let peak = NIOLockedValueBox(baseline)
    let sampler = Task {
        while !Task.isCancelled {
            let now = residentMemory()
            peak.withLockedValue { $0 = max($0, now) }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
    let result: Result
    do {
        result = try await body()
    } catch {
        sampler.cancel()
        throw error
    }
    sampler.cancel()
    _ = await sampler.value
    let last = residentMemory()
    return (peak.withLockedValue { max($0, last) } - baseline, result)
}
