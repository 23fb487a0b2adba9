/// A response from the handler, or from the server when it rejects a request itself.
///
/// The server sets `Content-Length`, `Date`, `X-Request-Id` and `Connection` when it writes the response, so a
/// handler does not need to set them, and values it sets for them are replaced.
public struct HTTPResponse: Sendable {
    /// Status code, 200-599. The server answers 500 in place of a response with a status outside that range.
    public var status: Int
    public var headers: HTTPHeaders
    /// Body bytes. The server sends none for `HEAD` requests and for 204 and 304 responses.
    public var body: [UInt8]

    /// Creates a response with the given status, header fields and body.
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Creates a response with a JSON body and `Content-Type: application/json`.
    ///
    /// - Parameters:
    ///   - status: Status code.
    ///   - body: Encoded JSON, sent without validation.
    public static func json(status: Int, body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    /// Creates an error response with the body `{"error": {"code": ..., "message": ..., "request_id": ...}}`.
    ///
    /// - Parameters:
    ///   - status: Status code, usually 4xx or 5xx.
    ///   - code: Stable machine-readable code in snake case, such as `invalid_request`.
    ///   - message: Human-readable explanation, safe to show to the client.
    ///   - requestID: Id of the request, also sent as `X-Request-Id`.
    public static func error(status: Int, code: String, message: String, requestID: String) -> HTTPResponse {
        let members = [
            "\"code\":\(JSONString.quoted(code))",
            "\"message\":\(JSONString.quoted(message))",
            "\"request_id\":\(JSONString.quoted(requestID))",
        ]
        let text = "{\"error\":{\(members.joined(separator: ","))}}"
        var response = json(status: status, body: Array(text.utf8))
        response.headers.replaceOrAdd(name: "X-Request-Id", value: requestID)
        return response
    }
}

/// Encoding of Swift strings as JSON string literals (RFC 8259 section 7).
enum JSONString {
    /// Returns `text` in double quotes, with quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20: output += unicodeEscape(scalar.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    private static func unicodeEscape(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
    }
}
