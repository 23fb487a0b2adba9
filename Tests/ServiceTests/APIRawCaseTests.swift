import Foundation
import Testing

/// Ways of writing a case's bytes: in one write, or one byte per write.
enum Feeding: String, CaseIterable, Sendable {
    case whole
    case oneByteAtATime
}

/// Raw bytes for the service, with the status and, for errors, the code and a word the message must contain.
struct APIRawCase: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let status: Int
    var code: String?
    var messageWord: String?
    /// Value the response's `Allow` field must have.
    var allow: String?

    var testDescription: String { name }

    /// Returns a case that posts `body` as JSON to `/verify` and expects a 400 `invalid_json` naming `word`.
    static func json(_ name: String, _ body: [UInt8], word: String) -> APIRawCase {
        APIRawCase(
            name: name, bytes: post("/verify", body: body), status: 400, code: "invalid_json", messageWord: word)
    }

    static func json(_ name: String, _ body: String, word: String) -> APIRawCase {
        json(name, Array(body.utf8), word: word)
    }

    /// Returns a case that posts `body` to `path` and expects a 400 `invalid_request` naming the unknown field `word`.
    static func unknownField(_ path: String, _ body: String, word: String) -> APIRawCase {
        APIRawCase(
            name: "unknown field \(word) on \(path)", bytes: post(path, body: Array(body.utf8)), status: 400,
            code: "invalid_request", messageWord: "unknown field \"\(word)\"")
    }

    /// Returns the bytes of a POST with the given Content-Type and a Content-Length for `body`.
    static func post(_ path: String, contentType: String = "application/json", body: [UInt8]) -> [UInt8] {
        let head =
            "POST \(path) HTTP/1.1\r\nHost: t\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }

    /// Returns the bytes of a request without a body.
    static func bare(_ requestLine: String) -> [UInt8] {
        Array("\(requestLine)\r\nHost: t\r\n\r\n".utf8)
    }
}

private let validItem = #"{"contexts": ["Sales rose in May."], "answer": "Sales rose."}"#

let jsonCases: [APIRawCase] = [
    .json(
        "invalid UTF-8", Array(#"{"contexts": ["a"], "answer": ""#.utf8) + [0xC3, 0x28, 0x22, 0x7D],
        word: "not valid UTF-8 at byte 31"),
    .json(
        "overlong UTF-8", Array(#"{"answer": ""#.utf8) + [0xC0, 0xAF, 0x22, 0x7D], word: "not valid UTF-8 at byte 12"),
    .json("nesting 65 deep", String(repeating: "[", count: 65) + String(repeating: "]", count: 65), word: "nested"),
    .json(
        "nesting deep inside object",
        #"{"contexts": ["a"], "answer": "b", "x": "# + String(repeating: "{\"k\":", count: 70) + "1"
            + String(repeating: "}", count: 71),
        word: "nested"),
    .json("number over Double range", #"{"contexts": ["a"], "answer": "b", "seed": 1e400}"#, word: "out of range"),
    .json("negative number over range", #"{"contexts": ["a"], "answer": "b", "seed": -2e308}"#, word: "out of range"),
    .json("NaN", #"{"contexts": ["a"], "answer": "b", "seed": NaN}"#, word: "NaN"),
    .json("Infinity", #"{"contexts": ["a"], "answer": "b", "seed": Infinity}"#, word: "Infinity"),
    .json("negative Infinity", #"{"contexts": ["a"], "answer": "b", "seed": -Infinity}"#, word: "Infinity"),
    .json("duplicate key", #"{"contexts": ["a"], "answer": "b", "answer": "c"}"#, word: "duplicate key 'answer'"),
    .json("duplicate key escaped", #"{"contexts": ["a"], "answer": "b", "\u0061nswer": "c"}"#, word: "duplicate key"),
    // RFC 8259 (section 8.3) compares names code unit by code unit, so "\u{E9}" and "e\u{301}" are different keys.
    APIRawCase(
        name: "keys equal only after normalization",
        bytes: APIRawCase.post(
            "/verify", body: Array("{\"\u{E9}\": 1, \"e\u{301}\": 2, \"contexts\": [\"a\"], \"answer\": \"b\"}".utf8)),
        status: 400, code: "invalid_request", messageWord: "unknown field"),
    .unknownField("/verify", #"{"contexts": ["a"], "answer": "b", "modle": "default"}"#, word: "modle"),
    .unknownField("/score", #"{"contexts": ["a"], "answer": "b", "seed": 7}"#, word: "seed"),
    .unknownField("/refine", #"{"contexts": ["a"], "answer": "b", "budjet": {"steps": 2}}"#, word: "budjet"),
    .unknownField("/refine", #"{"contexts": ["a"], "answer": "b", "budget": {"step": 2}}"#, word: "budget.step"),
    .unknownField("/refine", #"{"contexts": ["a"], "answer": "b", "stratgy": "ebm"}"#, word: "stratgy"),
    .json("trailing comma in object", #"{"contexts": ["a"], "answer": "b",}"#, word: "trailing comma"),
    .json("trailing comma in array", #"{"contexts": ["a",], "answer": "b"}"#, word: "trailing comma"),
    .json("leading zero", #"{"contexts": ["a"], "answer": "b", "seed": 01}"#, word: "leading zero"),
    .json("lone surrogate", #"{"contexts": ["a"], "answer": "\ud800"}"#, word: "surrogate"),
    .json("raw control character", "{\"contexts\": [\"a\"], \"answer\": \"b\u{01}\"}", word: "control character"),
    .json("single quotes", #"{'contexts': ['a'], 'answer': 'b'}"#, word: "string key"),
    .json("text after value", validItem + " {}", word: "after the JSON value"),
    .json("truncated", #"{"contexts": ["a"], "answer": "b""#, word: "end of input"),
    .json("empty body", "", word: "empty"),
    .json("whitespace body", "  \r\n ", word: "expected a value"),
    .json("array body", #"[{"contexts": ["a"], "answer": "b"}]"#, word: "JSON object"),
    .json("string body", #""answer""#, word: "JSON object"),
    .json("number body", "42", word: "JSON object"),
    .json("null body", "null", word: "JSON object"),
]

let mediaTypeCases: [APIRawCase] = [
    APIRawCase(
        name: "text/plain", bytes: APIRawCase.post("/verify", contentType: "text/plain", body: Array(validItem.utf8)),
        status: 415, code: "unsupported_media_type", messageWord: "application/json"),
    APIRawCase(
        name: "form encoded",
        bytes: APIRawCase.post(
            "/verify", contentType: "application/x-www-form-urlencoded", body: Array(validItem.utf8)),
        status: 415, code: "unsupported_media_type", messageWord: "application/json"),
    APIRawCase(
        name: "JSON in Latin-1",
        bytes: APIRawCase.post(
            "/verify", contentType: "application/json; charset=iso-8859-1", body: Array(validItem.utf8)),
        status: 415, code: "unsupported_media_type", messageWord: "UTF-8"),
    APIRawCase(
        name: "JSON with charset UTF-8",
        bytes: APIRawCase.post("/verify", contentType: "application/json; charset=UTF-8", body: Array(validItem.utf8)),
        status: 200),
    APIRawCase(
        name: "JSON uppercase without space",
        bytes: APIRawCase.post("/verify", contentType: "APPLICATION/JSON;CHARSET=utf-8", body: Array(validItem.utf8)),
        status: 200),
    APIRawCase(
        name: "JSON with +json suffix",
        bytes: APIRawCase.post("/verify", contentType: "application/vnd.refiner+json", body: Array(validItem.utf8)),
        status: 200),
    APIRawCase(
        name: "text with +json suffix",
        bytes: APIRawCase.post("/verify", contentType: "text/x+json", body: Array(validItem.utf8)),
        status: 415, code: "unsupported_media_type"),
    APIRawCase(
        name: "JSON with quoted charset",
        bytes: APIRawCase.post(
            "/verify", contentType: "application/json ; Charset=\"utf-8\"", body: Array(validItem.utf8)),
        status: 200),
]

let methodAndPathCases: [APIRawCase] = [
    APIRawCase(name: "OPTIONS on route", bytes: .bare("OPTIONS /verify HTTP/1.1"), status: 204, allow: "OPTIONS, POST"),
    APIRawCase(
        name: "OPTIONS on GET route", bytes: .bare("OPTIONS /health HTTP/1.1"), status: 204,
        allow: "GET, HEAD, OPTIONS"),
    APIRawCase(
        name: "OPTIONS asterisk", bytes: .bare("OPTIONS * HTTP/1.1"), status: 204,
        allow: "DELETE, GET, HEAD, OPTIONS, POST"),
    APIRawCase(
        name: "OPTIONS unknown path", bytes: .bare("OPTIONS /nowhere HTTP/1.1"), status: 404, code: "not_found"),
    APIRawCase(
        name: "DELETE on route", bytes: .bare("DELETE /verify HTTP/1.1"), status: 405, code: "method_not_allowed",
        allow: "OPTIONS, POST"),
    APIRawCase(
        name: "unknown method", bytes: .bare("BREW /verify HTTP/1.1"), status: 501, code: "method_not_implemented",
        messageWord: "BREW"),
    APIRawCase(
        name: "WebDAV method", bytes: .bare("PROPFIND /health HTTP/1.1"), status: 501, code: "method_not_implemented"),
    APIRawCase(
        name: "QUERY on a GET route", bytes: .bare("QUERY /health HTTP/1.1"), status: 405, code: "method_not_allowed",
        allow: "GET, HEAD, OPTIONS"),
    APIRawCase(
        name: "lowercase method", bytes: .bare("get /health HTTP/1.1"), status: 501, code: "method_not_implemented"),
    APIRawCase(
        name: "unknown method on unknown path", bytes: .bare("BREW /nowhere HTTP/1.1"), status: 501,
        code: "method_not_implemented"),
    APIRawCase(name: "malformed method", bytes: .bare("GE(T /health HTTP/1.1"), status: 400, code: "invalid_request"),
    APIRawCase(name: "method with NUL", bytes: Array("G\u{0}T /health HTTP/1.1\r\nHost: t\r\n\r\n".utf8), status: 400),
    APIRawCase(name: "percent-encoded route", bytes: .bare("GET /%68ealth HTTP/1.1"), status: 200),
    APIRawCase(
        name: "double-encoded route", bytes: .bare("GET /%2568ealth HTTP/1.1"), status: 404, code: "not_found",
        messageWord: "/%68ealth"),
    APIRawCase(name: "encoded slash", bytes: .bare("GET /health%2F HTTP/1.1"), status: 400, code: "invalid_request"),
    APIRawCase(name: "dot segment", bytes: .bare("GET /./health HTTP/1.1"), status: 400, code: "invalid_request"),
    APIRawCase(
        name: "encoded dot-dot segment", bytes: .bare("GET /verify/%2E%2E/health HTTP/1.1"), status: 400,
        code: "invalid_request"),
    APIRawCase(name: "identity coding listed twice", bytes: encoded("identity, identity"), status: 200),
    APIRawCase(name: "empty Content-Encoding", bytes: encoded(""), status: 200),
    APIRawCase(
        name: "gzip after identity", bytes: encoded("identity, gzip"), status: 415, code: "unsupported_media_type"),
    APIRawCase(
        name: "unknown expectation",
        bytes: Array("POST /verify HTTP/1.1\r\nHost: t\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\n{}".utf8),
        status: 417, code: "expectation_failed"),
]

/// Responses that must come before the body when the client waits for `100 Continue`.
let earlyAnswerCases: [APIRawCase] = [
    APIRawCase(
        name: "wrong media type", bytes: expectHead("/verify", contentType: "text/plain"), status: 415,
        code: "unsupported_media_type"),
    APIRawCase(
        name: "Content-Type twice",
        bytes: Array(
            ("POST /verify HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Type: text/plain\r\n"
                + "Expect: 100-continue\r\nContent-Length: 60\r\n\r\n").utf8),
        status: 400, code: "invalid_request"),
    APIRawCase(name: "unknown path", bytes: expectHead("/nowhere"), status: 404, code: "not_found"),
    APIRawCase(name: "wrong method", bytes: expectHead("/health"), status: 405, code: "method_not_allowed"),
    APIRawCase(
        name: "body over limit", bytes: expectHead("/verify", length: 50_000_000), status: 413, code: "body_too_large"),
    APIRawCase(
        name: "training without admin token", bytes: expectHead("/train"), status: 403, code: "training_disabled"),
]

/// Refusals in other wordings and in Chinese and Japanese. `/verify` must label each one `abstain`.
let refusalCases: [APIRawCase] = [
    .verify(
        "refusal in other words", context: "Paris is the capital of France.",
        answer: "I'm not able to answer that based on the provided context."),
    .verify("refusal in Japanese", context: "東京は日本の首都である。", answer: "資料からはその質問に答えられません。"),
    .verify("refusal in Chinese", context: "北京是中国的首都。", answer: "我无法根据文档回答这个问题。"),
    .verify("refusal in Traditional Chinese", context: "北京是中國的首都。", answer: "我無法回答這個問題。"),
    .verify("Chinese for I do not know", context: "北京是中国的首都。", answer: "我不知道。"),
    .verify("bare refusal", context: "Paris is the capital of France.", answer: "Unknown."),
    .verify(
        "refusal hedged on the sources", context: "Paris is the capital of France.",
        answer: "Based on the documents, it is unclear who founded Paris."),
]

extension APIRawCase {
    /// Returns a case that posts one context and an answer to `/verify` and expects 200.
    fileprivate static func verify(_ name: String, context: String, answer: String) -> APIRawCase {
        let item: [String: Any] = ["contexts": [context], "answer": answer]
        let body = (try? JSONSerialization.data(withJSONObject: item)).map { Array($0) } ?? []
        return APIRawCase(name: name, bytes: post("/verify", body: body), status: 200)
    }
}

/// Returns a valid `/verify` POST whose Content-Encoding field is `codings`.
private func encoded(_ codings: String) -> [UInt8] {
    let body = Array(validItem.utf8)
    let head =
        "POST /verify HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Encoding: \(codings)\r\n"
        + "Content-Length: \(body.count)\r\n\r\n"
    return Array(head.utf8) + body
}

/// Returns a POST head that waits for `100 Continue` before a body of `length` bytes.
private func expectHead(_ path: String, contentType: String = "application/json", length: Int = 60) -> [UInt8] {
    let fields = "Content-Type: \(contentType)\r\nExpect: 100-continue\r\nContent-Length: \(length)\r\n"
    return Array("POST \(path) HTTP/1.1\r\nHost: t\r\n\(fields)\r\n".utf8)
}

extension [UInt8] {
    fileprivate static func bare(_ requestLine: String) -> [UInt8] { APIRawCase.bare(requestLine) }
}

@Suite struct APIRawCaseTests {
    @Test(arguments: jsonCases + mediaTypeCases + methodAndPathCases, Feeding.allCases)
    func handlesRawCase(_ rawCase: APIRawCase, feeding: Feeding) async throws {
        let service = try await ServiceFixture.shared.harness()

        let response = try await runOnThread {
            let client = try ByteClient(port: service.port)
            client.send(rawCase.bytes, oneByteAtATime: feeding == .oneByteAtATime)
            return try client.readResponse()
        }
        let health = try await Self.healthStatus(port: service.port)

        #expect(response?.status == rawCase.status)
        try Self.expectError(response, rawCase)
        if let allow = rawCase.allow {
            #expect(response?.header("Allow") == allow)
        }
        #expect(health == 200)
    }

    /// The final error comes at once in place of `100 Continue`, and the connection closes without reading a body.
    @Test(arguments: earlyAnswerCases, Feeding.allCases)
    func respondsBeforeContinue(_ rawCase: APIRawCase, feeding: Feeding) async throws {
        let service = try await ServiceFixture.shared.harness()

        let (response, closed) = try await runOnThread {
            let client = try ByteClient(port: service.port)
            client.send(rawCase.bytes, oneByteAtATime: feeding == .oneByteAtATime)
            return (try client.readResponse(), client.waitForClose())
        }
        let health = try await Self.healthStatus(port: service.port)

        #expect(response?.status == rawCase.status)
        try Self.expectError(response, rawCase)
        #expect(response?.header("Connection") == "close")
        #expect(closed)
        #expect(health == 200)
    }

    @Test func continuesValidVerifyRequest() async throws {
        let service = try await ServiceFixture.shared.harness()
        let body = Array(validItem.utf8)

        let (interim, final) = try await runOnThread {
            let client = try ByteClient(port: service.port)
            client.send(expectHead("/verify", length: body.count))
            let interim = try client.readResponse()
            client.send(body)
            return (interim, try client.readResponse())
        }

        #expect(interim?.status == 100)
        #expect(final?.status == 200)
        #expect(try final?.json()["label"] as? String == "supported")
    }

    /// Checks that a refusal gets the label `abstain` and faithfulness 0, as the README states.
    @Test(arguments: refusalCases)
    func labelsRefusalAsAbstain(_ rawCase: APIRawCase) async throws {
        let service = try await ServiceFixture.shared.harness()

        let response = try await runOnThread {
            let client = try ByteClient(port: service.port)
            client.send(rawCase.bytes)
            return try client.readResponse()
        }

        #expect(response?.status == rawCase.status)
        let verdict = try #require(try response?.json())
        #expect(verdict["label"] as? String == "abstain")
        #expect((verdict["faithfulness"] as? NSNumber)?.doubleValue == 0)
    }

    /// Checks the error code and message word of a case that names them.
    private static func expectError(
        _ response: RawResponse?, _ rawCase: APIRawCase, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        guard rawCase.code != nil || rawCase.messageWord != nil else { return }
        let error = try #require(try response?.error(), sourceLocation: sourceLocation)
        if let code = rawCase.code {
            #expect(error.code == code, sourceLocation: sourceLocation)
        }
        if let word = rawCase.messageWord {
            #expect(error.message.contains(word), "message: \(error.message)", sourceLocation: sourceLocation)
        }
    }

    static func healthStatus(port: Int) async throws -> Int? {
        try await runOnThread {
            let client = try ByteClient(port: port)
            client.send(APIRawCase.bare("GET /health HTTP/1.1"))
            return try client.readResponse()?.status
        }
    }
}
