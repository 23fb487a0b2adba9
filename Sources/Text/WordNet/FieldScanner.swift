/// A cursor over the space-separated fields of one line of a WordNet database file.
///
/// The scanner reads raw bytes, so it is only valid inside the `withUnsafeBytes` call that produced them.
struct FieldScanner {
    private let bytes: UnsafeRawBufferPointer
    private var position: Int
    private let end: Int

    /// Creates a scanner over `line`, a byte range of `bytes` without its line feed.
    init(bytes: UnsafeRawBufferPointer, line: Range<Int>) {
        self.bytes = bytes
        self.position = line.lowerBound
        self.end = line.upperBound
    }

    /// Advances past the next field and returns its byte range, or nil at the end of the line.
    mutating func next() -> Range<Int>? {
        while position < end && bytes[position] == UInt8(ascii: " ") {
            position += 1
        }
        guard position < end else { return nil }

        let start = position
        while position < end && bytes[position] != UInt8(ascii: " ") {
            position += 1
        }
        return start..<position
    }

    /// Advances past the next field and returns it as a string.
    mutating func nextString() -> String? {
        guard let field = next() else { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[field]), as: UTF8.self)
    }

    /// Advances past the next field and returns its value in `radix` (10 or 16), or nil if it is not a number.
    mutating func nextInteger(radix: Int = 10) -> Int? {
        guard let field = next(), field.count <= 12 else { return nil }

        var value = 0
        for index in field {
            guard let digit = Self.digitValue(bytes[index]), digit < radix else { return nil }
            value = value * radix + digit
        }
        return value
    }

    /// Advances past the next field and returns its only byte, or nil if the field is not one byte long.
    mutating func nextLetter() -> UInt8? {
        guard let field = next(), field.count == 1 else { return nil }
        return bytes[field.lowerBound]
    }

    /// Returns the byte at `index` of the underlying buffer.
    func byte(at index: Int) -> UInt8 {
        bytes[index]
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }
}
