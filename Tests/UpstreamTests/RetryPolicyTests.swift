import Foundation
import Logging
import Testing

@testable import Upstream

@Suite struct RetryPolicyTests {
    private func client(base: Double, max: Double, retries: Int = 2) -> UpstreamClient {
        var configuration = UpstreamClient.Configuration()
        configuration.retryBaseSeconds = base
        configuration.retryMaxSeconds = max
        configuration.maxRetries = retries
        return UpstreamClient(configuration: configuration, logger: Logger(label: "test", level: .critical))
    }

    @Test(arguments: 0...6)
    func backoffStaysWithinJitterBound(retry: Int) {
        let client = client(base: 0.25, max: 10)
        let bound = min(10, 0.25 * pow(2, Double(retry)))

        let waits = (0..<200).map { _ in client.backoffSeconds(retry: retry) }

        #expect(waits.allSatisfy { $0 >= 0 })
        #expect(waits.allSatisfy { $0 <= bound })
        // Full jitter spreads the waits over the whole range instead of clustering them at the bound.
        #expect(waits.contains { $0 < bound / 2 })
        #expect(waits.contains { $0 >= bound / 2 })
    }

    @Test(
        arguments: [
            ("1", 1.0),
            (" 120 ", 120.0),
            ("0", 0.0),
            ("Thu, 01 Jan 1970 00:01:30 GMT", 30.0),
            ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0),
        ] as [(String, Double)])
    func parsesRetryAfter(value: String, seconds: Double) {
        let now = Date(timeIntervalSince1970: 60)

        #expect(retryAfterSeconds(value, now: now) == seconds)
    }

    @Test(arguments: ["-1", "soon", "", "nan", "Thursday, 01-Jan-70 00:01:30 GMT"])
    func rejectsMalformedRetryAfter(value: String) {
        #expect(retryAfterSeconds(value) == nil)
    }

    @Test func usesRetryAfterCappedAtMax() {
        let client = client(base: 0.01, max: 2)
        let failure = AttemptFailure(
            error: UpstreamError(.status, "status 429", status: 429), isRetryable: true, retryAfterSeconds: 30)

        #expect(client.retryDecision(after: failure, attempt: 1, deadline: nil) == .retry(afterSeconds: 2))
    }

    @Test func stopsAfterMaxRetries() {
        let client = client(base: 0.01, max: 2, retries: 2)
        let failure = AttemptFailure.retryable(.connection, "refused")

        #expect(client.retryDecision(after: failure, attempt: 2, deadline: nil).isRetry)
        #expect(client.retryDecision(after: failure, attempt: 3, deadline: nil) == .stop(reason: "retries exhausted"))
    }

    @Test func neverRetriesDeterministicFailure() {
        let client = client(base: 0.01, max: 2)
        let failure = AttemptFailure.final(.truncated, "cut off")

        #expect(client.retryDecision(after: failure, attempt: 1, deadline: nil) == .stop(reason: "not retryable"))
    }

    @Test func stopsWhenWaitEndsAfterDeadline() {
        let client = client(base: 0.01, max: 5)
        let failure = AttemptFailure(
            error: UpstreamError(.status, "status 503", status: 503), isRetryable: true, retryAfterSeconds: 1)

        let decision = client.retryDecision(after: failure, attempt: 1, deadline: .now + .milliseconds(500))

        #expect(decision == .stop(reason: "deadline"))
    }

    @Test func shortensLongErrorMessages() {
        let text = String(repeating: "word ", count: 100)

        let excerpt = ChatCompletionReply.excerpt(text, maxCharacters: 200)

        #expect(excerpt.count == 201)
        #expect(excerpt.hasSuffix("…"))
    }
}
