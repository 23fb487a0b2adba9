extension Logger {
    /// A metadata value: text, or a number that JSON lines write without quotes.
    ///
    /// String literals and interpolations make `.string`, and integer and float literals make numbers, so a
    /// metadata literal such as `["http.status": 200, "request.id": "\(id)"]` needs no case names.
    public enum MetadataValue: Sendable, Equatable, CustomStringConvertible, ExpressibleByStringLiteral,
        ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral
    {
        case string(String)
        case integer(Int)
        case double(Double)

        public init(stringLiteral value: String) { self = .string(value) }
        public init(integerLiteral value: Int) { self = .integer(value) }
        public init(floatLiteral value: Double) { self = .double(value) }

        /// The value as logfmt writes it, before quoting.
        public var description: String {
            switch self {
            case .string(let text): return text
            case .integer(let number): return String(number)
            case .double(let number): return "\(number)"
            }
        }
    }

    public func trace(_ message: @autoclosure () -> String, _ extra: [String: MetadataValue]) {
        log(.trace, message(), extra)
    }

    public func debug(_ message: @autoclosure () -> String, _ extra: [String: MetadataValue]) {
        log(.debug, message(), extra)
    }

    public func info(_ message: @autoclosure () -> String, _ extra: [String: MetadataValue]) {
        log(.info, message(), extra)
    }

    public func notice(_ message: @autoclosure () -> String, _ extra: [String: MetadataValue]) {
        log(.notice, message(), extra)
    }

    public func warning(_ message: @autoclosure () -> String, _ extra: [String: MetadataValue]) {
        log(.warning, message(), extra)
    }

    public func error(_ message: @autoclosure () -> String, _ extra: [String: MetadataValue]) {
        log(.error, message(), extra)
    }
}
