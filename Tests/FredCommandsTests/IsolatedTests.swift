import Foundation
import Testing

/// Tests that measure time or this process's memory, so that other tests running at the same
/// time must not blur their figures: they run one at a time, in a `swift test` of their own that
/// `scripts/test.sh` starts with `FRED_ISOLATED_TESTS=1` (the main run skips them).
///
/// Their suites are declared in extensions of this one, each in its own file.
@Suite(
    .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["FRED_ISOLATED_TESTS"] == "1", "runs alone: set FRED_ISOLATED_TESTS=1")
)
enum IsolatedTests {}
