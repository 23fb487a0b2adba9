/// Parsing of one header field line, `field-name ":" OWS field-value OWS` (RFC 9112 section 5).
enum HeaderFieldParser {
    /// Parses a field line without its CRLF into a name and a value with surrounding whitespace removed.
    ///
    /// - Throws: `HTTPRequestError` (400) for a malformed line. That covers obsolete line folding (a line that
    ///   starts with a space or tab), a missing colon, whitespace before the colon and a name that is not a token.
    ///   It also covers a value with CR, LF, NUL or another control character other than tab.
    static func parse(_ line: ArraySlice<UInt8>) throws(HTTPRequestError) -> HTTPHeaders.Field {
        if let first = line.first, ASCII.isWhitespace(first) {
            throw .malformed("Header field line starts with whitespace; obsolete line folding is not accepted.")
        }
        guard let colon = line.firstIndex(of: ASCII.colon) else {
            throw .malformed("Header field line has no colon.")
        }

        let name = line[line.startIndex..<colon]
        if let last = name.last, ASCII.isWhitespace(last) {
            throw .malformed("Header field name is followed by whitespace before the colon.")
        }
        guard ASCII.isToken(name) else {
            throw .malformed("Header field name is empty or not a valid token.")
        }

        let value = trimmed(line[(colon + 1)...])
        guard value.allSatisfy(ASCII.isFieldValueByte) else {
            throw .malformed(
                "Header field '\(String(decoding: name, as: UTF8.self))' has a control character in its value.")
        }

        // NOTE: values are decoded as UTF-8 with replacement characters, so obs-text bytes that are not
        // valid UTF-8 (ISO-8859-1 text, for example) reach the handler changed.
        return (name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let first = bytes.firstIndex(where: { !ASCII.isWhitespace($0) }),
            let last = bytes.lastIndex(where: { !ASCII.isWhitespace($0) })
        else {
            return bytes[bytes.endIndex...]
        }
        return bytes[first...last]
    }
}
