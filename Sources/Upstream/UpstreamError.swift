/// Why a chat completion failed: a message safe to show a client, and a stable code for metrics and JSON.
///
/// The message never contains the API key or the request body.
public struct UpstreamError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// No connection, refused, reset, or closed before the reply was complete.
        case connection
        /// The connect or total timeout passed, or the deadline left no time for another attempt.
        case timeout
        /// The upstream answered with a status other than 200.
        case status
        /// The reply was not the JSON of a chat completion, or came with another content type.
        case invalidReply
        /// `finish_reason` was "length" or "content_filter": the answer was cut off.
        case truncated
        /// The reply had no message content, or only whitespace.
        case emptyContent
        /// The reply was over the size limit.
        case replyTooLarge
    }

    public var kind: Kind
    public var message: String
    /// The HTTP status, when the upstream sent one.
    public var status: Int?
    /// True when another attempt could have followed but the deadline left no time for it.
    public var endedByDeadline = false

    public init(_ kind: Kind, _ message: String, status: Int? = nil) {
        self.kind = kind
        self.message = message
        self.status = status
    }

    /// A snake_case code such as `upstream_timeout`, for metrics labels and JSON errors.
    public var code: String {
        switch kind {
        case .connection: "upstream_connection"
        case .timeout: "upstream_timeout"
        case .status: "upstream_status"
        case .invalidReply: "upstream_invalid_reply"
        case .truncated: "upstream_truncated"
        case .emptyContent: "upstream_empty_content"
        case .replyTooLarge: "upstream_reply_too_large"
        }
    }

    public var description: String { message }
}
