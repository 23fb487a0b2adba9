import Testing
import Upstream
import UpstreamStub

@Suite struct UpstreamRetryTests {
    @Test func waitsRetryAfterThenSucceeds() async throws {
        let stub = try await UpstreamStub()
        let harness = ClientHarness(url: stub.baseURL) { $0.retryMaxSeconds = 5 }
        try stub.script(["429", "ok"])

        let start = ContinuousClock.now
        let completion = try await harness.client.complete(Conversation.generation, deadline: nil, requestID: nil)

        #expect(completion.attempts == 2)
        #expect(secondsSince(start) >= 0.95)
        #expect(harness.attempts.outcomes == ["upstream_status", "ok"])
    }

    /// A `Retry-After` that ends past the deadline stops the call, and the error records that the deadline ended it.
    @Test func retryPastTheDeadlineMarksTheError() async throws {
        let stub = try await UpstreamStub()
        let harness = ClientHarness(url: stub.baseURL) { $0.retryMaxSeconds = 5 }
        try stub.script(["429", "ok"])

        let error = try #require(await harness.failure(deadline: .now + .milliseconds(500)))

        #expect(error.status == 429)
        #expect(error.endedByDeadline)
    }

    @Test func exhaustedRetriesLeaveTheDeadlineOut() async throws {
        let stub = try await UpstreamStub(mode: "500")
        let harness = ClientHarness(url: stub.baseURL) { $0.maxRetries = 1 }

        let error = try #require(await harness.failure(deadline: .now + .seconds(30)))

        #expect(!error.endedByDeadline)
    }

    @Test func capsRetryAfterAtRetryMax() async throws {
        let stub = try await UpstreamStub()
        let harness = ClientHarness(url: stub.baseURL) { $0.retryMaxSeconds = 0.05 }
        try stub.script(["429", "ok"])

        let completion = try await harness.client.complete(Conversation.generation, deadline: nil, requestID: nil)

        #expect(completion.attempts == 2)
        let retry = try #require(harness.logs.capturedLines.first { $0.contains("retrying upstream call") })
        #expect(logfmtValue(retry, "upstream.wait_ms") == "50")
    }

    @Test func retriesServerErrorThenSucceeds() async throws {
        let stub = try await UpstreamStub()
        let harness = ClientHarness(url: stub.baseURL)
        try stub.script(["500", "ok"])

        let completion = try await harness.client.complete(Conversation.generation, deadline: nil, requestID: nil)

        #expect(completion.attempts == 2)
        #expect(harness.attempts.willRetry == [true, false])
    }

    @Test func givesUpAfterMaxRetries() async throws {
        let stub = try await UpstreamStub(mode: "500")
        let harness = ClientHarness(url: stub.baseURL) { $0.maxRetries = 3 }

        let error = try #require(await harness.failure())

        #expect(error.kind == .status)
        #expect(error.status == 500)
        #expect(
            error.message
                == "4 attempts failed, the last with: the upstream returned status 500: The server had an error while "
                + "processing your request.")
        #expect(try stub.requests().count == 4)
        #expect(harness.attempts.willRetry == [true, true, true, false])
    }

    @Test func doesNotRetryClientError() async throws {
        let stub = try await UpstreamStub(mode: "401")
        let harness = ClientHarness(url: stub.baseURL)

        let error = try #require(await harness.failure())

        #expect(error.kind == .status)
        #expect(error.status == 401)
        #expect(try stub.requests().count == 1)
    }

    @Test func retriesConnectionClosedMidReply() async throws {
        let stub = try await UpstreamStub(mode: "close_mid_reply")
        let harness = ClientHarness(url: stub.baseURL)

        let error = try #require(await harness.failure())

        #expect(error.kind == .connection)
        #expect(try stub.requests().count == 3)
        #expect(harness.attempts.outcomes == Array(repeating: "upstream_connection", count: 3))
    }

    @Test func retriesRefusedConnection() async throws {
        let harness = ClientHarness(url: "http://127.0.0.1:\(try closedLoopbackPort())/v1")

        let error = try #require(await harness.failure())

        #expect(error.kind == .connection)
        #expect(harness.attempts.outcomes == Array(repeating: "upstream_connection", count: 3))
        #expect(harness.attempts.willRetry == [true, true, false])
    }

    @Test func stopsWhenWaitPassesDeadline() async throws {
        let stub = try await UpstreamStub(mode: "429")
        let harness = ClientHarness(url: stub.baseURL) { $0.retryMaxSeconds = 5 }

        let start = ContinuousClock.now
        let error = try #require(await harness.failure(deadline: start + .milliseconds(400)))

        // The 1 s Retry-After wait would end after the deadline, so the client keeps the 429 and stops at once.
        #expect(error.kind == .status)
        #expect(error.status == 429)
        #expect(secondsSince(start) < 0.4 + harness.client.configuration.timeoutSeconds)
        #expect(try stub.requests().count == 1)
        let failed = try #require(harness.logs.capturedLines.first { $0.contains("upstream call failed") })
        #expect(failed.contains("upstream.stop_reason=deadline"))
    }
}
