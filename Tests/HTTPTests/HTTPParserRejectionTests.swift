import Testing

@testable import HTTP

/// A request the parser must reject, with the status of the error response.
struct RejectionCase: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    let status: Int

    var testDescription: String { name }

    init(_ name: String, _ text: String, _ status: Int) {
        self.name = name
        self.text = text
        self.status = status
    }

    /// Returns a POST with the given header field lines, ending the header section.
    static func post(_ name: String, fields: String, status: Int) -> RejectionCase {
        RejectionCase(name, "POST /x HTTP/1.1\r\nHost: h\r\n\(fields)\r\n", status)
    }
}

/// Malformed requests shared by the parser tests and the server tests.
let malformedRequests: [RejectionCase] = [
    .post("negative Content-Length", fields: "Content-Length: -1\r\n", status: 400),
    .post("signed Content-Length", fields: "Content-Length: +5\r\n", status: 400),
    .post("non-digit Content-Length", fields: "Content-Length: 5a\r\n", status: 400),
    .post("hexadecimal Content-Length", fields: "Content-Length: 0x10\r\n", status: 400),
    .post("empty Content-Length", fields: "Content-Length: \r\n", status: 400),
    .post("overflowing Content-Length", fields: "Content-Length: 99999999999999999999999\r\n", status: 400),
    .post("different Content-Length fields", fields: "Content-Length: 5\r\nContent-Length: 6\r\n", status: 400),
    .post("different Content-Length list", fields: "Content-Length: 5, 6\r\n", status: 400),
    .post("Content-Length with chunked", fields: "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", status: 400),
    .post("chunked not final", fields: "Transfer-Encoding: chunked, gzip\r\n", status: 400),
    .post("unsupported coding", fields: "Transfer-Encoding: gzip, chunked\r\n", status: 501),
    RejectionCase("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
    .post("field without colon", fields: "X-Note value\r\n", status: 400),
    .post("space before colon", fields: "X-Note : value\r\n", status: 400),
    .post("obsolete line folding", fields: "X-Note: first\r\n second\r\n", status: 400),
    .post("empty field name", fields: ": value\r\n", status: 400),
    .post("invalid field name", fields: "X(Note): value\r\n", status: 400),
    .post("control character in value", fields: "X-Note: a\u{01}b\r\n", status: 400),
    .post("bare CR in value", fields: "X-Note: a\rb\r\n", status: 400),
    RejectionCase("bare LF in header section", "GET / HTTP/1.1\r\nHost: h\n\r\n", 400),
    RejectionCase("bare LF after request line", "GET / HTTP/1.1\nHost: h\r\n\r\n", 400),
    RejectionCase("two spaces in request line", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
    RejectionCase("missing version", "GET /\r\nHost: h\r\n\r\n", 400),
    RejectionCase("lowercase version", "GET / http/1.1\r\nHost: h\r\n\r\n", 400),
    RejectionCase("long version", "GET / HTTP/1.10\r\nHost: h\r\n\r\n", 400),
    RejectionCase("invalid method", "G(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
    RejectionCase("relative target", "GET items HTTP/1.1\r\nHost: h\r\n\r\n", 400),
    RejectionCase("asterisk target with GET", "GET * HTTP/1.1\r\nHost: h\r\n\r\n", 400),
    RejectionCase("invalid percent-encoding", "GET /a%zz HTTP/1.1\r\nHost: h\r\n\r\n", 400),
    RejectionCase("truncated percent-encoding", "GET /a%4 HTTP/1.1\r\nHost: h\r\n\r\n", 400),
    RejectionCase("path not UTF-8", "GET /%FF HTTP/1.1\r\nHost: h\r\n\r\n", 400),
    RejectionCase("fragment in target", "GET /a#b HTTP/1.1\r\nHost: h\r\n\r\n", 400),
    RejectionCase("missing Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400),
    RejectionCase("two Host fields", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
    RejectionCase("HTTP/2.0", "GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505),
    RejectionCase("HTTP/1.2", "GET / HTTP/1.2\r\nHost: h\r\n\r\n", 505),
    RejectionCase("HTTP/0.9", "GET / HTTP/0.9\r\nHost: h\r\n\r\n", 505),
    .post("non-hexadecimal chunk size", fields: "Transfer-Encoding: chunked\r\n\r\nzz\r\n", status: 400),
    .post("chunk data without CRLF", fields: "Transfer-Encoding: chunked\r\n\r\n3\r\nabcde\r\n", status: 400),
    .post("text after chunk size", fields: "Transfer-Encoding: chunked\r\n\r\n3 x\r\nabc\r\n", status: 400),
    .post("malformed trailer", fields: "Transfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n", status: 400),
]

/// Requests over the limits in `smallLimits`.
let oversizedRequests: [RejectionCase] = [
    RejectionCase(
        "request line over limit", "GET /\(String(repeating: "a", count: 64)) HTTP/1.1\r\nHost: h\r\n\r\n", 414),
    RejectionCase("request line over limit without end", "GET /\(String(repeating: "a", count: 64))", 414),
    RejectionCase("leading empty lines over limit", String(repeating: "\r\n", count: 40), 414),
    .post("header section over limit", fields: "X-Note: \(String(repeating: "b", count: 200))\r\n", status: 431),
    .post("many fields over limit", fields: String(repeating: "X-A: 1\r\n", count: 30), status: 431),
    .post("Content-Length over limit", fields: "Content-Length: 101\r\n", status: 413),
    .post("chunk over limit", fields: "Transfer-Encoding: chunked\r\n\r\n65\r\n", status: 413),
    .post(
        "trailer section over limit",
        fields: "Transfer-Encoding: chunked\r\n\r\n0\r\nX-T: \(String(repeating: "t", count: 200))\r\n", status: 431),
]

let smallLimits = HTTPRequestParser.Limits(maxRequestLineBytes: 64, maxHeaderBytes: 128, maxBodyBytes: 100)

@Suite struct HTTPParserRejectionTests {
    @Test(arguments: malformedRequests, Feeding.allCases)
    func rejectsMalformedRequest(_ rejection: RejectionCase, feeding: Feeding) throws {
        let error = try #require(parseError(rejection.text, feeding: feeding))

        #expect(error.status == rejection.status)
    }

    @Test(arguments: oversizedRequests, Feeding.allCases)
    func rejectsRequestOverLimit(_ rejection: RejectionCase, feeding: Feeding) throws {
        let error = try #require(parseError(rejection.text, feeding: feeding, limits: smallLimits))

        #expect(error.status == rejection.status)
    }

    @Test func rejectsNegativeContentLength() throws {
        let error = try #require(parseError("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -5\r\n\r\n"))

        #expect(error.status == 400)
        #expect(error.code == "invalid_request")
    }

    @Test func rejectsBodyOverLimitBeforeBodyArrives() throws {
        var parser = HTTPRequestParser(limits: smallLimits)
        parser.append(Array("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1000000\r\n\r\n".utf8))

        #expect(throws: HTTPRequestError.self) { try parser.nextRequest() }
    }

    @Test func acceptsRequestLineAtLimit() throws {
        let target = "/" + String(repeating: "a", count: 64 - "GET  HTTP/1.1".count - 1)
        let line = "GET \(target) HTTP/1.1"
        #expect(line.utf8.count == 64)

        for feeding in Feeding.allCases {
            #expect(try parseAll("\(line)\r\nHost: h\r\n\r\n", feeding: feeding, limits: smallLimits).count == 1)
        }
    }

    @Test func acceptsHeaderSectionAtLimit() throws {
        let fixed = "Host: h\r\n" + "X-Note: \r\n" + "\r\n"
        let section = "Host: h\r\nX-Note: \(String(repeating: "n", count: 128 - fixed.utf8.count))\r\n\r\n"
        #expect(section.utf8.count == 128)

        for feeding in Feeding.allCases {
            #expect(try parseAll("GET / HTTP/1.1\r\n\(section)", feeding: feeding, limits: smallLimits).count == 1)
        }
    }

    @Test func acceptsBodyAtLimit() throws {
        let body = String(repeating: "x", count: 100)
        let requests = try parseAll(
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n\(body)", limits: smallLimits)

        #expect(requests.first?.body.count == 100)
    }
}
