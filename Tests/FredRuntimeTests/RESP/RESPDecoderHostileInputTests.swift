import NIOCore
import Testing
@testable import FredRuntime

/// Nesting a server can drive (aggregates, attributes) is bounded and never recursed on: the
/// decoder answers a typed error or the reply, and does not crash.
@Suite struct RESPDecoderHostileInputTests {
    static func repeated(_ unit: String, _ count: Int, then tail: String = "") -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(unit.utf8.count * count + tail.utf8.count)
        for _ in 0..<count { bytes += unit.utf8 }
        return bytes + Array(tail.utf8)
    }

    /// Decodes `bytes` whole and in 4 KiB reads; both must agree.
    static func decode(_ bytes: [UInt8], limits: RESPDecodingLimits = .init()) throws -> [RESPValue] {
        let whole = Result { try RESPTestStreams.decodeWhole(bytes, limits: limits) }
        let chunked = Result { try RESPTestStreams.decodeInChunks(bytes, limits: limits) { 4096 } }
        switch (whole, chunked) {
        case (.success(let a), .success(let b)):
            #expect(a == b)
            return a
        case (.failure(let a), .failure(let b)):
            #expect(a as? RESPProtocolError == b as? RESPProtocolError)
            throw a
        default:
            Issue.record("whole: \(whole), in reads: \(chunked)")
            return try whole.get()
        }
    }

    static var unbounded: RESPDecodingLimits {
        var limits = RESPDecodingLimits()
        limits.maxDepth = .max
        return limits
    }

    @Test(arguments: [10_000, 1_000_000])
    func manyEmptyAttributesBeforeAReplyAreRefused(count: Int) {
        #expect(throws: RESPProtocolError("more than 64 attributes before one value")) {
            try Self.decode(Self.repeated("|0\r\n", count, then: ":5\r\n"))
        }
        #expect(throws: RESPProtocolError.self) { try Self.decode(Self.repeated("|1\r\n+a\r\n+b\r\n", count, then: ":5\r\n")) }
    }

    /// (A million take minutes in a debug build, as a million of any element does.)
    @Test(arguments: [10_000])
    func withoutTheBoundManyAttributesBeforeAReplyCostNoStack(count: Int) throws {
        #expect(try Self.decode(Self.repeated("|0\r\n", count, then: ":5\r\n"), limits: Self.unbounded) == [.integer(5)])
        #expect(try Self.decode(Self.repeated("|1\r\n+a\r\n+b\r\n", count, then: ":5\r\n"), limits: Self.unbounded) == [.integer(5)])
    }

    @Test func attributesUpToTheBoundAreSkipped() throws {
        #expect(try Self.decode(Self.repeated("|0\r\n", 64, then: ":5\r\n")) == [.integer(5)])
        #expect(throws: RESPProtocolError.self) { try Self.decode(Self.repeated("|0\r\n", 65, then: ":5\r\n")) }
        // Before each element of an aggregate, the count starts afresh.
        let elements = (0..<100).map { _ in String(repeating: "|1\r\n+a\r\n+b\r\n", count: 64) + ":1\r\n" }
        #expect(try Self.decode(Array(("*100\r\n" + elements.joined()).utf8)) == [.array(Array(repeating: .integer(1), count: 100))])
    }

    @Test(arguments: [10_000, 1_000_000])
    func nestedAttributesCountAsDepth(count: Int) throws {
        // Each attribute's key is preceded by the next attribute.
        let nested = Self.repeated("|1\r\n", count) + Self.repeated("+a\r\n+b\r\n", count, then: ":5\r\n")
        #expect(throws: RESPProtocolError("nesting deeper than 64 levels")) { try Self.decode(nested) }
        if count <= 10_000 {
            #expect(try Self.decode(nested, limits: Self.unbounded) == [.integer(5)])
        }
    }

    @Test func attributeNestingIsBoundedByMaxDepth() throws {
        var limits = RESPDecodingLimits()
        limits.maxDepth = 8
        let fine = Self.repeated("|1\r\n", 8) + Self.repeated("+a\r\n+b\r\n", 8, then: ":5\r\n")
        #expect(try Self.decode(fine, limits: limits) == [.integer(5)])
        let deep = Self.repeated("|1\r\n", 9) + Self.repeated("+a\r\n+b\r\n", 9, then: ":5\r\n")
        #expect(throws: RESPProtocolError.self) { try Self.decode(deep, limits: limits) }
        // Aggregates inside an attribute nest below it.
        func inside(_ depth: Int) -> [UInt8] { Array(("|1\r\n+k\r\n" + String(repeating: "*1\r\n", count: depth) + ":1\r\n:5\r\n").utf8) }
        #expect(try Self.decode(inside(7), limits: limits) == [.integer(5)])
        #expect(throws: RESPProtocolError.self) { try Self.decode(inside(8), limits: limits) }
    }

    @Test(arguments: [
        "|1\r\n+a\r\n?\r\n:1\r\n", "|1\r\n+a\r\n$-5\r\n:1\r\n", "|1\r\n*1\r\n:x\r\n+b\r\n:1\r\n", "|-2\r\n:1\r\n",
        "|1\r\n+a\r\n%-1\r\n:1\r\n",
    ])
    func anAttributesContentsAreValidated(bytes: String) {
        #expect(throws: RESPProtocolError.self) { try Self.decode(Array(bytes.utf8)) }
    }

    @Test(arguments: [10_000, 1_000_000])
    func deepAggregatesAreRefusedAtTheLimit(depth: Int) {
        #expect(throws: RESPProtocolError("nesting deeper than 64 levels")) {
            try Self.decode(Self.repeated("*1\r\n", depth, then: ":1\r\n"))
        }
        #expect(throws: RESPProtocolError("nesting deeper than 64 levels")) {
            try Self.decode(Self.repeated("%1\r\n:1\r\n", depth, then: ":1\r\n"))
        }
        // Unfinished, the same: the limit is met before the bytes run out.
        #expect(throws: RESPProtocolError.self) { try Self.decode(Self.repeated("*1\r\n", depth)) }
    }

    @Test func deepAggregatesBelowTheLimitDecodeWithoutRecursion() throws {
        var limits = RESPDecodingLimits()
        limits.maxDepth = 1000
        let replies = try Self.decode(Self.repeated("*1\r\n", 1000, then: ":1\r\n"), limits: limits)
        var depth = 0
        var value = replies.first
        while case .array(let elements)? = value {
            depth += 1
            value = elements.first
        }
        #expect(depth == 1000)
        #expect(value == .integer(1))
    }
}
