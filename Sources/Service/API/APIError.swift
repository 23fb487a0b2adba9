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

    /// The 503 error for a request whose work was cancelled: its client left, or the server is shutting down.
    /// A client that left never reads it.
    public static let cancelled = APIError(
        status: 503, code: "request_cancelled",
        message: "the request was cancelled because the server is shutting down; retry it")

    /// Runs `work` and turns its cancellation into `cancelled`.
    static func mappingCancellation<Value>(
        _ work: () async throws(CancellationError) -> Value
    ) async throws(APIError) -> Value {
        do {
            return try await work()
        } catch {
            throw .cancelled
        }
    }

    /// Builds the HTTP response carrying this error.
    public func response(requestID: String) -> HTTPResponse {
        HTTPResponse.error(status: status, code: code, message: message, requestID: requestID)
    }
}
