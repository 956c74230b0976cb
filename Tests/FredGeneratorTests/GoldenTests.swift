import Foundation
import Testing
@testable import FredGenerator

/// The generated code for `Golden/sample.yaml` must equal `Golden/sample/*.swift` byte for byte.
@Suite struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test func sampleSpecGeneratesTheGoldenFiles() throws {
        let specPath = Self.folder.appendingPathComponent("sample.yaml").path
        let spec = try Generation.loadSpec(path: specPath)
        var files = Generation.render(spec, source: "sample.yaml")
        #expect(files.map(\.name) == GeneratedFiles.names)
        files += Generation.renderMockHandlers(spec, source: "sample.yaml", module: "SampleMocks")
        let goldenFolder = Self.folder.appendingPathComponent("sample")
        if ProcessInfo.processInfo.environment["FRED_UPDATE_GOLDEN"] == "1" {
            try OutputWriter.write(files, to: goldenFolder.path)
        }
        for file in files {
            let golden = try String(contentsOf: goldenFolder.appendingPathComponent(file.name), encoding: .utf8)
            #expect(file.contents == golden, "\(file.name) differs from its golden file:\n\(lineDiff(expected: golden, actual: file.contents))")
        }
    }

    @Test func generationIsDeterministic() throws {
        let spec = try Generation.loadSpec(path: Self.folder.appendingPathComponent("sample.yaml").path)
        let first = Generation.render(spec, source: "sample.yaml").map(\.contents)
        let second = Generation.render(spec, source: "sample.yaml").map(\.contents)
        #expect(first == second)
    }

    @Test func writerRewritesOnlyFilesWhoseBytesChanged() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fred-golden-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let files = [(name: "A.swift", contents: "a\n"), (name: "B.swift", contents: "b\n")]
        #expect(try OutputWriter.write(files, to: folder) == ["A.swift", "B.swift"])
        #expect(try OutputWriter.write(files, to: folder) == [])
        #expect(try OutputWriter.write([files[0], (name: "B.swift", contents: "b2\n")], to: folder) == ["B.swift"])
        #expect(OutputWriter.stale(files, in: folder) == ["B.swift"])
    }
}

/// A readable diff: each differing line with its number, `-` expected and `+` actual.
func lineDiff(expected: String, actual: String) -> String {
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var lines: [String] = []
    for index in 0..<max(old.count, new.count) {
        let left = index < old.count ? String(old[index]) : nil
        let right = index < new.count ? String(new[index]) : nil
        if left != right {
            if let left { lines.append("\(index + 1)- \(left)") }
            if let right { lines.append("\(index + 1)+ \(right)") }
        }
        if lines.count > 40 { lines.append("…"); break }
    }
    return lines.joined(separator: "\n")
}
