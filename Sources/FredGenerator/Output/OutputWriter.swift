import Foundation

/// Writes generated files, touching only those whose bytes changed (so builds stay incremental).
enum OutputWriter {
    /// Writes `files` into `directory`; returns the names it rewrote.
    @discardableResult
    static func write(_ files: [(name: String, contents: String)], to directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var written: [String] = []
        for file in files {
            let path = directory + "/" + file.name
            let data = Data(file.contents.utf8)
            if FileManager.default.contents(atPath: path) == data { continue }
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            written.append(file.name)
        }
        return written
    }

    /// The names of `files` whose copy in `directory` is missing or differs.
    static func stale(_ files: [(name: String, contents: String)], in directory: String) -> [String] {
        files.filter { FileManager.default.contents(atPath: directory + "/" + $0.name) != Data($0.contents.utf8) }.map(\.name)
    }
}
