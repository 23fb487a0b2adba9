import Foundation

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
            guard let level = Level.allCases.first(where: { "\($0)" == name.lowercased() }) else { return nil }
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

    private func write(_ level: Level, _ message: String, _ extra: [String: MetadataValue]) {
        var fields: [(String, MetadataValue)] = [
            ("time", .string(Logger.timestamp())),
            ("level", .string("\(level)")),
            ("logger", .string(label)),
            ("message", .string(message)),
        ]
        let merged = metadata.mapValues(MetadataValue.string).merging(extra) { _, new in new }
        for key in merged.keys.sorted() {
            fields.append((key, merged[key] ?? .string("")))
        }

        sink.write(format == .json ? Logger.jsonLine(fields) : Logger.logfmtLine(fields))
    }

    /// Returns the current UTC time as `2026-12-04T18:27:19.499`.
    ///
    /// Built from `clock_gettime` and `gmtime_r` by hand: Foundation's ISO 8601 format style took several
    /// microseconds a line, a large part of a `/health` request at the default log level.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(23)
        func append(_ value: Int, digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        append(Int(parts.tm_year) + 1900, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        append(Int(parts.tm_mon) + 1, digits: 2)
        bytes.append(UInt8(ascii: "-"))
        append(Int(parts.tm_mday), digits: 2)
        bytes.append(UInt8(ascii: "T"))
        append(Int(parts.tm_hour), digits: 2)
        bytes.append(UInt8(ascii: ":"))
        append(Int(parts.tm_min), digits: 2)
        bytes.append(UInt8(ascii: ":"))
        append(Int(parts.tm_sec), digits: 2)
        bytes.append(UInt8(ascii: "."))
        append(Int(now.tv_nsec) / 1_000_000, digits: 3)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func logfmtLine(_ fields: [(String, MetadataValue)]) -> String {
        fields.map { key, value in "\(key)=\(logfmtValue(value.description))" }.joined(separator: " ")
    }

    private static func logfmtValue(_ value: String) -> String {
        let needsQuotes =
            value.isEmpty
            || value.unicodeScalars.contains { $0 == " " || $0 == "=" || $0 == "\"" || isControl($0) }
        guard needsQuotes else { return value }

        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where isControl(scalar): escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "\"\(escaped)\""
    }

    /// Checks for C0 and C1 control characters and DEL, which a log line must never carry raw: they split
    /// fields, rewrite terminals or end strings early.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    static func jsonLine(_ fields: [(String, MetadataValue)]) -> String {
        let members = fields.map { key, value in "\(jsonString(key)):\(jsonValue(value))" }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// Writes integers and finite doubles as JSON numbers, a non-finite double as null, and strings quoted.
    private static func jsonValue(_ value: MetadataValue) -> String {
        switch value {
        case .string(let text): return jsonString(text)
        case .integer(let number): return String(number)
        case .double(let number): return number.isFinite ? "\(number)" : "null"
        }
    }

    private static func jsonString(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isControl(scalar): out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
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

    func write(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        if toStandardError {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        } else {
            lines.append(line)
        }
    }

    /// Lines written so far, for a sink made by `memory()`.
    public var capturedLines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}
