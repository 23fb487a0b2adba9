/// One HTTP POST for `CurlEasyTransfer`: where to send it, what, and the limits of the attempt.
struct TransferRequest: Sendable {
    var url: String
    /// Header lines such as `Content-Type: application/json`, sent as written.
    var headerLines: [String]
    var body: String
    var connectTimeoutMilliseconds: Int
    /// Whole-transfer timeout, connect included.
    var timeoutMilliseconds: Int
    /// Largest body accepted; a longer one aborts the transfer.
    var maxReplyBytes: Int
}

/// A complete HTTP reply, whatever its status.
struct TransferReply: Sendable {
    var status: Int
    /// The `Content-Type` field value, when the reply has one.
    var contentType: String?
    /// The `Retry-After` field value, when the reply has one.
    var retryAfter: String?
    var body: [UInt8]
}
