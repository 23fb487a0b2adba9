/// Splitting of a request-target into a percent-decoded path and a raw query (RFC 9112 section 3.2).
enum RequestTarget {
    /// Splits `target` into its path, percent-decoded, and its query after `?`, left encoded.
    ///
    /// Accepts origin-form (`/items?id=1`), absolute-form (`http://host/items`, whose scheme and authority are
    /// dropped) and, for `OPTIONS` only, asterisk-form (`*`).
    ///
    /// - Throws: `HTTPRequestError` (400) for any other form, a fragment, an invalid percent-encoding, a path
    ///   that does not decode to UTF-8, an encoded `/`, `\\` or NUL, or a `.` or `..` segment.
    static func split(_ target: String, method: String) throws(HTTPRequestError) -> (path: String, query: String?) {
        if target == "*" {
            guard method == "OPTIONS" else {
                throw .malformed("Request target '*' is only allowed with OPTIONS.")
            }
            return ("*", nil)
        }
        guard !target.utf8.contains(UInt8(ascii: "#")) else {
            throw .malformed("Request target must not contain a fragment.")
        }

        let pathAndQuery = try originForm(of: target)
        guard let questionMark = pathAndQuery.utf8.firstIndex(of: UInt8(ascii: "?")) else {
            return (try percentDecoded(pathAndQuery), nil)
        }
        let query = pathAndQuery[pathAndQuery.utf8.index(after: questionMark)...]
        return (try percentDecoded(pathAndQuery[..<questionMark]), String(query))
    }

    /// Returns the target from its first `/`, dropping the scheme and authority of an absolute-form target.
    private static func originForm(of target: String) throws(HTTPRequestError) -> Substring {
        if target.hasPrefix("/") {
            return target[...]
        }

        let lowercased = target.lowercased()
        let schemeLength: Int
        if lowercased.hasPrefix("http://") {
            schemeLength = 7
        } else if lowercased.hasPrefix("https://") {
            schemeLength = 8
        } else {
            throw .malformed("Request target must start with '/' or be an absolute http URL.")
        }

        let afterScheme = target.dropFirst(schemeLength)
        guard let pathStart = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) else {
            return "/"
        }
        let rest = afterScheme[pathStart...]
        return rest.hasPrefix("?") ? Substring("/" + rest) : rest
    }

    /// Decodes `%XX` escapes in a path.
    private static func percentDecoded(_ path: Substring) throws(HTTPRequestError) -> String {
        // Most paths have no escape. The target is visible ASCII, checked with the request line, so such a path
        // is already valid UTF-8 and needs no copy.
        guard path.utf8.contains(ASCII.percent) else {
            try rejectDotSegments(in: path.utf8)
            return String(path)
        }

        let bytes = Array(path.utf8)
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)

        var index = 0
        while index < bytes.count {
            guard bytes[index] == ASCII.percent else {
                decoded.append(bytes[index])
                index += 1
                continue
            }
            guard index + 2 < bytes.count, let high = ASCII.hexValue(bytes[index + 1]),
                let low = ASCII.hexValue(bytes[index + 2])
            else {
                throw .malformed("Request path has an invalid percent-encoding.")
            }
            let byte = UInt8(high * 16 + low)
            // An encoded slash or backslash would make one segment look like two once decoded, and NUL ends
            // C strings early, so a route check and a later file or log lookup could see different paths.
            guard byte != ASCII.slash, byte != ASCII.backslash, byte != 0 else {
                throw .malformed("Request path has an encoded slash, backslash or NUL, which is not accepted.")
            }
            decoded.append(byte)
            index += 3
        }

        guard let text = String(validating: decoded, as: UTF8.self) else {
            throw .malformed("Request path does not decode to valid UTF-8.")
        }
        try rejectDotSegments(in: decoded)
        return text
    }

    /// Rejects `.` and `..` segments, sent plainly or percent-encoded, because routes are matched exactly and
    /// the server never resolves them.
    private static func rejectDotSegments(in path: some Collection<UInt8>) throws(HTTPRequestError) {
        // Counts the bytes of each segment and whether all of them are dots, without splitting the path.
        var segmentLength = 0
        var onlyDots = true
        for byte in path {
            if byte == ASCII.slash {
                try rejectDots(segmentLength: segmentLength, onlyDots: onlyDots)
                segmentLength = 0
                onlyDots = true
            } else {
                segmentLength += 1
                onlyDots = onlyDots && byte == UInt8(ascii: ".")
            }
        }
        try rejectDots(segmentLength: segmentLength, onlyDots: onlyDots)
    }

    private static func rejectDots(segmentLength: Int, onlyDots: Bool) throws(HTTPRequestError) {
        if onlyDots && (segmentLength == 1 || segmentLength == 2) {
            throw .malformed("Request path has a '.' or '..' segment. Send the path without them.")
        }
    }
}
