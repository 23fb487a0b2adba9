import Foundation

/// The cause of one failed HTTP attempt, and whether another attempt may succeed.
struct AttemptFailure: Error, Sendable {
    var error: UpstreamError
    /// True for connection errors, timeouts, 429 and 5xx; false for replies that another attempt would repeat.
    var isRetryable: Bool
    /// Seconds the upstream asked to wait through `Retry-After`.
    var retryAfterSeconds: Double?

    static func retryable(_ kind: UpstreamError.Kind, _ message: String) -> AttemptFailure {
        AttemptFailure(error: UpstreamError(kind, message), isRetryable: true)
    }

    static func final(_ kind: UpstreamError.Kind, _ message: String) -> AttemptFailure {
        AttemptFailure(error: UpstreamError(kind, message), isRetryable: false)
    }
}

extension UpstreamClient {
    /// The client's next step after a failed attempt.
    enum RetryDecision: Equatable {
        case retry(afterSeconds: Double)
        /// Give up; the reason goes to the log line.
        case stop(reason: String)

        var isRetry: Bool {
            if case .retry = self { true } else { false }
        }

        var stopReason: String? {
            if case .stop(let reason) = self { reason } else { nil }
        }
    }

    /// Decides whether to retry after failed attempt number `attempt` (1 for the first), and how long to wait.
    ///
    /// The wait is the upstream's `Retry-After` when it sent one, else an exponential back-off with full jitter;
    /// both are capped by `retryMaxSeconds`. A wait that would end at or after `deadline` stops the call instead.
    func retryDecision(after failure: AttemptFailure, attempt: Int, deadline: ContinuousClock.Instant?)
        -> RetryDecision
    {
        guard failure.isRetryable else { return .stop(reason: "not retryable") }
        guard attempt <= configuration.maxRetries else { return .stop(reason: "retries exhausted") }
        guard !Task.isCancelled else { return .stop(reason: "cancelled") }

        let wait =
            failure.retryAfterSeconds.map { min($0, configuration.retryMaxSeconds) }
            ?? backoffSeconds(retry: attempt - 1)
        if let deadline, ContinuousClock.now + .seconds(wait) >= deadline {
            return .stop(reason: "deadline")
        }
        return .retry(afterSeconds: wait)
    }

    /// Returns a random wait in `0...min(retryMaxSeconds, retryBaseSeconds * 2^retry)`, where `retry` counts from 0.
    func backoffSeconds(retry: Int) -> Double {
        let ceiling = min(configuration.retryMaxSeconds, configuration.retryBaseSeconds * pow(2, Double(retry)))
        return ceiling > 0 ? Double.random(in: 0...ceiling) : 0
    }
}

/// Parses a `Retry-After` field value: delta seconds such as `120`, or an HTTP date such as
/// `Wed, 21 Oct 2015 07:28:00 GMT`.
///
/// - Returns: Seconds from `now`, 0 for a date in the past, or nil for a value that is neither form.
func retryAfterSeconds(_ value: String, now: Date = Date()) -> Double? {
    let trimmed = value.trimmingCharacters(in: .whitespaces)
    if let seconds = Double(trimmed), seconds.isFinite, seconds >= 0 {
        return seconds
    }

    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
    guard let date = formatter.date(from: trimmed) else { return nil }
    return max(0, date.timeIntervalSince(now))
}
