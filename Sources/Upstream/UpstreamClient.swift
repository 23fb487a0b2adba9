import CCurl
import Foundation
import Logging

/// An OpenAI-compatible chat completions client on libcurl.
public final class UpstreamClient: ChatCompleting {
    /// One HTTP attempt's outcome, for metrics: `ok` or an `UpstreamError` code.
    public struct Attempt: Sendable {
        public var outcome: String
        public var seconds: Double
        public var willRetry: Bool
    }

    public let configuration: Configuration
    let logger: Logger
    let observer: @Sendable (Attempt) -> Void

    public init(
        configuration: Configuration, logger: Logger, observer: @escaping @Sendable (Attempt) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.observer = observer
    }

    public func complete(_ messages: [ChatMessage], deadline: ContinuousClock.Instant?, requestID: String?)
        async throws(UpstreamError) -> ChatCompletion
    {
        // Filled in by the libcurl implementation on the upstream-client branch.
        throw UpstreamError(.connection, "the upstream client is not built yet")
    }
}
