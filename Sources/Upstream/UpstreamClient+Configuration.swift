extension UpstreamClient {
    /// Where the upstream is and how hard to try; every field has a default.
    public struct Configuration: Sendable, Codable, Equatable {
        /// Base URL ending before `/chat/completions`, such as `http://127.0.0.1:9000/v1`; empty for none.
        public var url = ""
        /// The `model` field of each request.
        public var model = "gpt-4o-mini"
        /// Sent as `Authorization: Bearer`; read from `REFINER_UPSTREAM_API_KEY`, never from a file.
        public var apiKey: String?
        /// Default: 2 seconds.
        public var connectTimeoutSeconds = 2.0
        /// Whole-attempt timeout, connect included. Default: 30 seconds.
        public var timeoutSeconds = 30.0
        /// Attempts after the first, on connection errors, timeouts, 429 and 5xx. Default: 2.
        public var maxRetries = 2
        /// First back-off; each retry doubles it, with full jitter. Default: 0.25 seconds.
        public var retryBaseSeconds = 0.25
        /// Longest back-off or `Retry-After` wait honoured. Default: 10 seconds.
        public var retryMaxSeconds = 10.0
        /// Largest reply body read. Default: 1,048,576 bytes.
        public var maxReplyBytes = 1_048_576
        /// `max_tokens` of each request. Default: 512.
        public var maxTokens = 512
        /// `temperature` of each request. Default: 0.
        public var temperature = 0.0

        public init() {}

        /// True when a URL is set.
        public var isConfigured: Bool { !url.isEmpty }

        enum CodingKeys: String, CodingKey {
            case url, model, connectTimeoutSeconds, timeoutSeconds, maxRetries, retryBaseSeconds, retryMaxSeconds
            case maxReplyBytes, maxTokens, temperature
        }
    }
}
