/// Byte classes from the HTTP/1.1 grammar (RFC 9110 section 5.6, RFC 9112 section 2), used on raw bytes.
enum ASCII {
    static let carriageReturn: UInt8 = 0x0D
    static let lineFeed: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let horizontalTab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let comma: UInt8 = 0x2C
    static let semicolon: UInt8 = 0x3B
    static let percent: UInt8 = 0x25
    static let questionMark: UInt8 = 0x3F
    static let slash: UInt8 = 0x2F
    static let backslash: UInt8 = 0x5C

    /// Returns the byte with `A`-`Z` mapped to `a`-`z` and every other byte unchanged.
    static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte)
    }

    /// Returns the value of a hexadecimal digit, or nil for any other byte.
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: return Int(byte - 0x30)
        case 0x41...0x46: return Int(byte - 0x41 + 10)
        case 0x61...0x66: return Int(byte - 0x61 + 10)
        default: return nil
        }
    }

    /// Returns whether the byte is a `tchar`, the characters allowed in methods and field names.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// Returns whether the byte is a visible US-ASCII character (`VCHAR`).
    static func isVisible(_ byte: UInt8) -> Bool {
        (0x21...0x7E).contains(byte)
    }

    /// Returns whether the byte may appear in a field value: `VCHAR`, `obs-text`, space or tab, never CR, LF or NUL.
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == space || byte == horizontalTab || isVisible(byte) || byte >= 0x80
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == horizontalTab
    }

    /// Returns whether every byte of `text` is a `tchar` and there is at least one.
    static func isToken(_ text: some Collection<UInt8>) -> Bool {
        !text.isEmpty && text.allSatisfy(isTokenCharacter)
    }
}
