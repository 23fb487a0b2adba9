import Foundation
import Testing

@testable import HTTP

@Suite struct HTTPResponseTests {
    @Test func buildsJSONResponse() {
        let response = HTTPResponse.json(status: 201, body: Array("{}".utf8))

        #expect(response.status == 201)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.body == Array("{}".utf8))
    }

    @Test func buildsErrorBody() throws {
        let response = HTTPResponse.error(
            status: 400, code: "invalid_request", message: "Bad \"x\"\n\u{01}é", requestID: "r-1")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let error = try #require(object["error"] as? [String: String])

        #expect(error == ["code": "invalid_request", "message": "Bad \"x\"\n\u{01}é", "request_id": "r-1"])
        #expect(object.count == 1)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.headers["X-Request-Id"] == "r-1")
    }

    @Test func encodesStatusLineAndServerFields() {
        let response = HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Array("hi".utf8))
        let framing = ResponseFraming(requestID: "r-2", closesConnection: false, date: "Sun, 06 Nov 1994 08:49:37 GMT")
        let text = String(decoding: response.encoded(framing), as: UTF8.self)

        #expect(
            text == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
                + "X-Request-Id: r-2\r\nContent-Length: 2\r\n\r\nhi"
        )
    }

    @Test func replacesServerManagedFields() {
        let headers = HTTPHeaders([("Content-Length", "99"), ("connection", "keep-alive"), ("X-Request-Id", "other")])
        let response = HTTPResponse(status: 200, headers: headers, body: Array("abc".utf8))
        let text = String(
            decoding: response.encoded(ResponseFraming(requestID: "r-3", closesConnection: true)), as: UTF8.self)

        #expect(text.contains("Content-Length: 3\r\n"))
        #expect(!text.contains("99"))
        #expect(text.contains("Connection: close\r\n"))
        #expect(!text.contains("keep-alive"))
        #expect(text.contains("X-Request-Id: r-3\r\n"))
        #expect(!text.contains("other"))
    }

    @Test func omitsBodyForHeadButKeepsLength() {
        let response = HTTPResponse(status: 200, body: Array("hello".utf8))
        let framing = ResponseFraming(requestID: "r", closesConnection: false, omitsBody: true)
        let text = String(decoding: response.encoded(framing), as: UTF8.self)

        #expect(text.hasSuffix("Content-Length: 5\r\n\r\n"))
    }

    @Test func omitsBodyAndLengthForNoContent() {
        let response = HTTPResponse(status: 204, body: Array("ignored".utf8))
        let text = String(
            decoding: response.encoded(ResponseFraming(requestID: "r", closesConnection: false)), as: UTF8.self)

        #expect(!text.contains("Content-Length"))
        #expect(text.hasSuffix("\r\n\r\n"))
    }

    @Test func dropsFieldsThatCouldSplitResponse() {
        let headers = HTTPHeaders([("X-Good", "ok"), ("X-Bad", "a\r\nSet-Cookie: x=1"), ("Bad Name", "v")])
        let response = HTTPResponse(status: 200, headers: headers)
        let text = String(
            decoding: response.encoded(ResponseFraming(requestID: "r", closesConnection: false)), as: UTF8.self)

        #expect(response.invalidHeaderNames() == ["X-Bad", "Bad Name"])
        #expect(text.contains("X-Good: ok\r\n"))
        #expect(!text.contains("Set-Cookie"))
        #expect(!text.contains("Bad Name"))
    }

    @Test(arguments: [
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (1_709_251_199, "Thu, 29 Feb 2024 23:59:59 GMT"),
    ])
    func formatsIMFFixdate(seconds: Int, expected: String) {
        #expect(HTTPDate.format(secondsSinceEpoch: seconds) == expected)
    }

    /// The cached value is the formatted current second, taken on either side of the call.
    @Test func dateCacheGivesCurrentSecond() {
        var cache = HTTPDateCache()
        let before = Int(time(nil))
        let first = cache.now()
        let second = cache.now()
        let after = Int(time(nil))

        let candidates = Set((before...after).map { HTTPDate.format(secondsSinceEpoch: $0) })
        #expect(candidates.contains(first))
        #expect(candidates.contains(second))
    }
}
