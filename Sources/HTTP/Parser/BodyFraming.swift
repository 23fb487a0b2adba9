/// Framing of a request body, which decides where the body ends on the connection (RFC 9112 section 6.3).
enum BodyFraming: Sendable, Equatable {
    /// No body: neither `Content-Length` nor `Transfer-Encoding` was sent, as for most GET requests.
    case none
    /// Exactly this many bytes follow the header section.
    case contentLength(Int)
    /// The body arrives in chunks, ended by a zero-size chunk and an optional trailer section.
    case chunked

    /// Determines the framing from the header fields and checks `Content-Length` against the body limit.
    ///
    /// - Throws: `HTTPRequestError` with status 400 for a `Content-Length` that is not a plain decimal number,
    ///   that overflows, or whose copies disagree. Also 400 for `Transfer-Encoding` together with
    ///   `Content-Length`, in an HTTP/1.0 request, or with `chunked` repeated or not last. 501 for codings other
    ///   than `chunked`, and 413 for a `Content-Length` over `maxBodyBytes`.
    static func determine(for head: RequestHead, maxBodyBytes: Int) throws(HTTPRequestError) -> BodyFraming {
        if head.headers.contains(name: "Transfer-Encoding") {
            return try transferEncodingFraming(for: head)
        }
        guard head.headers.contains(name: "Content-Length") else {
            return .none
        }

        let length = try contentLength(in: head.headers)
        guard length <= maxBodyBytes else {
            throw HTTPRequestError(.bodyTooLarge, "Body of \(length) bytes exceeds the limit of \(maxBodyBytes) bytes.")
        }
        return length == 0 ? .none : .contentLength(length)
    }

    private static func transferEncodingFraming(for head: RequestHead) throws(HTTPRequestError) -> BodyFraming {
        guard !head.headers.contains(name: "Content-Length") else {
            throw .malformed("Request has both Transfer-Encoding and Content-Length; send only one.")
        }
        guard head.version == .http1_1 else {
            throw .malformed("Transfer-Encoding is not allowed in an HTTP/1.0 request.")
        }

        // A request whose codings name chunked anywhere but last cannot be framed, so it gets 400 (RFC 9112
        // section 6.3). Codings without chunked at all, such as `gzip` alone, are codings this server does not
        // implement, so they get 501 (RFC 9112 section 6.1).
        let codings = head.headers.listElements(for: "Transfer-Encoding")
        guard !codings.isEmpty else {
            throw .malformed("Transfer-Encoding is empty. Send chunked or leave the field out.")
        }
        if codings.contains("chunked") {
            guard codings.last == "chunked", codings.count(where: { $0 == "chunked" }) == 1 else {
                throw .malformed("Transfer-Encoding must apply chunked once, as the final coding, in a request.")
            }
        }
        guard codings == ["chunked"] else {
            throw HTTPRequestError(.unsupportedTransferCoding, "Only the chunked transfer coding is supported.")
        }
        return .chunked
    }

    /// Parses every `Content-Length` field and list element, which must all be the same decimal number.
    private static func contentLength(in headers: HTTPHeaders) throws(HTTPRequestError) -> Int {
        var length: Int?
        for value in headers.values(for: "Content-Length") {
            for element in value.split(separator: ",", omittingEmptySubsequences: false) {
                let parsed = try parseDecimal(element.trimmingWhitespace())
                guard length == nil || length == parsed else {
                    throw .malformed("Content-Length fields disagree on the body size.")
                }
                length = parsed
            }
        }
        return length ?? 0
    }

    /// Parses `1*DIGIT`, rejecting signs, spaces and values that overflow `Int`.
    private static func parseDecimal(_ text: Substring) throws(HTTPRequestError) -> Int {
        guard !text.isEmpty, text.utf8.allSatisfy(ASCII.isDigit) else {
            throw .malformed("Content-Length must be a non-negative decimal number without a sign.")
        }

        var value = 0
        for digit in text.utf8 {
            let (shifted, multiplyOverflowed) = value.multipliedReportingOverflow(by: 10)
            let (sum, addOverflowed) = shifted.addingReportingOverflow(Int(digit - 0x30))
            guard !multiplyOverflowed, !addOverflowed else {
                throw .malformed("Content-Length is too large to represent.")
            }
            value = sum
        }
        return value
    }
}
