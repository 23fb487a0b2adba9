import Foundation
import Testing

@testable import HTTP

/// Raw bytes sent on one connection, with the statuses of the responses the server must send, in order.
struct RawCase: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    let statuses: [Int]
    /// Whether the server must close the connection after the last response. Otherwise the connection must serve
    /// one more request.
    let closes: Bool
    /// Whether the client sends FIN after its bytes, while it still reads.
    var halfCloses = false
    /// Text each response body must equal, from the echo handler, when the case checks bodies.
    var bodies: [String]?

    var testDescription: String { name }

    /// Returns a case that sends a POST to `/x` with the given header field lines, then `body`.
    static func post(
        _ name: String, _ fields: String, body: String = "", _ statuses: [Int], closes: Bool,
        halfCloses: Bool = false, bodies: [String]? = nil
    ) -> RawCase {
        RawCase(
            name: name, text: "POST /x HTTP/1.1\r\nHost: h\r\n\(fields)\r\n\(body)", statuses: statuses,
            closes: closes, halfCloses: halfCloses, bodies: bodies)
    }

    /// Returns a case that sends one request line with a Host field and no body.
    static func line(_ name: String, _ requestLine: String, _ status: Int, closes: Bool, body: String? = nil)
        -> RawCase
    {
        RawCase(
            name: name, text: "\(requestLine)\r\nHost: h\r\n\r\n", statuses: [status], closes: closes,
            bodies: body.map { [$0] })
    }
}

/// Limits of the server in these tests, small so the cases stay short even when written one byte at a time.
private func smallServerLimits(_ configuration: inout HTTPServer.Configuration) {
    configuration.maxRequestLineBytes = 256
    configuration.maxHeaderBytes = 512
    configuration.maxBodyBytes = 100
}

private let chunked = "Transfer-Encoding: chunked\r\n"

let contentLengthCases: [RawCase] = [
    .post("Content-Length negative", "Content-Length: -3\r\n", body: "abc", [400], closes: true),
    .post("Content-Length with plus sign", "Content-Length: +3\r\n", body: "abc", [400], closes: true),
    .post("Content-Length with letters", "Content-Length: 3a\r\n", body: "abc", [400], closes: true),
    .post("Content-Length with space inside", "Content-Length: 1 2\r\n", body: "abc", [400], closes: true),
    .post("Content-Length overflowing", "Content-Length: 184467440737095516160\r\n", [400], closes: true),
    .post(
        "Content-Length fields differ", "Content-Length: 3\r\nContent-Length: 4\r\n", body: "abcd", [400], closes: true),
    .post("Content-Length list differs", "Content-Length: 3, 4\r\n", body: "abcd", [400], closes: true),
    .post("Content-Length with chunked", "Content-Length: 3\r\n\(chunked)", body: "0\r\n\r\n", [400], closes: true),
    .post("chunked with Content-Length", "\(chunked)Content-Length: 3\r\n", body: "0\r\n\r\n", [400], closes: true),
    .post(
        "Content-Length fields equal", "Content-Length: 3\r\nContent-Length: 3\r\n", body: "abc", [200],
        closes: false, bodies: ["POST /x - abc"]),
    .post("Content-Length zero", "Content-Length: 0\r\n", [200], closes: false, bodies: ["POST /x - "]),
    .post("Content-Length over body limit", "Content-Length: 101\r\n", [413], closes: true),
]

let chunkedCases: [RawCase] = [
    .post(
        "chunked with extensions and trailer", chunked,
        body: "3;a=b;c\r\nabc\r\n2 ; q=\"x y\"\r\nde\r\n0\r\nT: 1\r\n\r\n",
        [200], closes: false, bodies: ["POST /x - abcde"]),
    .post(
        "chunked with uppercase hex and leading zeros", chunked, body: "000A\r\n0123456789\r\n0000\r\n\r\n", [200],
        closes: false, bodies: ["POST /x - 0123456789"]),
    .post("chunk size with bare LF", chunked, body: "3\nabc\r\n0\r\n\r\n", [400], closes: true),
    .post("chunk data with bare LF", chunked, body: "3\r\nabc\n0\r\n\r\n", [400], closes: true),
    .post("chunk size of 17 digits", chunked, body: "00000000000000003\r\nabc\r\n0\r\n\r\n", [400], closes: true),
    .post("chunk size with junk", chunked, body: "3z\r\nabc\r\n0\r\n\r\n", [400], closes: true),
    .post("chunk size with trailing space", chunked, body: "3 \r\nabc\r\n0\r\n\r\n", [400], closes: true),
    .post("chunk size negative", chunked, body: "-3\r\nabc\r\n0\r\n\r\n", [400], closes: true),
    .post("chunk size in 0x form", chunked, body: "0x3\r\nabc\r\n0\r\n\r\n", [400], closes: true),
    .post("chunk size missing", chunked, body: "\r\nabc\r\n0\r\n\r\n", [400], closes: true),
    .post(
        "chunk extension over cap", chunked, body: "3;\(String(repeating: "e", count: 1100))\r\nabc\r\n0\r\n\r\n",
        [400], closes: true),
    .post(
        "chunk extensions over total cap", chunked,
        body: String(repeating: "1;\(String(repeating: "e", count: 1000))\r\na\r\n", count: 17) + "0\r\n\r\n",
        [400], closes: true),
    .post("final chunk missing", chunked, body: "3\r\nabc\r\n", [400], closes: true, halfCloses: true),
    .post("chunk data cut short", chunked, body: "5\r\nab", [400], closes: true, halfCloses: true),
    .post(
        "chunked body over limit", chunked, body: "40\r\n\(String(repeating: "a", count: 64))\r\n40\r\n", [413],
        closes: true),
    .post("Transfer-Encoding gzip", "Transfer-Encoding: gzip\r\n", body: "abc", [501], closes: true),
    .post("Transfer-Encoding unknown token", "Transfer-Encoding: sparkle\r\n", body: "abc", [501], closes: true),
    .post(
        "Transfer-Encoding gzip then chunked", "Transfer-Encoding: gzip, chunked\r\n", body: "0\r\n\r\n", [501],
        closes: true),
    .post("chunked twice", "Transfer-Encoding: chunked, chunked\r\n", body: "0\r\n\r\n", [400], closes: true),
    .post("chunked not last", "Transfer-Encoding: chunked, gzip\r\n", body: "0\r\n\r\n", [400], closes: true),
]

let headerSectionCases: [RawCase] = [
    RawCase(
        name: "several requests in one write",
        text: "GET /a HTTP/1.1\r\nHost: h\r\n\r\nPOST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi"
            + "POST /c HTTP/1.1\r\nHost: h\r\n\(chunked)\r\n1\r\n!\r\n0\r\n\r\nGET /d?q=1 HTTP/1.1\r\nHost: h\r\n\r\n",
        statuses: [200, 200, 200, 200], closes: false,
        bodies: ["GET /a - ", "POST /b - hi", "POST /c - !", "GET /d q=1 "]),
    .line("request line over limit", "GET /\(String(repeating: "a", count: 300)) HTTP/1.1", 414, closes: true),
    .post("header field over limit", "X-Big: \(String(repeating: "b", count: 600))\r\n", [431], closes: true),
    .post(
        "header fields over limit together", String(repeating: "X-Many: 0123456789\r\n", count: 30), [431], closes: true
    ),
    .post("obsolete line folding with space", "X-A: one\r\n two\r\nContent-Length: 0\r\n", [400], closes: true),
    .post("obsolete line folding with tab", "X-A: one\r\n\ttwo\r\nContent-Length: 0\r\n", [400], closes: true),
    .post("field line without colon", "X-A one\r\nContent-Length: 0\r\n", [400], closes: true),
    .post("space before colon", "Content-Length : 0\r\n", [400], closes: true),
    .post("tab before colon", "X-A\t: 1\r\n", [400], closes: true),
    RawCase(
        name: "first field line folded", text: "GET / HTTP/1.1\r\n Host: h\r\n\r\n", statuses: [400], closes: true),
    .line("method with invalid character", "GE@T / HTTP/1.1", 400, closes: true),
    RawCase(name: "Host with space", text: "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", statuses: [400], closes: true),
    RawCase(name: "Host with path", text: "GET / HTTP/1.1\r\nHost: h/x\r\n\r\n", statuses: [400], closes: true),
    RawCase(name: "Host with user", text: "GET / HTTP/1.1\r\nHost: u@h\r\n\r\n", statuses: [400], closes: true),
    RawCase(name: "Host with bad port", text: "GET / HTTP/1.1\r\nHost: h:8a\r\n\r\n", statuses: [400], closes: true),
    RawCase(
        name: "Host IPv6 with port", text: "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", statuses: [200],
        closes: false),
    RawCase(name: "Host empty", text: "GET / HTTP/1.1\r\nHost:\r\n\r\n", statuses: [200], closes: false),
    RawCase(
        name: "Host name with port", text: "GET / HTTP/1.1\r\nHost: api.example-1.com:443\r\n\r\n",
        statuses: [200], closes: false),
    .line("method with slash", "GET/ / HTTP/1.1", 400, closes: true),
]

let targetCases: [RawCase] = [
    .line("path decoded once", "GET /caf%C3%A9/%2541 HTTP/1.1", 200, closes: false, body: "GET /café/%41 - "),
    .line("encoded slash", "GET /a%2Fb HTTP/1.1", 400, closes: true),
    .line("encoded slash lowercase", "GET /a%2fb HTTP/1.1", 400, closes: true),
    .line("encoded backslash", "GET /a%5Cb HTTP/1.1", 400, closes: true),
    .line("encoded NUL", "GET /a%00 HTTP/1.1", 400, closes: true),
    .line("dot-dot segment", "GET /a/../b HTTP/1.1", 400, closes: true),
    .line("dot segment", "GET /./b HTTP/1.1", 400, closes: true),
    .line("encoded dot-dot segment", "GET /a/%2e%2E/b HTTP/1.1", 400, closes: true),
    .line("trailing dot-dot", "GET /a/.. HTTP/1.1", 400, closes: true),
    .line("dots inside a name", "GET /a..b/.c HTTP/1.1", 200, closes: false, body: "GET /a..b/.c - "),
]

let expectationCases: [RawCase] = [
    .post("unknown expectation", "Expect: something-else\r\nContent-Length: 2\r\n", body: "hi", [417], closes: true),
    .post("100-continue with over-limit body", "Expect: 100-continue\r\nContent-Length: 5000\r\n", [413], closes: true),
    .post(
        "over-limit body and unread smuggled request", "Content-Length: 200\r\n",
        body: "GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n", [413], closes: true),
    RawCase(
        name: "HEAD then GET", text: "HEAD /h HTTP/1.1\r\nHost: h\r\n\r\nGET /h HTTP/1.1\r\nHost: h\r\n\r\n",
        statuses: [200, 200], closes: false, bodies: ["", "GET /h - "]),
]

let rawCases = contentLengthCases + chunkedCases + headerSectionCases + targetCases + expectationCases

/// What the client saw on the connection of one case.
private struct RawOutcome: Sendable {
    var statuses: [Int] = []
    var bodies: [String] = []
    var lengths: [String?] = []
    var connectionFields: [String?] = []
    /// Whether the server closed the connection after the expected responses.
    var closed = false
    /// Status of one more request on the same connection, for cases that keep it open.
    var nextStatus: Int?
}

@Suite struct HTTPServerRawCaseTests {
    @Test(arguments: rawCases, Feeding.allCases)
    func handlesRawCase(_ rawCase: RawCase, feeding: Feeding) async throws {
        let server = try TestServer.start(configure: smallServerLimits)
        let outcome = try await onThread { try Self.exchange(rawCase, feeding: feeding, port: server.port) }
        let aliveStatus = try await onThread { try Self.statusOfNewRequest(port: server.port) }
        await server.stop()

        #expect(outcome.statuses == rawCase.statuses)
        if let bodies = rawCase.bodies {
            #expect(outcome.bodies == bodies)
        }
        if rawCase.closes {
            #expect(outcome.closed)
            #expect(outcome.connectionFields.last == "close")
        } else {
            #expect(outcome.nextStatus == 200)
        }
        #expect(aliveStatus == 200)
        #expect(!server.receivedPaths.contains("/smuggled"))
        #expect(server.logLines(containing: "http.status=5").filter { !$0.contains("http.status=501") }.isEmpty)
    }

    /// A `HEAD` response carries the `Content-Length` of the `GET` response and no body.
    @Test(arguments: Feeding.allCases)
    func headSendsLengthOfGet(feeding: Feeding) async throws {
        let server = try TestServer.start(handler: { _ in HTTPResponse(status: 200, body: Array("same body".utf8)) })
        let text = "HEAD /h HTTP/1.1\r\nHost: h\r\n\r\nGET /h HTTP/1.1\r\nHost: h\r\n\r\n"
        let (head, get) = try await onThread {
            let client = try TestClient(port: server.port)
            client.sendIgnoringFailures(Array(text.utf8), oneByteAtATime: feeding == .oneByteAtATime)
            return (try client.readResponse(forHead: true), try client.readResponse())
        }
        await server.stop()

        #expect(head?.status == 200)
        #expect(head?.body.isEmpty == true)
        #expect(head?.headers["Content-Length"] == "9")
        #expect(get?.text == "same body")
        #expect(get?.headers["Content-Length"] == "9")
    }

    private static func exchange(_ rawCase: RawCase, feeding: Feeding, port: Int) throws -> RawOutcome {
        let client = try TestClient(port: port)
        client.sendIgnoringFailures(Array(rawCase.text.utf8), oneByteAtATime: feeding == .oneByteAtATime)
        if rawCase.halfCloses {
            client.shutdownWrite()
        }

        var outcome = RawOutcome()
        let methods = Self.requestMethods(in: rawCase.text)
        for index in rawCase.statuses.indices {
            let forHead = methods.indices.contains(index) && methods[index] == "HEAD"
            guard let response = try client.readResponse(forHead: forHead) else { break }
            outcome.statuses.append(response.status)
            outcome.bodies.append(response.text)
            outcome.lengths.append(response.headers["Content-Length"])
            outcome.connectionFields.append(response.headers["Connection"])
        }

        if rawCase.closes {
            outcome.closed = client.waitForClose()
        } else if !rawCase.halfCloses {
            try client.send(get("/next"))
            outcome.nextStatus = try client.readResponse()?.status
        }
        return outcome
    }

    /// Returns the method of each request line in a case's text, for reading `HEAD` responses without a body.
    private static func requestMethods(in text: String) -> [String] {
        text.components(separatedBy: "\r\n").compactMap { line in
            line.hasSuffix(" HTTP/1.1") ? line.split(separator: " ").first.map(String.init) : nil
        }
    }

    /// Sends a GET on a new connection and returns the status, showing the server still serves.
    static func statusOfNewRequest(port: Int) throws -> Int? {
        let client = try TestClient(port: port)
        try client.send(get("/alive"))
        return try client.readResponse()?.status
    }
}
