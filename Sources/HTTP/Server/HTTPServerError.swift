/// A failure to start the server: an invalid configuration, a port that cannot be bound, or a second start.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case invalidConfiguration
        case socketFailed
        case alreadyStarted
    }

    private let code: Code
    /// Explanation of what failed and on which value.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func invalidConfiguration(_ detail: String) -> HTTPServerError {
        HTTPServerError(.invalidConfiguration, "Invalid HTTP server configuration: \(detail).")
    }

    static func socketFailed(host: String, port: Int, _ error: SocketError) -> HTTPServerError {
        HTTPServerError(.socketFailed, "Cannot listen on \(host):\(port): \(error).")
    }

    static let alreadyStarted = HTTPServerError(
        .alreadyStarted, "HTTP server was already started or shut down; create a new one.")
}
