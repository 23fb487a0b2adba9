import Testing

@testable import HTTP

@Suite struct HTTPParserTests {
    @Test(arguments: Feeding.allCases)
    func parsesGetRequest(feeding: Feeding) throws {
        let requests = try parseAll(
            "GET /items/42?full=1 HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\n", feeding: feeding)

        #expect(requests.count == 1)
        let head = try #require(requests.first).head
        #expect(head.method == "GET")
        #expect(head.target == "/items/42?full=1")
        #expect(head.path == "/items/42")
        #expect(head.query == "full=1")
        #expect(head.version == .http1_1)
        #expect(head.headers["accept"] == "*/*")
        #expect(requests.first?.body == [])
    }

    @Test(arguments: Feeding.allCases)
    func parsesContentLengthBody(feeding: Feeding) throws {
        let requests = try parseAll(
            "POST /verify HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world", feeding: feeding)

        #expect(requests.count == 1)
        #expect(requests.first.map { String(decoding: $0.body, as: UTF8.self) } == "hello world")
    }

    @Test func treatsPostWithoutContentLengthAsEmptyBody() throws {
        let requests = try parseAll("POST /train HTTP/1.1\r\nHost: a\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n")

        #expect(requests.map(\.head.path) == ["/train", "/next"])
        #expect(requests.first?.body == [])
    }

    @Test(arguments: Feeding.allCases)
    func parsesPipelinedRequestsInOrder(feeding: Feeding) throws {
        let text =
            "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nxyz"
            + "GET /c HTTP/1.1\r\nHost: h\r\n\r\n"
        let requests = try parseAll(text, feeding: feeding)

        #expect(requests.map(\.head.path) == ["/a", "/b", "/c"])
        #expect(requests.map(\.body) == [[], Array("xyz".utf8), []])
    }

    @Test func skipsEmptyLinesBeforeRequestLine() throws {
        let requests = try parseAll("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n")

        #expect(requests.map(\.head.path) == ["/"])
    }

    @Test func waitsForWholeBody() throws {
        var parser = HTTPRequestParser(limits: defaultTestLimits)
        parser.append(Array("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nab".utf8))

        #expect(try parser.nextRequest() == nil)
        #expect(parser.phase == .body)
        parser.append(Array("cd".utf8))
        #expect(try parser.nextRequest()?.body == Array("abcd".utf8))
        #expect(parser.phase == .idle)
    }

    @Test func reportsPhases() throws {
        var parser = HTTPRequestParser(limits: defaultTestLimits)
        #expect(parser.phase == .idle)

        parser.append(Array("GE".utf8))
        #expect(try parser.nextRequest() == nil)
        #expect(parser.phase == .head)

        parser.append(Array("T / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\n".utf8))
        #expect(try parser.nextRequest() == nil)
        #expect(parser.phase == .body)
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: h\r\n\r\n", true),
        ("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nHost: h\r\nConnection: Keep-Alive, CLOSE\r\n\r\n", false),
        ("GET / HTTP/1.0\r\n\r\n", false),
        ("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true),
        ("GET / HTTP/1.0\r\nConnection: close, keep-alive\r\n\r\n", false),
    ])
    func decidesKeepAlive(text: String, expected: Bool) throws {
        let head = try #require(try parseAll(text).first).head

        #expect(head.keepAlive == expected)
    }

    @Test func acceptsRepeatedEqualContentLength() throws {
        let text = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2, 2\r\n\r\nok"

        #expect(try parseAll(text).first?.body == Array("ok".utf8))
    }

    @Test func requestsContinueOnlyBeforeBody() throws {
        var parser = HTTPRequestParser(limits: defaultTestLimits)
        parser.append(Array("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))

        #expect(try parser.nextRequest() == nil)
        let first = parser.takeContinueRequest()
        let second = parser.takeContinueRequest()
        #expect(first)
        #expect(!second)
        parser.append(Array("ok".utf8))
        #expect(try parser.nextRequest()?.body == Array("ok".utf8))
    }

    @Test func keepsFailingAfterError() {
        var parser = HTTPRequestParser(limits: defaultTestLimits)
        parser.append(Array("BAD\r\n".utf8))

        #expect(throws: HTTPRequestError.self) { try parser.nextRequest() }
        parser.append(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(throws: HTTPRequestError.self) { try parser.nextRequest() }
    }

    @Test func attachesHeadToErrorsAfterHeaderSection() throws {
        let error = try #require(
            parseError("POST /x HTTP/1.1\r\nHost: h\r\nX-Request-Id: abc\r\nContent-Length: -1\r\n\r\n"))

        #expect(error.head?.path == "/x")
        #expect(error.head?.headers["X-Request-Id"] == "abc")
    }
}

@Suite struct HTTPParserTargetTests {
    @Test(
        arguments: [
            ("GET", "/a%20b", "/a b", nil),
            ("GET", "/caf%C3%A9?x=%20", "/café", "x=%20"),
            ("GET", "/?", "/", ""),
            ("GET", "http://example.com/x?y=1", "/x", "y=1"),
            ("GET", "HTTP://example.com", "/", nil),
            ("GET", "https://example.com?q", "/", "q"),
            ("OPTIONS", "*", "*", nil),
        ] as [(String, String, String, String?)])
    func splitsTarget(method: String, target: String, path: String, query: String?) throws {
        let head = try #require(try parseAll("\(method) \(target) HTTP/1.1\r\nHost: h\r\n\r\n").first).head

        #expect(head.path == path)
        #expect(head.query == query)
        #expect(head.target == target)
    }
}

@Suite struct HTTPParserChunkedTests {
    @Test(arguments: Feeding.allCases)
    func decodesChunkedBody(feeding: Feeding) throws {
        let text =
            "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4\r\nWiki\r\n5 ;name=value\r\npedia\r\nA\r\n in chunks\r\n0\r\nX-Trailer: t\r\n\r\n"
            + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n"
        let requests = try parseAll(text, feeding: feeding)

        #expect(requests.map(\.head.path) == ["/c", "/next"])
        #expect(requests.first.map { String(decoding: $0.body, as: UTF8.self) } == "Wikipedia in chunks")
    }

    @Test func acceptsChunkedBodyAtLimit() throws {
        let limits = HTTPRequestParser.Limits(maxRequestLineBytes: 100, maxHeaderBytes: 200, maxBodyBytes: 8)
        let text = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n5\r\ndefgh\r\n0\r\n\r\n"

        #expect(try parseAll(text, limits: limits).first?.body == Array("abcdefgh".utf8))
    }

    @Test func rejectsOversizedChunkBeforeItsData() throws {
        let limits = HTTPRequestParser.Limits(maxRequestLineBytes: 100, maxHeaderBytes: 200, maxBodyBytes: 8)
        let text = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n6\r\n"

        #expect(parseError(text, limits: limits)?.status == 413)
    }

    @Test func rejectsHugeChunkSizeWithoutOverflow() {
        // Sixteen digits, the most the parser accepts, overflow `Int` from 8000000000000000 on.
        let text = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n"

        #expect(parseError(text)?.status == 413)
    }
}
