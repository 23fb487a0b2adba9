import Testing
import Upstream
import UpstreamStub

@Suite struct UpstreamTimeoutTests {
    @Test func timesOutSlowReply() async throws {
        let stub = try await UpstreamStub(mode: "slow", delay: 5)
        let harness = ClientHarness(url: stub.baseURL) {
            $0.timeoutSeconds = 0.3
            $0.maxRetries = 0
        }

        let start = ContinuousClock.now
        let error = try #require(await harness.failure())

        #expect(error.kind == .timeout)
        // libcurl counts the timeout in whole milliseconds on its own clock, so it can end a little early.
        #expect(secondsSince(start) >= 0.29)
        #expect(secondsSince(start) < 2.5)
    }

    @Test func clipsAttemptToDeadline() async throws {
        let stub = try await UpstreamStub(mode: "slow", delay: 5)
        let harness = ClientHarness(url: stub.baseURL) { $0.timeoutSeconds = 10 }

        let start = ContinuousClock.now
        let error = try #require(await harness.failure(deadline: start + .milliseconds(300)))

        #expect(error.kind == .timeout)
        #expect(secondsSince(start) < 2.5)
        #expect(try stub.requests().count == 1)
    }

    @Test func failsWhenDeadlineHasPassed() async throws {
        let stub = try await UpstreamStub()
        let harness = ClientHarness(url: stub.baseURL)

        let error = try #require(await harness.failure(deadline: .now - .seconds(1)))

        #expect(error.kind == .timeout)
        #expect(try stub.requests().isEmpty)
        #expect(harness.attempts.outcomes.isEmpty)
    }

    @Test func cancellationEndsSlowCall() async throws {
        let stub = try await UpstreamStub(mode: "slow", delay: 8)
        let harness = ClientHarness(url: stub.baseURL) { $0.timeoutSeconds = 10 }

        let start = ContinuousClock.now
        let call = Task { await harness.failure() }
        try await Task.sleep(for: .milliseconds(200))
        call.cancel()
        let error = try #require(await call.value)

        // libcurl calls the progress callback about once a second while no data moves, so cancellation takes
        // up to about a second to reach the transfer.
        #expect(error.kind == .timeout)
        #expect(secondsSince(start) < 3)
        #expect(harness.attempts.willRetry == [false])
    }
}
