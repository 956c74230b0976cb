import Foundation
import Fred
import FredTestSupport
import Testing

extension IsolatedTests {
/// The write-and-reply audit: many tasks share one client and what they were told is checked
/// against what the server saw. A slice runs in the isolated test run (it loads both cores, which
/// would blur the timing tests of the main run); `scripts/stress.sh` runs the whole matrix
/// (`FRED_STRESS=full`).
@Suite(.serialized, .timeLimit(.minutes(5))) struct StressAuditTests {
    /// The cells of the slice: the shapes that once ran writes twice (many tasks × values that
    /// push a flush past NIO's 64 KiB write watermark) and the extremes of the matrix.
    static let slice: [StressCell] = [
        StressCell(tasks: 64, valueSize: 1024, protocolVersion: .resp2, executor: .default),
        StressCell(tasks: 64, valueSize: 1024, protocolVersion: .resp3, executor: .connection),
        StressCell(tasks: 256, valueSize: 16 * 1024, protocolVersion: .resp3, executor: .default),
        StressCell(tasks: 1000, valueSize: 100, protocolVersion: .resp2, executor: .connection),
        StressCell(tasks: 8, valueSize: 256 * 1024, protocolVersion: .resp2, executor: .default),
        StressCell(tasks: 1, valueSize: 3, protocolVersion: .resp3, executor: .default, operations: 2000),
    ]

    static var cells: [StressCell] {
        ProcessInfo.processInfo.environment["FRED_STRESS"] == "full" ? StressCell.fullMatrix : slice
    }

    /// One test per cell, each on a redis-server of its own and under its own time limit.
    @Test(arguments: Self.cells)
    func everyWriteRunsOnceAndEveryReplyReachesItsCaller(_ cell: StressCell) async throws {
        try await withRedisServer { server in
            let outcome = try await StressAudit.run(cell, server: server)
            print(outcome)
            #expect(outcome.isClean, "\(outcome)")
        }
    }
}
}
