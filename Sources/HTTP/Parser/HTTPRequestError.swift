/// A request the server rejects before it reaches the handler, with the status and message it sends back.
///
/// After any of these errors the server responds with `Connection: close` and closes the connection, because the
/// rest of the bytes on it can no longer be framed safely.
struct HTTPRequestError: Error, Sendable {
    enum Kind: Sendable, Equatable {
        case malformed
        case requestLineTooLong
        case headerSectionTooLarge
        case bodyTooLarge
        case unsupportedTransferCoding
        case unsupportedVersion
        case expectationFailed
        case timedOut
        case incomplete
        case shuttingDown
    }

    let kind: Kind
    /// Explanation sent in the error body, safe to show to the client: it never quotes header values.
    let message: String
    /// The parsed request head, when the error was found after the header section was complete.
    var head: RequestHead?

    init(_ kind: Kind, _ message: String, head: RequestHead? = nil) {
        self.kind = kind
        self.message = message
        self.head = head
    }

    /// Status code of the error response.
    var status: Int {
        switch kind {
        case .malformed: return 400
        case .requestLineTooLong: return 414
        case .headerSectionTooLarge: return 431
        case .bodyTooLarge: return 413
        case .unsupportedTransferCoding: return 501
        case .unsupportedVersion: return 505
        case .expectationFailed: return 417
        case .timedOut: return 408
        case .incomplete: return 400
        case .shuttingDown: return 503
        }
    }

    /// Machine-readable code of the error body.
    var code: String {
        switch kind {
        case .malformed: return "invalid_request"
        case .requestLineTooLong: return "request_line_too_long"
        case .headerSectionTooLarge: return "header_section_too_large"
        case .bodyTooLarge: return "body_too_large"
        case .unsupportedTransferCoding: return "unsupported_transfer_coding"
        case .unsupportedVersion: return "http_version_not_supported"
        case .expectationFailed: return "expectation_failed"
        case .timedOut: return "request_timeout"
        case .incomplete: return "incomplete_request"
        case .shuttingDown: return "server_shutting_down"
        }
    }

    /// Returns the error response for a request with the given id.
    func response(requestID: String) -> HTTPResponse {
        HTTPResponse.error(status: status, code: code, message: message, requestID: requestID)
    }

    static func malformed(_ message: String, head: RequestHead? = nil) -> HTTPRequestError {
        HTTPRequestError(.malformed, message, head: head)
    }
}
