/// One chat request that the upstream stub received.
public struct RecordedRequest: Decodable, Sendable {
    /// The request target, such as `/v1/chat/completions`.
    public var path: String
    /// Header fields by lowercase name; a repeated field keeps its last value.
    public var headers: [String: String]
    /// The decoded body, or nil when the body was not a JSON object.
    public var body: Body?
    /// The body as received, decoded as UTF-8.
    public var rawBody: String

    /// The fields of a chat completion request body that tests read; a missing field is nil.
    public struct Body: Decodable, Sendable {
        public var model: String?
        public var messages: [Message]?
        public var maxTokens: Int?
        public var temperature: Double?

        enum CodingKeys: String, CodingKey {
            case model, messages
            case maxTokens = "max_tokens"
            case temperature
        }
    }

    public struct Message: Decodable, Sendable {
        public var role: String?
        public var content: String?
    }

    enum CodingKeys: String, CodingKey {
        case path, headers, body
        case rawBody = "raw_body"
    }

    /// Returns the value of the header field `name`, in any case, or nil when the request did not have it.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }
}

/// The body of `GET /stub/requests`.
struct RecordedRequests: Decodable {
    var requests: [RecordedRequest]
}
