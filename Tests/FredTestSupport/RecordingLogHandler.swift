import Logging
import NIOConcurrencyHelpers

/// Keeps every log line (level, message and metadata, rendered as text) for a test to read.
public final class LogRecorder: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])

    public init() {}

    /// A logger at `level` that writes here.
    public func logger(level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: "fred-test") { _ in RecordingLogHandler(recorder: self) }
        logger.logLevel = level
        return logger
    }

    /// Every line so far: `level message key=value …`.
    public var recorded: [String] { lines.withLockedValue { $0 } }

    fileprivate func append(_ line: String) { lines.withLockedValue { $0.append(line) } }
}

private struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let rendered = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        recorder.append("\(event.level) \(event.message) \(rendered)")
    }
}
