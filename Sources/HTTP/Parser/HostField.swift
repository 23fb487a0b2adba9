/// Syntax check of a `Host` field value, `uri-host [ ":" port ]` (RFC 9112 section 3.2, RFC 3986 section 3.2).
enum HostField {
    /// Returns whether `value` is empty, or a registered name, an IPv4 address or a bracketed IPv6 literal,
    /// with an optional decimal port.
    ///
    /// Registered names may use the characters RFC 3986 allows unescaped plus percent-encoding. Spaces, `/`, `?`,
    /// `#` and `@` never pass, so a value cannot carry a path or user information.
    static func isValid(_ value: String) -> Bool {
        var value = value
        return value.withUTF8(isValid(bytes:))
    }

    /// Checks the value's UTF-8 bytes, read in place.
    private static func isValid(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first else { return true }

        let hostEnd: Int
        if first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")), close > 1,
                bytes[1..<close].allSatisfy(isIPLiteralByte)
            else {
                return false
            }
            hostEnd = close + 1
        } else {
            hostEnd = bytes.firstIndex(of: ASCII.colon) ?? bytes.count
            guard hostEnd > 0, bytes[..<hostEnd].allSatisfy(isRegisteredNameByte) else { return false }
        }

        let rest = bytes[hostEnd...]
        guard let colon = rest.first else { return true }
        return colon == ASCII.colon && rest.dropFirst().allSatisfy(ASCII.isDigit)
    }

    private static func isRegisteredNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return "-._~%!$&'()*+,;=".utf8.contains(byte)
        }
    }

    private static func isIPLiteralByte(_ byte: UInt8) -> Bool {
        ASCII.hexValue(byte) != nil || byte == ASCII.colon || byte == UInt8(ascii: ".")
    }
}
