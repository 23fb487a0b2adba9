import HTTP

/// An error that leaves through the JSON API, with its status, a stable code and a message safe to show.
public struct APIError: Error, Sendable, Equatable {
    public var status: Int
    public var code: String
    public var message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// Returns a 400 error for a request field that is missing or invalid.
    public static func invalidField(_ field: String, _ problem: String) -> APIError {
        APIError(status: 400, code: "invalid_request", message: "\(field) \(problem)")
    }

    /// Builds the HTTP response carrying this error.
    public func response(requestID: String) -> HTTPResponse {
        HTTPResponse.error(status: status, code: code, message: message, requestID: requestID)
    }
}
