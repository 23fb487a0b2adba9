/// A strict check of a JSON text against RFC 8259, run before `JSONSerialization` decodes it.
///
/// `JSONSerialization` accepts input the RFC rejects, such as a trailing comma, and keeps one value of a
/// duplicated key without saying so. This pass rejects those, caps the nesting depth, and rejects numbers that
/// overflow a `Double`, so each problem gets a 400 that names it and its byte offset. The input must already be
/// valid UTF-8.
public struct JSONValidator {
    /// Maximum nesting of arrays and objects. Default: 64 levels, far above what any endpoint's item needs.
    public static let defaultMaxDepth = 64

    private let bytes: [UInt8]
    private let maxDepth: Int
    private var index = 0

    private init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// Checks that `bytes` hold exactly one JSON value, with optional whitespace around it.
    ///
    /// - Throws: `JSONValidator.Failure` naming the first problem and its byte offset.
    public static func validate(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(Failure) {
        var validator = JSONValidator(bytes: bytes, maxDepth: maxDepth)
        validator.skipWhitespace()
        try validator.parseValue(depth: 0)
        validator.skipWhitespace()
        guard validator.index == bytes.count else {
            throw validator.failure("unexpected text after the JSON value")
        }
    }

    /// A problem in a JSON text, with a message safe to show to the client.
    public struct Failure: Error, Equatable {
        public let message: String
    }

    // MARK: - Values

    private mutating func parseValue(depth: Int) throws(Failure) {
        guard let byte = peek() else {
            throw failure("unexpected end of input, expected a value")
        }
        switch byte {
        case UInt8(ascii: "{"): try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): _ = try parseString()
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber()
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw failure("NaN and Infinity are not valid JSON numbers")
        default:
            throw failure("unexpected character \(Self.describe(byte)), expected a value")
        }
    }

    private mutating func parseObject(depth: Int) throws(Failure) {
        try checkDepth(depth)
        index += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return
        }

        // Keys are compared by their UTF-8 bytes, as RFC 8259 section 8.3 compares names code unit by code unit.
        // `String` equality would treat "é" and "e" followed by a combining accent as the same key.
        var keys = Set<[UInt8]>()
        while true {
            guard peek() == UInt8(ascii: "\"") else {
                throw failure(keys.isEmpty ? "expected a string key" : "trailing comma or missing key in object")
            }
            let keyOffset = index
            let key = try parseString()
            guard keys.insert(Array(key.utf8)).inserted else {
                throw Failure(message: "duplicate key \(JSONQuoting.quoted(key)) at byte \(keyOffset)")
            }
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw failure("expected ':' after an object key") }
            index += 1
            skipWhitespace()
            try parseValue(depth: depth)
            skipWhitespace()
            guard try continueAfterMember(closing: "}") else { return }
        }
    }

    private mutating func parseArray(depth: Int) throws(Failure) {
        try checkDepth(depth)
        index += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return
        }

        while true {
            if peek() == UInt8(ascii: "]") {
                throw failure("trailing comma in array")
            }
            try parseValue(depth: depth)
            skipWhitespace()
            guard try continueAfterMember(closing: "]") else { return }
        }
    }

    /// Consumes the `,` between members and returns true, or the closing bracket and returns false.
    private mutating func continueAfterMember(closing: Unicode.Scalar) throws(Failure) -> Bool {
        switch peek() {
        case UInt8(ascii: ","):
            index += 1
            skipWhitespace()
            return true
        case UInt8(ascii: closing):
            index += 1
            return false
        case nil:
            throw failure("unexpected end of input, expected ',' or '\(closing)'")
        case let byte?:
            throw failure("unexpected character \(Self.describe(byte)), expected ',' or '\(closing)'")
        }
    }

    private func checkDepth(_ depth: Int) throws(Failure) {
        guard depth <= maxDepth else {
            throw failure("arrays and objects are nested deeper than \(maxDepth) levels")
        }
    }

    private mutating func expectLiteral(_ literal: String) throws(Failure) {
        let expected = Array(literal.utf8)
        guard bytes.count - index >= expected.count, bytes[index..<(index + expected.count)].elementsEqual(expected)
        else {
            throw failure("invalid literal, expected \(literal)")
        }
        index += expected.count
    }
}

// MARK: - Numbers and strings

extension JSONValidator {
    /// Parses `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` and checks that it fits a finite `Double`.
    private mutating func parseNumber() throws(Failure) {
        let start = index
        if peek() == UInt8(ascii: "-") {
            index += 1
            if peek() == UInt8(ascii: "I") {
                throw failure("NaN and Infinity are not valid JSON numbers")
            }
        }
        if peek() == UInt8(ascii: "0") {
            index += 1
            if let next = peek(), Self.isDigit(next) {
                throw failure("number has a leading zero")
            }
        } else {
            try parseDigits(after: "the sign")
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            try parseDigits(after: "the decimal point")
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") {
                index += 1
            }
            try parseDigits(after: "the exponent")
        }

        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw Failure(message: "number at byte \(start) is out of range for a 64-bit floating-point value")
        }
    }

    private mutating func parseDigits(after part: String) throws(Failure) {
        guard let first = peek(), Self.isDigit(first) else {
            throw failure("expected a digit after \(part)")
        }
        while let byte = peek(), Self.isDigit(byte) {
            index += 1
        }
    }

    /// Parses a string and returns its decoded value, which object keys need for the duplicate check.
    private mutating func parseString() throws(Failure) -> String {
        index += 1
        // Runs of bytes between escapes are appended as whole strings, because appending them scalar by scalar
        // showed up in /verify profiles.
        var text = ""
        var runStart = index
        while true {
            guard let byte = peek() else {
                throw failure("unterminated string")
            }
            switch byte {
            case UInt8(ascii: "\""):
                text += String(decoding: bytes[runStart..<index], as: UTF8.self)
                index += 1
                return text
            case UInt8(ascii: "\\"):
                text += String(decoding: bytes[runStart..<index], as: UTF8.self)
                index += 1
                text.unicodeScalars.append(try parseEscape())
                runStart = index
            case 0x00..<0x20:
                throw failure("control character \(Self.describe(byte)) in a string must be escaped")
            default:
                index += 1
            }
        }
    }

    /// Parses the escape after a backslash, joining a `\u` surrogate pair into one scalar.
    private mutating func parseEscape() throws(Failure) -> Unicode.Scalar {
        guard let byte = peek() else { throw failure("unterminated escape") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"): return try parseUnicodeEscape()
        default: throw failure("invalid escape \\\(Self.describe(byte))")
        }
    }

    private mutating func parseUnicodeEscape() throws(Failure) -> Unicode.Scalar {
        let first = try parseHexQuad()
        if let scalar = Unicode.Scalar(first) {
            return scalar
        }
        // A high surrogate must be followed by `\u` and a low surrogate.
        guard (0xD800...0xDBFF).contains(first), bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"),
            bytes[index + 1] == UInt8(ascii: "u")
        else {
            throw failure("\\u escape is an unpaired surrogate")
        }
        index += 2
        let second = try parseHexQuad()
        guard (0xDC00...0xDFFF).contains(second),
            let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
        else {
            throw failure("\\u escape is an unpaired surrogate")
        }
        return scalar
    }

    private mutating func parseHexQuad() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let digit = Self.hexValue(byte) else {
                throw failure("\\u escape needs four hexadecimal digits")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }
}

// MARK: - Bytes

extension JSONValidator {
    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            index += 1
        }
    }

    private func failure(_ problem: String) -> Failure {
        Failure(message: "\(problem) at byte \(index)")
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte)
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: return UInt32(byte - 0x30)
        case 0x41...0x46: return UInt32(byte - 0x41 + 10)
        case 0x61...0x66: return UInt32(byte - 0x61 + 10)
        default: return nil
        }
    }

    /// Returns a byte as a quoted printable character, or as hexadecimal when it is not printable ASCII.
    private static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + String(byte, radix: 16)
    }
}

/// Quoting of a key for an error message, cut to 40 characters. The error body's JSON encoding escapes the rest.
private enum JSONQuoting {
    static func quoted(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > 40 else { return "'\(text)'" }
        return "'\(String(String.UnicodeScalarView(scalars.prefix(40))))…'"
    }
}
