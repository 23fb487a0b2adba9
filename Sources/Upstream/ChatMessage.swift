/// One message of an OpenAI-compatible chat conversation.
public struct ChatMessage: Sendable, Codable, Equatable {
    public enum Role: String, Sendable, Codable {
        case system
        case user
        case assistant
    }

    public var role: Role
    public var content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }

    public static func system(_ content: String) -> ChatMessage { ChatMessage(role: .system, content: content) }
    public static func user(_ content: String) -> ChatMessage { ChatMessage(role: .user, content: content) }
}

/// The upstream's reply to one chat completion request, after any retries.
public struct ChatCompletion: Sendable, Equatable {
    /// The assistant message's text; never empty.
    public var content: String
    /// The model named in the reply, when the reply names one.
    public var model: String?
    /// HTTP attempts made, 1 when the first succeeded.
    public var attempts: Int

    public init(content: String, model: String?, attempts: Int) {
        self.content = content
        self.model = model
        self.attempts = attempts
    }
}

/// Anything that answers chat completion requests: the libcurl client, or a test double in unit tests.
public protocol ChatCompleting: Sendable {
    /// Sends the messages and returns the assistant's reply.
    ///
    /// - Parameters:
    ///   - messages: The conversation, system message first.
    ///   - deadline: No attempt starts after it, and none runs past it by more than one attempt's timeout.
    ///   - requestID: The request id of the caller, for log lines.
    /// - Throws: `UpstreamError` with the cause when no attempt gave a usable reply.
    func complete(_ messages: [ChatMessage], deadline: ContinuousClock.Instant?, requestID: String?)
        async throws(UpstreamError) -> ChatCompletion
}
