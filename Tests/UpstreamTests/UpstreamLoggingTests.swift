import Testing
import Upstream
import UpstreamStub

@Suite struct UpstreamLoggingTests {
    @Test func keepsKeyOutOfLogsAndErrors() async throws {
        let stub = try await UpstreamStub()
        let harness = ClientHarness(url: stub.baseURL)
        try stub.script(["500", "ok", "401", "truncated_json"])

        _ = try await harness.client.complete(Conversation.generation, deadline: nil, requestID: "req-1")
        let unauthorized = try #require(await harness.failure())
        let invalid = try #require(await harness.failure())

        // The stub's 401 repeats the bearer token, as a careless upstream might.
        #expect(unauthorized.message.contains("[redacted]"))
        #expect(!unauthorized.message.contains(ClientHarness.apiKey))
        #expect(!invalid.message.contains(ClientHarness.apiKey))
        #expect(!harness.logs.capturedLines.isEmpty)
        for line in harness.logs.capturedLines {
            #expect(!line.contains(ClientHarness.apiKey))
        }
    }

    @Test func keepsMessagesOutOfLogs() async throws {
        let stub = try await UpstreamStub()
        let harness = ClientHarness(url: stub.baseURL)
        try stub.script(["500", "ok"])

        _ = try await harness.client.complete(Conversation.generation, deadline: nil, requestID: "req-1")

        for line in harness.logs.capturedLines {
            #expect(!line.contains("Louvre"))
        }
    }

    /// A validating upstream may quote the request in its error, and that message reaches the log line.
    @Test func leavesOutErrorQuotingPrompt() async throws {
        let stub = try await UpstreamStub(mode: "400_echo")
        let harness = ClientHarness(url: stub.baseURL)

        let error = try #require(await harness.failure())

        #expect(error.status == 400)
        #expect(error.message.contains("quotes the prompt"))
        #expect(!error.message.contains("Louvre"))
        #expect(!harness.logs.capturedLines.isEmpty)
        for line in harness.logs.capturedLines {
            #expect(!line.contains("Louvre"))
        }
    }

    @Test func redactsKeyInAnyCase() async throws {
        let stub = try await UpstreamStub(mode: "401_upper")
        let harness = ClientHarness(url: stub.baseURL)

        let error = try #require(await harness.failure())

        #expect(error.message.contains("[redacted]"))
        #expect(!error.message.lowercased().contains(ClientHarness.apiKey.lowercased()))
        for line in harness.logs.capturedLines {
            #expect(!line.lowercased().contains(ClientHarness.apiKey.lowercased()))
        }
    }

    @Test func logsRetryWithWait() async throws {
        let stub = try await UpstreamStub()
        let harness = ClientHarness(url: stub.baseURL)
        try stub.script(["500", "ok"])

        _ = try await harness.client.complete(Conversation.generation, deadline: nil, requestID: "req-1")

        let retry = try #require(harness.logs.capturedLines.first { $0.contains("retrying upstream call") })
        #expect(retry.contains("level=warning"))
        #expect(retry.contains("upstream.attempt=1"))
        #expect(retry.contains("upstream.status=500"))
        #expect(retry.contains("upstream.outcome=upstream_status"))
        #expect(retry.contains("upstream.wait_ms="))
        #expect(retry.contains("request.id=req-1"))
    }

    @Test func logsFinishedCall() async throws {
        let stub = try await UpstreamStub()
        let harness = ClientHarness(url: stub.baseURL)
        try stub.script(["500", "ok"])

        _ = try await harness.client.complete(Conversation.generation, deadline: nil, requestID: "req-1")

        let finished = try #require(harness.logs.capturedLines.first { $0.contains("upstream call finished") })
        #expect(finished.contains("upstream.attempt=2"))
        #expect(finished.contains("upstream.outcome=ok"))
        #expect(finished.contains("upstream.status=200"))
        #expect(finished.contains("duration_ms="))
        #expect(finished.contains("request.id=req-1"))
    }

    @Test func logsFailedCallWithStopReason() async throws {
        let stub = try await UpstreamStub(mode: "500")
        let harness = ClientHarness(url: stub.baseURL) { $0.maxRetries = 1 }

        _ = try #require(await harness.failure(requestID: "req-2"))

        let failed = try #require(harness.logs.capturedLines.first { $0.contains("upstream call failed") })
        #expect(failed.contains("level=warning"))
        #expect(failed.contains("upstream.attempt=2"))
        #expect(failed.contains("upstream.status=500"))
        #expect(failed.contains("upstream.stop_reason=\"retries exhausted\""))
        #expect(failed.contains("request.id=req-2"))
    }
}
