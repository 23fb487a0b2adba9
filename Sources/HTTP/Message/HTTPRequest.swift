/// A complete HTTP request as the handler receives it, with its whole body read.
public struct HTTPRequest: Sendable {
    /// Request method as sent, case-sensitive: `GET`, `HEAD`, `POST`, ...
    public var method: String
    /// Request-target exactly as it appeared on the request line.
    public var target: String
    /// Path of the target, percent-decoded, without the query. `*` for `OPTIONS *`.
    public var path: String
    /// Query of the target after `?`, not decoded, or nil when the target has no `?`.
    public var query: String?
    public var headers: HTTPHeaders
    /// Body bytes after `Content-Length` or chunked framing is removed. Empty when the request has no body.
    public var body: [UInt8]
    /// The client's `X-Request-Id` when it is 1-128 characters of `[A-Za-z0-9._:-]`, otherwise a new random id.
    public var requestID: String

    /// Creates a request from its parts, for handlers under test and for the server.
    public init(
        method: String,
        target: String,
        path: String,
        query: String? = nil,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        requestID: String
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.requestID = requestID
    }
}
