import Foundation
import Glibc

/// Writes one line per event, in logfmt or JSON lines, with dotted metadata keys.
///
/// A logger is a cheap value: copy it and add metadata (`logger[metadataKey: "request.id"] = id`) to tag every
/// line a request writes. Lines go to standard error through one lock, so lines from concurrent tasks never
/// interleave.
public struct Logger: Sendable {
    /// Severity of an event, from most to least verbose.
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical

        /// Parses a level name such as `info` or `WARNING`; returns nil for an unknown name.
        public init?(name: String) {
            guard let level = Level.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
            self = level
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Line format of the output.
    public enum Format: String, Sendable {
        case logfmt
        case json
    }

    public let label: String
    public var level: Level
    public var format: Format
    public var metadata: [String: String]
    private let sink: LogSink

    /// Creates a logger that writes to standard error.
    ///
    /// - Parameters:
    ///   - label: The component name, written as `logger` on every line.
    ///   - level: Events below this level are dropped. Default: `info`.
    ///   - format: Line format. Default: logfmt.
    public init(label: String, level: Level = .info, format: Format = .logfmt) {
        self.init(label: label, level: level, format: format, sink: .standardError)
    }

    /// Creates a logger that writes to a custom sink, for tests that read the lines back.
    public init(label: String, level: Level, format: Format, sink: LogSink) {
        self.label = label
        self.level = level
        self.format = format
        self.metadata = [:]
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> String? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Returns a copy of this logger with `label` replaced, keeping level, format, metadata and sink.
    public func withLabel(_ label: String) -> Logger {
        var copy = Logger(label: label, level: level, format: format, sink: sink)
        copy.metadata = metadata
        return copy
    }

    public func trace(_ message: @autoclosure () -> String, _ extra: [String: String] = [:]) {
        log(.trace, message(), extra)
    }

    public func debug(_ message: @autoclosure () -> String, _ extra: [String: String] = [:]) {
        log(.debug, message(), extra)
    }

    public func info(_ message: @autoclosure () -> String, _ extra: [String: String] = [:]) {
        log(.info, message(), extra)
    }

    public func notice(_ message: @autoclosure () -> String, _ extra: [String: String] = [:]) {
        log(.notice, message(), extra)
    }

    public func warning(_ message: @autoclosure () -> String, _ extra: [String: String] = [:]) {
        log(.warning, message(), extra)
    }

    public func error(_ message: @autoclosure () -> String, _ extra: [String: String] = [:]) {
        log(.error, message(), extra)
    }

    /// Writes one event if `level` is at or above the logger's level.
    public func log(_ level: Level, _ message: @autoclosure () -> String, _ extra: [String: String] = [:]) {
        guard level >= self.level else { return }
        write(level, message(), extra.mapValues(MetadataValue.string))
    }

    /// Writes one event whose metadata may hold numbers, which JSON lines write as JSON numbers.
    public func log(_ level: Level, _ message: @autoclosure () -> String, _ extra: [String: MetadataValue]) {
        guard level >= self.level else { return }
        write(level, message(), extra)
    }

    /// Writes one event whose fields the caller lists in ascending key order, as every line orders them.
    ///
    /// The per-request log line uses it, so that no dictionary is built, hashed and sorted for every request.
    /// With logger metadata set, the fields go through the dictionary path, which merges them.
    public func log(_ level: Level, _ message: String, orderedFields fields: KeyValuePairs<String, MetadataValue>) {
        guard level >= self.level else { return }
        assert(zip(fields, fields.dropFirst()).allSatisfy { $0.key < $1.key }, "fields are not in key order")
        guard metadata.isEmpty else {
            write(level, message, Dictionary(fields.map { ($0.key, $0.value) }) { _, last in last })
            return
        }

        var line = LogLine(format: format)
        line.appendTimestamp()
        line.append(key: "level", value: .string(level.name))
        line.append(key: "logger", value: .string(label))
        line.append(key: "message", value: .string(message))
        for (key, value) in fields {
            line.append(key: key, value: value)
        }
        sink.write(line.finished())
    }

    private func write(_ level: Level, _ message: String, _ extra: [String: MetadataValue]) {
        var keys = Array(extra.keys)
        for key in metadata.keys where extra[key] == nil {
            keys.append(key)
        }
        keys.sort()

        var line = LogLine(format: format)
        line.appendTimestamp()
        line.append(key: "level", value: .string(level.name))
        line.append(key: "logger", value: .string(label))
        line.append(key: "message", value: .string(message))
        for key in keys {
            line.append(key: key, value: extra[key] ?? .string(metadata[key] ?? ""))
        }
        sink.write(line.finished())
    }

    /// Returns the current UTC time as `2026-12-04T18:27:19.499`.
    static func timestamp() -> String {
        var line = LogLine(format: .logfmt)
        line.appendTime()
        return String(decoding: line.bytes, as: UTF8.self)
    }
}

extension Logger.Level {
    /// The lowercase name written in the `level` field.
    var name: String {
        switch self {
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        case .critical: "critical"
        }
    }
}

/// Destination of log lines: standard error, or a buffer that tests read.
public final class LogSink: @unchecked Sendable {
    // The lock guards `lines` and keeps whole lines together on standard error.
    private let lock = NSLock()
    private let toStandardError: Bool
    private var lines: [String] = []

    public static let standardError = LogSink(toStandardError: true)

    /// Creates a sink that keeps lines in memory instead of writing them.
    public static func memory() -> LogSink { LogSink(toStandardError: false) }

    private init(toStandardError: Bool) {
        self.toStandardError = toStandardError
    }

    /// Writes one finished line, its newline included.
    func write(_ line: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        if toStandardError {
            Self.writeAll(line, to: STDERR_FILENO)
        } else {
            lines.append(String(decoding: line.dropLast(), as: UTF8.self))
        }
    }

    /// Writes every byte, resuming after a signal or a partial write. A line that cannot be written is
    /// dropped: there is nowhere left to report the failure.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }

    /// Lines written so far, for a sink made by `memory()`.
    public var capturedLines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}
