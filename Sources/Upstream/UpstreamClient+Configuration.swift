import Foundation

extension UpstreamClient {
    /// The upstream's address, timeouts, retry policy and request limits; every field has a default.
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
        /// Maximum back-off or `Retry-After` wait honoured. Default: 10 seconds.
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

// Decoding that keeps the default of every key the `upstream` section leaves out, so a file may set only the
// values it changes. `apiKey` is not a coding key, so a file can never hold it.

extension KeyedDecodingContainer {
    fileprivate func value<Value: Decodable>(_ key: Key, or fallback: Value) throws -> Value {
        try decodeIfPresent(Value.self, forKey: key) ?? fallback
    }
}

extension UpstreamClient.Configuration {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        url = try container.value(.url, or: defaults.url)
        model = try container.value(.model, or: defaults.model)
        connectTimeoutSeconds = try container.value(.connectTimeoutSeconds, or: defaults.connectTimeoutSeconds)
        timeoutSeconds = try container.value(.timeoutSeconds, or: defaults.timeoutSeconds)
        maxRetries = try container.value(.maxRetries, or: defaults.maxRetries)
        retryBaseSeconds = try container.value(.retryBaseSeconds, or: defaults.retryBaseSeconds)
        retryMaxSeconds = try container.value(.retryMaxSeconds, or: defaults.retryMaxSeconds)
        maxReplyBytes = try container.value(.maxReplyBytes, or: defaults.maxReplyBytes)
        maxTokens = try container.value(.maxTokens, or: defaults.maxTokens)
        temperature = try container.value(.temperature, or: defaults.temperature)
    }

    /// Checks every field, so a bad value stops the service at start instead of failing each upstream call.
    ///
    /// An empty `url` is valid and means no upstream is configured.
    ///
    /// - Throws: `UpstreamConfigurationError` naming the first invalid field, its value and the allowed range.
    public func validate() throws(UpstreamConfigurationError) {
        if isConfigured {
            try validateURL()
        }
        if model.trimmingCharacters(in: .whitespaces).isEmpty {
            throw UpstreamConfigurationError(field: "model", problem: "must not be empty")
        }
        // A key outside printable ASCII could come back from an upstream in another encoding, where redaction
        // would not find it. The key itself is left out of the message, so the error is safe to log.
        if let apiKey, apiKey.isEmpty || !apiKey.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) {
            throw UpstreamConfigurationError(
                field: "apiKey", problem: "must be printable ASCII without spaces, as bearer tokens are")
        }

        try requireSeconds(connectTimeoutSeconds, "connectTimeoutSeconds")
        try requireSeconds(timeoutSeconds, "timeoutSeconds")
        try requireSeconds(retryMaxSeconds, "retryMaxSeconds")
        try requireSeconds(retryBaseSeconds, "retryBaseSeconds", allowsZero: true)
        if maxRetries < 0 {
            throw UpstreamConfigurationError(field: "maxRetries", problem: "must be 0 or more, got \(maxRetries)")
        }
        if maxReplyBytes <= 0 {
            throw UpstreamConfigurationError(field: "maxReplyBytes", problem: "must be positive, got \(maxReplyBytes)")
        }
        if maxTokens <= 0 {
            throw UpstreamConfigurationError(field: "maxTokens", problem: "must be positive, got \(maxTokens)")
        }
        if !(temperature.isFinite && (0...2).contains(temperature)) {
            throw UpstreamConfigurationError(field: "temperature", problem: "must be from 0 to 2, got \(temperature)")
        }
    }

    // The messages leave the URL out, because a URL with credentials would otherwise reach the service's log.
    private func validateURL() throws(UpstreamConfigurationError) {
        guard url.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw UpstreamConfigurationError(
                field: "url", problem: "must not contain spaces, control characters or non-ASCII characters")
        }
        guard let components = URLComponents(string: url) else {
            throw UpstreamConfigurationError(field: "url", problem: "is not a valid URL")
        }
        if let port = components.port, !(1...65_535).contains(port) {
            throw UpstreamConfigurationError(field: "url", problem: "has port \(port); use a port from 1 to 65535")
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            let scheme = components.scheme.map { "scheme \($0)" } ?? "no scheme"
            throw UpstreamConfigurationError(field: "url", problem: "must be an http or https URL, got \(scheme)")
        }
        if components.user != nil || components.password != nil {
            throw UpstreamConfigurationError(
                field: "url", problem: "must not contain credentials; set REFINER_UPSTREAM_API_KEY instead")
        }
        guard let host = components.host, !host.isEmpty else {
            throw UpstreamConfigurationError(field: "url", problem: "has no host")
        }
        if components.path.hasSuffix("/chat/completions") {
            throw UpstreamConfigurationError(
                field: "url", problem: "must end before /chat/completions, which the client appends")
        }
        if components.query != nil || components.fragment != nil {
            throw UpstreamConfigurationError(field: "url", problem: "must not have a query or fragment")
        }
    }

    /// Largest value of a timeout or back-off field: one day, far past any useful wait, and small enough that its
    /// milliseconds fit libcurl's options.
    static let maxSeconds = 86_400.0

    // NaN fails both comparisons, and infinity the upper bound.
    private func requireSeconds(_ seconds: Double, _ field: String, allowsZero: Bool = false)
        throws(UpstreamConfigurationError)
    {
        let aboveMinimum = allowsZero ? seconds >= 0 : seconds > 0
        guard !(aboveMinimum && seconds <= Self.maxSeconds) else { return }

        let range = allowsZero ? "from 0 to" : "more than 0 and at most"
        throw UpstreamConfigurationError(
            field: field, problem: "must be \(range) \(Int(Self.maxSeconds)) seconds, got \(seconds)")
    }
}
