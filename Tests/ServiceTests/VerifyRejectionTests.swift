import Foundation
import Testing

/// A `/verify` request the service must reject, with the status and a word its message must contain.
struct RejectionCase: CustomTestStringConvertible, Sendable {
    let name: String
    let request: RawRequest
    let status: Int
    let code: String
    /// The field or part of the request that the message names.
    let field: String

    init(_ name: String, body: String, status: Int = 400, code: String = "invalid_request", field: String) {
        self.init(name, request: .json("/verify", Array(body.utf8)), status: status, code: code, field: field)
    }

    init(_ name: String, request: RawRequest, status: Int = 400, code: String, field: String) {
        self.name = name
        self.request = request
        self.status = status
        self.code = code
        self.field = field
    }

    var testDescription: String { name }
}

@Suite struct VerifyRejectionTests {
    static let cases: [RejectionCase] = [
        RejectionCase(
            "invalid JSON", body: #"{"contexts": ["a"], "answer": "b""#, code: "invalid_json", field: "request body"),
        RejectionCase("body not an object", body: #"["a", "b"]"#, code: "invalid_json", field: "request body"),
        RejectionCase("JSON string body", body: #""answer""#, code: "invalid_json", field: "request body"),
        RejectionCase("missing contexts", body: #"{"answer": "It rose."}"#, field: "contexts"),
        RejectionCase("null contexts", body: #"{"contexts": null, "answer": "It rose."}"#, field: "contexts"),
        RejectionCase("contexts not a list", body: #"{"contexts": "text", "answer": "It rose."}"#, field: "contexts"),
        RejectionCase("empty contexts", body: #"{"contexts": [], "answer": "It rose."}"#, field: "contexts"),
        RejectionCase(
            "empty context", body: #"{"contexts": ["Sales rose.", ""], "answer": "It rose."}"#, field: "contexts[1]"),
        RejectionCase("blank context", body: #"{"contexts": [" \n "], "answer": "It rose."}"#, field: "contexts[0]"),
        RejectionCase("context a number", body: #"{"contexts": [7], "answer": "It rose."}"#, field: "contexts[0]"),
        RejectionCase("missing answer", body: #"{"contexts": ["Sales rose."]}"#, field: "answer"),
        RejectionCase("answer a number", body: #"{"contexts": ["Sales rose."], "answer": 42}"#, field: "answer"),
        RejectionCase("answer a list", body: #"{"contexts": ["Sales rose."], "answer": ["a"]}"#, field: "answer"),
        RejectionCase("empty answer", body: #"{"contexts": ["Sales rose."], "answer": ""}"#, field: "answer"),
        RejectionCase(
            "answer of invisible characters", body: #"{"contexts": ["Sales rose."], "answer": "\u200b\u00a0\ufeff"}"#,
            field: "answer"),
        RejectionCase(
            "context of zero-width spaces", body: #"{"contexts": ["\u200b\u200b"], "answer": "It rose."}"#,
            field: "contexts[0]"),
        RejectionCase(
            "question a number", body: #"{"contexts": ["Sales rose."], "answer": "It rose.", "question": 1}"#,
            field: "question"),
        RejectionCase(
            "empty model", body: #"{"contexts": ["Sales rose."], "answer": "It rose.", "model": ""}"#, field: "model"),
        RejectionCase(
            "model a number", body: #"{"contexts": ["Sales rose."], "answer": "It rose.", "model": 1}"#,
            field: "model"),
        RejectionCase(
            "invalid UTF-8",
            request: .json(
                "/verify", Array(#"{"contexts": ["Sales rose."], "answer": ""#.utf8) + [0xFF, 0xFE, 0x22, 0x7D]),
            code: "invalid_json", field: "request body"),
        RejectionCase(
            "empty body", request: RawRequest("POST", "/verify", headers: ["Content-Type": "application/json"]),
            code: "invalid_json", field: "request body"),
        RejectionCase(
            "text/plain",
            request: RawRequest(
                "POST", "/verify", headers: ["Content-Type": "text/plain"],
                body: Array(#"{"contexts": ["Sales rose."], "answer": "It rose."}"#.utf8)),
            status: 415, code: "unsupported_media_type", field: "Content-Type"),
        RejectionCase(
            "empty Content-Type",
            request: RawRequest(
                "POST", "/verify", headers: ["Content-Type": ""],
                body: Array(#"{"contexts": ["Sales rose."], "answer": "It rose."}"#.utf8)),
            status: 415, code: "unsupported_media_type", field: "Content-Type is empty"),
        RejectionCase(
            "gzip Content-Encoding",
            request: .json(
                "/verify", Array(#"{"contexts": ["Sales rose."], "answer": "It rose."}"#.utf8),
                headers: ["Content-Encoding": "gzip"]),
            status: 415, code: "unsupported_media_type", field: "Content-Encoding gzip"),
        RejectionCase(
            "byte order mark before the object",
            request: .json(
                "/verify", [0xEF, 0xBB, 0xBF] + Array(#"{"contexts": ["Sales rose."], "answer": "It rose."}"#.utf8)),
            code: "invalid_json", field: "starts with a byte order mark"),
        RejectionCase(
            "unknown model", body: #"{"contexts": ["Sales rose."], "answer": "It rose.", "model": "nope"}"#,
            status: 404, code: "model_not_found", field: "nope"),
        RejectionCase(
            "context too long",
            body: #"{"contexts": [""# + String(repeating: "a", count: 20_001) + #""], "answer": "It rose."}"#,
            field: "contexts[0]"),
        RejectionCase(
            "answer too long",
            body: #"{"contexts": ["Sales rose."], "answer": ""# + String(repeating: "b ", count: 2001) + #""}"#,
            field: "answer"),
        RejectionCase(
            "too many contexts",
            body: #"{"contexts": ["# + Array(repeating: #""Sales rose.""#, count: 33).joined(separator: ",")
                + #"], "answer": "It rose."}"#,
            field: "contexts"),
    ]

    @Test(arguments: cases)
    func invalidRequestGetsJSONError(_ rejection: RejectionCase) async throws {
        let service = try await ServiceFixture.shared.harness()

        let response = try await RawHTTPClient.send(port: service.port, rejection.request)
        let error = try response.error()

        #expect(response.status == rejection.status)
        #expect(response.header("Content-Type") == "application/json")
        #expect(error.code == rejection.code)
        #expect(error.message.contains(rejection.field), "message: \(error.message)")
    }

    @Test(arguments: cases)
    func connectionServesNextRequestAfterRejection(_ rejection: RejectionCase) async throws {
        let service = try await ServiceFixture.shared.harness()

        let responses = try await RawHTTPClient.exchange(
            port: service.port, [rejection.request, RawRequest("GET", "/health")])

        #expect(responses.count == 2)
        #expect(responses.first?.status == rejection.status)
        #expect(responses.last?.status == 200)
    }

    /// A byte order mark that opens a string is text like any other, so offsets count it.
    @Test func byteOrderMarkInAnswerKeepsOffsets() async throws {
        let service = try await ServiceFixture.shared.harness()
        let body =
            Array(#"{"contexts": ["The Forth Bridge opened in 1890."], "answer": ""#.utf8) + [0xEF, 0xBB, 0xBF]
            + Array(#"The Forth Bridge opened in 1890."}"#.utf8)

        let response = try await RawHTTPClient.send(port: service.port, .json("/verify", body))
        let spans = try #require(try response.json()["spans"] as? [[String: Any]])

        #expect(response.status == 200)
        #expect(spans.first?["start"] as? Int == 0)
        #expect(spans.last?["end"] as? Int == 33)
    }

    @Test func unknownModelListsKnownModels() async throws {
        let service = try await ServiceFixture.shared.harness()
        let request = try RawRequest.verify(["contexts": ["Sales rose."], "answer": "It rose.", "model": "nope"])

        let message = try await RawHTTPClient.send(port: service.port, request).error().message

        #expect(message.contains("default"), "message: \(message)")
    }

    @Test func contextAtLimitIsAccepted() async throws {
        let service = try await ServiceFixture.shared.harness()
        let context = String(repeating: "Sales rose. ", count: 1666) + "Rose. Up"
        let request = try RawRequest.verify(["contexts": [context], "answer": "Sales rose."])

        let response = try await RawHTTPClient.send(port: service.port, request)

        #expect(context.unicodeScalars.count == 20_000)
        #expect(response.status == 200)
    }

    @Test func tenMegabyteBodyGets413() async throws {
        let service = try await ServiceFixture.shared.harness()
        let request = RawRequest("POST", "/verify", headers: ["Content-Type": "application/json"])

        let response = try await RawHTTPClient.sendLargeBody(port: service.port, request, bodyBytes: 10 * 1_048_576)
        let error = try response.error()

        #expect(response.status == 413)
        #expect(error.code == "body_too_large")
        #expect(error.message.contains("Body"), "message: \(error.message)")
    }

    @Test func serverAnswersAfterOversizedBody() async throws {
        let service = try await ServiceFixture.shared.harness()
        let request = RawRequest("POST", "/verify", headers: ["Content-Type": "application/json"])
        _ = try await RawHTTPClient.sendLargeBody(port: service.port, request, bodyBytes: 10 * 1_048_576)

        let response = try await RawHTTPClient.send(port: service.port, RawRequest("GET", "/health"))

        #expect(response.status == 200)
    }

    @Test func jsonContentTypeWithParametersIsAccepted() async throws {
        let service = try await ServiceFixture.shared.harness()
        let body = Array(#"{"contexts": ["Sales rose."], "answer": "Sales rose."}"#.utf8)
        let request = RawRequest.json("/verify", body, headers: ["Content-Type": "Application/JSON; charset=utf-8"])

        let response = try await RawHTTPClient.send(port: service.port, request)

        #expect(response.status == 200)
    }
}
