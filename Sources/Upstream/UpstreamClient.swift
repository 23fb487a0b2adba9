import Foundation
import Logging

/// An OpenAI-compatible chat completions client on libcurl.
///
/// Each call sends `POST {url}/chat/completions`, retries connection errors, timeouts, 429 and 5xx with back-off,
/// and checks the reply before returning its content. Every HTTP attempt uses a fresh libcurl easy handle on a
/// thread of its own, so a slow upstream never occupies a thread of Swift's cooperative pool.
public final class UpstreamClient: ChatCompleting {
    /// One HTTP attempt's outcome, for metrics: `ok` or an `UpstreamError` code.
    public struct Attempt: Sendable {
        /// `ok`, or the `code` of the attempt's `UpstreamError`, such as `upstream_timeout`.
        public var outcome: String
        /// Duration of the attempt, from the request to the whole reply or the failure.
        public var seconds: Double
        /// True when the client makes another attempt after this one.
        public var willRetry: Bool

        public init(outcome: String, seconds: Double, willRetry: Bool) {
            self.outcome = outcome
            self.seconds = seconds
            self.willRetry = willRetry
        }
    }

    public let configuration: Configuration
    let logger: Logger
    let observer: @Sendable (Attempt) -> Void

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - configuration: Where the upstream is and how hard to try; call `validate()` on it first.
    ///   - logger: Receives one line per finished call, retry and failure, never the API key or the messages.
    ///   - observer: Called once per HTTP attempt, on the calling task, for metrics.
    public init(
        configuration: Configuration, logger: Logger, observer: @escaping @Sendable (Attempt) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.observer = observer
    }

    /// Runs `curl_global_init` now, so a service does it once at start-up rather than on its first call.
    ///
    /// - Returns: False when libcurl failed to initialise; every call then fails with a connection error.
    @discardableResult
    public static func initializeLibrary() -> Bool {
        CurlEasyTransfer.initializeLibrary()
    }

    public func complete(_ messages: [ChatMessage], deadline: ContinuousClock.Instant?, requestID: String?)
        async throws(UpstreamError) -> ChatCompletion
    {
        var callLogger = logger
        if let requestID {
            callLogger[metadataKey: "request.id"] = requestID
        }
        var call = CallProgress(started: ContinuousClock.now)

        do throws(UpstreamError) {
            let body = try ChatCompletionRequest(
                model: configuration.model, messages: messages, maxTokens: configuration.maxTokens,
                temperature: configuration.temperature
            ).encoded()
            let completion = try await attemptUntilDone(
                body, prompt: messages.map(\.content), deadline: deadline, call: &call, logger: callLogger)
            callLogger.log(.info, "upstream call finished", call.metadata(outcome: "ok", status: 200))
            return completion
        } catch {
            var metadata = call.metadata(outcome: error.code, status: error.status)
            metadata["error"] = .string(error.message)
            if let stopReason = call.stopReason {
                metadata["upstream.stop_reason"] = .string(stopReason)
            }
            callLogger.log(.warning, "upstream call failed", metadata)
            throw error
        }
    }

    /// Makes attempts until one succeeds or the retry decision stops the call.
    private func attemptUntilDone(
        _ body: String, prompt: [String], deadline: ContinuousClock.Instant?, call: inout CallProgress, logger: Logger
    ) async throws(UpstreamError) -> ChatCompletion {
        while true {
            let timeout = try attemptTimeoutMilliseconds(deadline, attempt: call.attempt)
            let attemptStarted = ContinuousClock.now
            let result = await send(body, prompt: prompt, timeoutMilliseconds: timeout)
            let seconds = Self.seconds(ContinuousClock.now - attemptStarted)

            switch result {
            case .success(let reply):
                observer(Attempt(outcome: "ok", seconds: seconds, willRetry: false))
                return ChatCompletion(content: reply.content, model: reply.model, attempts: call.attempt)
            case .failure(let failure):
                let decision = retryDecision(after: failure, attempt: call.attempt, deadline: deadline)
                observer(Attempt(outcome: failure.error.code, seconds: seconds, willRetry: decision.isRetry))
                guard case .retry(let wait) = decision else {
                    call.stopReason = decision.stopReason
                    // The message is the last attempt's, so the count of failed attempts goes in front of it.
                    var error = failure.error
                    error.endedByDeadline = decision == .stop(reason: "deadline")
                    if call.attempt > 1 {
                        error.message = "\(call.attempt) attempts failed, the last with: \(error.message)"
                    }
                    throw error
                }
                try await waitBeforeRetry(wait, after: failure, call: call, logger: logger)
                call.attempt += 1
            }
        }
    }

    /// Logs the retry and sleeps for `wait` seconds.
    ///
    /// - Throws: The failure's error when the task is cancelled during the wait.
    private func waitBeforeRetry(_ wait: Double, after failure: AttemptFailure, call: CallProgress, logger: Logger)
        async throws(UpstreamError)
    {
        var metadata = call.metadata(outcome: failure.error.code, status: failure.error.status)
        metadata["upstream.wait_ms"] = .integer(Self.milliseconds(wait))
        metadata["error"] = .string(failure.error.message)
        logger.log(.warning, "retrying upstream call", metadata)

        do {
            try await Task.sleep(for: .seconds(wait))
        } catch {
            throw failure.error
        }
    }

    /// Returns the timeout of the next attempt: `timeoutSeconds`, clipped to the time left before `deadline`.
    ///
    /// - Throws: `.timeout` when no time is left.
    private func attemptTimeoutMilliseconds(_ deadline: ContinuousClock.Instant?, attempt: Int) throws(UpstreamError)
        -> Int
    {
        var seconds = configuration.timeoutSeconds
        if let deadline {
            seconds = min(seconds, Self.seconds(deadline - ContinuousClock.now))
        }
        // libcurl reads a timeout of 0 as no timeout at all, so less than a millisecond left counts as none.
        let milliseconds = Self.milliseconds(seconds)
        guard milliseconds >= 1 else {
            throw UpstreamError(.timeout, "the deadline passed before upstream attempt \(attempt) could start")
        }
        return milliseconds
    }

    /// Converts seconds to whole milliseconds, rounded down and clamped to `0...Int32.max`, so that a value past
    /// `Configuration.validate()`'s limits cannot overflow.
    static func milliseconds(_ seconds: Double) -> Int {
        let milliseconds = (seconds * 1000).rounded(.down)
        guard milliseconds.isFinite else { return milliseconds > 0 ? Int(Int32.max) : 0 }
        return Int(min(max(milliseconds, 0), Double(Int32.max)))
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}

/// The state of one `complete` call that its log lines report.
private struct CallProgress {
    let started: ContinuousClock.Instant
    /// The number of the current attempt, 1 for the first.
    var attempt = 1
    /// The reason the client stopped retrying, once it has.
    var stopReason: String?

    init(started: ContinuousClock.Instant) {
        self.started = started
    }

    /// Returns the metadata of a log line about the current attempt, with the call's duration so far.
    func metadata(outcome: String, status: Int?) -> [String: Logger.MetadataValue] {
        let milliseconds = UpstreamClient.seconds(ContinuousClock.now - started) * 1000
        var metadata: [String: Logger.MetadataValue] = [
            "upstream.attempt": .integer(attempt),
            "upstream.outcome": .string(outcome),
            "duration_ms": .integer(Int(milliseconds.rounded())),
        ]
        if let status {
            metadata["upstream.status"] = .integer(status)
        }
        return metadata
    }
}
