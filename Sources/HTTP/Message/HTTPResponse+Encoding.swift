/// Connection facts the server adds to a response when it writes it.
struct ResponseFraming {
    /// Value of `X-Request-Id`.
    var requestID: String
    /// Whether the server closes the connection after this response, sent as `Connection: close`.
    var closesConnection: Bool
    /// Whether to send `Connection: keep-alive`, which an HTTP/1.0 client needs to keep the connection open.
    var announcesKeepAlive = false
    /// Whether to send the header section only, as for a response to `HEAD`.
    var omitsBody = false
    /// Value of `Date`, in IMF-fixdate form.
    var date = HTTPDate.now()
}

extension HTTPResponse {
    /// Header fields the server sets itself, so any value the handler gave them is dropped.
    private static let serverManagedNames = [
        "Content-Length", "Transfer-Encoding", "Connection", "Date", "X-Request-Id",
    ]

    /// Returns the names of header fields that cannot be sent as they are, so the encoder drops them.
    ///
    /// A field name must be a token and a value must not contain CR, LF or other control characters except tab,
    /// so no field can end the header section early or add a field of its own.
    func invalidHeaderNames() -> [String] {
        headers.filter { !Self.isSendable($0) }.map(\.name)
    }

    /// Encodes the status line, the header section and the body as HTTP/1.1 bytes.
    ///
    /// The body is left out for `HEAD` (while `Content-Length` still gives its size) and for 1xx, 204 and 304
    /// responses. Fields that `invalidHeaderNames()` lists are dropped.
    func encoded(_ framing: ResponseFraming) -> [UInt8] {
        // Written byte by byte into one array: building a String first cost a copy and an allocation per field.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160 + body.count)
        bytes.append(contentsOf: "HTTP/1.1 ".utf8)
        bytes.append(contentsOf: String(status).utf8)
        bytes.append(ASCII.space)
        bytes.append(contentsOf: HTTPStatus.reasonPhrase(for: status).utf8)
        bytes.append(contentsOf: "\r\n".utf8)

        for field in headers where Self.isSendable(field) && !Self.isServerManaged(field.name) {
            Self.append(field.name, field.value, to: &bytes)
        }
        Self.append("Date", framing.date, to: &bytes)
        Self.append("X-Request-Id", framing.requestID, to: &bytes)
        if let contentLength = contentLengthValue() {
            Self.append("Content-Length", contentLength, to: &bytes)
        }
        if framing.closesConnection {
            Self.append("Connection", "close", to: &bytes)
        } else if framing.announcesKeepAlive {
            Self.append("Connection", "keep-alive", to: &bytes)
        }
        bytes.append(contentsOf: "\r\n".utf8)

        if !framing.omitsBody && !HTTPStatus.forbidsBody(status) {
            bytes.append(contentsOf: body)
        }
        return bytes
    }

    private static func append(_ name: String, _ value: String, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: name.utf8)
        bytes.append(contentsOf: ": ".utf8)
        bytes.append(contentsOf: value.utf8)
        bytes.append(contentsOf: "\r\n".utf8)
    }

    /// Returns the `Content-Length` value to send, or nil when the status forbids one.
    ///
    /// A 304 response keeps the handler's own value, which describes the body a 200 response would carry.
    private func contentLengthValue() -> String? {
        if status == 304 {
            return headers["Content-Length"].flatMap { value in value.utf8.allSatisfy(ASCII.isDigit) ? value : nil }
        }
        if (100..<200).contains(status) || status == 204 {
            return nil
        }
        return String(body.count)
    }

    private static func isServerManaged(_ name: String) -> Bool {
        serverManagedNames.contains { HTTPHeaders.namesMatch($0, name) }
    }

    private static func isSendable(_ field: HTTPHeaders.Field) -> Bool {
        ASCII.isToken(field.name.utf8) && field.value.utf8.allSatisfy(ASCII.isFieldValueByte)
    }
}
