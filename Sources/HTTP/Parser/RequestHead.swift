/// HTTP version from a request line. The server speaks 1.0 and 1.1.
struct HTTPVersion: Sendable, Equatable {
    var major: Int
    var minor: Int

    static let http1_0 = HTTPVersion(major: 1, minor: 0)
    static let http1_1 = HTTPVersion(major: 1, minor: 1)
}

/// Request line and header fields of a request, before its body.
struct RequestHead: Sendable {
    var method: String
    var target: String
    var version: HTTPVersion
    var headers: HTTPHeaders
    /// Percent-decoded path of the target, set once the head is complete.
    var path = ""
    /// Query of the target, not decoded, set once the head is complete.
    var query: String?

    /// Whether the connection stays open after the response, as the client asked through version and `Connection`.
    ///
    /// HTTP/1.1 keeps it open unless the client sends `Connection: close`. HTTP/1.0 closes it unless the client
    /// sends `Connection: keep-alive` (RFC 9112 section 9.3).
    var keepAlive: Bool {
        if headers.containsToken("close", in: "Connection") {
            return false
        }
        return version == .http1_1 || headers.containsToken("keep-alive", in: "Connection")
    }

    /// Whether the client waits for `100 Continue` before it sends the body (RFC 9110 section 10.1.1).
    ///
    /// HTTP/1.0 clients cannot ask for it, so the field is ignored for them.
    var expectsContinue: Bool {
        version == .http1_1 && headers.containsToken("100-continue", in: "Expect")
    }

    /// Whether the method is `HEAD`, whose response carries no body.
    var isHead: Bool { method == "HEAD" }
}

/// Parsing of the request line, `method SP request-target SP HTTP-version` (RFC 9112 section 3).
enum RequestLineParser {
    /// Parses a request line without its CRLF into method, target and version.
    ///
    /// - Throws: `HTTPRequestError` with status 400 for a malformed line and 505 for a well-formed version other
    ///   than HTTP/1.0 or HTTP/1.1.
    static func parse(_ line: ArraySlice<UInt8>) throws(HTTPRequestError) -> (String, String, HTTPVersion) {
        // Found by hand, not with `split`, which allocates an array of parts for every request.
        guard let firstSpace = line.firstIndex(of: ASCII.space),
            let secondSpace = line[(firstSpace + 1)...].firstIndex(of: ASCII.space),
            !line[(secondSpace + 1)...].contains(ASCII.space)
        else {
            throw .malformed("Request line must be a method, a target and a version separated by single spaces.")
        }

        let method = line[..<firstSpace]
        let target = line[(firstSpace + 1)..<secondSpace]
        guard ASCII.isToken(method) else {
            throw .malformed("Request method is not a valid token.")
        }
        guard !target.isEmpty, target.allSatisfy(ASCII.isVisible) else {
            throw .malformed("Request target is empty or contains characters outside visible US-ASCII.")
        }

        let version = try parseVersion(line[(secondSpace + 1)...])
        return (String(decoding: method, as: UTF8.self), String(decoding: target, as: UTF8.self), version)
    }

    /// Parses `HTTP/<digit>.<digit>` and accepts only 1.0 and 1.1.
    private static func parseVersion(_ text: ArraySlice<UInt8>) throws(HTTPRequestError) -> HTTPVersion {
        let start = text.startIndex
        guard text.count == 8, text.starts(with: "HTTP/".utf8), text[start + 6] == UInt8(ascii: "."),
            ASCII.isDigit(text[start + 5]), ASCII.isDigit(text[start + 7])
        else {
            throw .malformed("HTTP version must have the form HTTP/1.1.")
        }

        let version = HTTPVersion(major: Int(text[start + 5] - 0x30), minor: Int(text[start + 7] - 0x30))
        guard version == .http1_0 || version == .http1_1 else {
            throw HTTPRequestError(
                .unsupportedVersion, "HTTP version \(version.major).\(version.minor) is not supported; use HTTP/1.1.")
        }
        return version
    }
}
