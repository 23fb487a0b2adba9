import Testing
import Upstream
import UpstreamStub

@Suite struct UpstreamReplyTests {
    @Test func returnsContentOfOkReply() async throws {
        let stub = try await UpstreamStub()
        let harness = ClientHarness(url: stub.baseURL)

        let completion = try await harness.client.complete(Conversation.generation, deadline: nil, requestID: nil)

        #expect(completion.content == Conversation.bestSentence + " It was founded in 1875.")
        #expect(completion.model == "test-model")
        #expect(completion.attempts == 1)
        #expect(harness.attempts.outcomes == ["ok"])
    }

    @Test func sendsHeaderFields() async throws {
        let stub = try await UpstreamStub()
        let harness = ClientHarness(url: stub.baseURL)

        _ = try await harness.client.complete(Conversation.generation, deadline: nil, requestID: nil)

        let request = try #require(try stub.requests().first)
        #expect(request.header("Authorization") == "Bearer \(ClientHarness.apiKey)")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("Accept") == "application/json")
    }

    @Test func sendsNoExpectForLargeBody() async throws {
        let stub = try await UpstreamStub()
        let harness = ClientHarness(url: stub.baseURL)
        // libcurl 7.88 adds `Expect: 100-continue` to a POST body over 1 MiB unless the client overrides it.
        let padding = String(repeating: " Be brief.", count: 110_000)
        let messages = [ChatMessage.system("Answer from the passages." + padding), Conversation.generation[1]]

        _ = try await harness.client.complete(messages, deadline: nil, requestID: nil)

        let request = try #require(try stub.requests().first)
        #expect(request.rawBody.utf8.count > 1_048_576)
        #expect(request.header("Expect") == nil)
    }

    @Test func omitsAuthorizationWithoutKey() async throws {
        let stub = try await UpstreamStub()
        let harness = ClientHarness(url: stub.baseURL) { $0.apiKey = nil }

        _ = try await harness.client.complete(Conversation.generation, deadline: nil, requestID: nil)

        let request = try #require(try stub.requests().first)
        #expect(request.header("Authorization") == nil)
    }

    @Test func sendsModelMessagesAndLimits() async throws {
        let stub = try await UpstreamStub()
        let harness = ClientHarness(url: stub.baseURL + "/") {
            $0.maxTokens = 64
            $0.temperature = 0.5
        }

        _ = try await harness.client.complete(Conversation.generation, deadline: nil, requestID: nil)

        let request = try #require(try stub.requests().first)
        #expect(request.path == "/v1/chat/completions")
        let body = try #require(request.body)
        #expect(body.model == "test-model")
        #expect(body.maxTokens == 64)
        #expect(body.temperature == 0.5)
        #expect(body.messages?.map(\.role) == ["system", "user"])
        #expect(body.messages?.map(\.content) == Conversation.generation.map(\.content))
    }

    @Test(arguments: [
        ("truncated_json", UpstreamError.Kind.invalidReply),
        ("wrong_content_type", .invalidReply),
        ("length", .truncated),
        ("no_content", .emptyContent),
        ("invisible_content", .emptyContent),
        ("content_filter", .truncated),
        // JSONSerialization keeps the last of two keys; request bodies reject them, and so do replies.
        ("duplicate_content", .invalidReply),
    ])
    func rejectsUnusableReplyWithoutRetry(mode: String, kind: UpstreamError.Kind) async throws {
        let stub = try await UpstreamStub(mode: mode)
        let harness = ClientHarness(url: stub.baseURL)

        let error = try #require(await harness.failure())

        #expect(error.kind == kind)
        #expect(try stub.requests().count == 1)
        #expect(harness.attempts.willRetry == [false])
    }

    @Test func namesCauseOfInvalidReply() async throws {
        let stub = try await UpstreamStub()
        let harness = ClientHarness(url: stub.baseURL)

        try stub.script(["truncated_json", "wrong_content_type"])
        let notJSON = try #require(await harness.failure())
        let wrongType = try #require(await harness.failure())

        #expect(notJSON.message.hasPrefix("reply is not JSON: "))
        #expect(wrongType.message == "reply has Content-Type text/html; charset=utf-8; expected application/json")
    }

    @Test func dropsControlCharactersFromContent() async throws {
        let stub = try await UpstreamStub(mode: "control_characters")
        let harness = ClientHarness(url: stub.baseURL)

        let completion = try await harness.client.complete(Conversation.generation, deadline: nil, requestID: nil)

        #expect(completion.content == Conversation.bestSentence + " It was founded in 1875.")
        #expect(!completion.content.unicodeScalars.contains { $0.value == 0 || $0.value == 7 || $0.value == 0x1B })
        #expect(!completion.content.contains("[31m"))
    }

    @Test func rejectsReplyOverLimit() async throws {
        let stub = try await UpstreamStub()
        let harness = ClientHarness(url: stub.baseURL) { $0.maxReplyBytes = 100 }

        let error = try #require(await harness.failure())

        #expect(error.kind == .replyTooLarge)
        #expect(error.message.contains("100 bytes"))
        #expect(try stub.requests().count == 1)
    }
}
