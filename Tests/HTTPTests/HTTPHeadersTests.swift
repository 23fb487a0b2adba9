import Testing

@testable import HTTP

@Suite struct HTTPHeadersTests {
    @Test func looksUpNamesCaseInsensitively() {
        let headers: HTTPHeaders = ["Content-Type": "application/json"]

        #expect(headers["content-type"] == "application/json")
        #expect(headers["CONTENT-TYPE"] == "application/json")
        #expect(headers["Content-Length"] == nil)
    }

    @Test func keepsOrderAndRepeatedNames() {
        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: "text/plain")
        headers.add(name: "X-Trace", value: "1")
        headers.add(name: "accept", value: "application/json")

        #expect(headers["Accept"] == "text/plain")
        #expect(headers.values(for: "ACCEPT") == ["text/plain", "application/json"])
        #expect(headers.map(\.name) == ["Accept", "X-Trace", "accept"])
    }

    @Test func replacesFirstFieldAndRemovesOthers() {
        var headers = HTTPHeaders([("A", "1"), ("B", "2"), ("a", "3")])
        headers.replaceOrAdd(name: "A", value: "9")

        #expect(headers.map(\.name) == ["A", "B"])
        #expect(headers.values(for: "a") == ["9"])
    }

    @Test func addsFieldWhenReplacingAbsentName() {
        var headers: HTTPHeaders = ["A": "1"]
        headers.replaceOrAdd(name: "B", value: "2")

        #expect(headers.map(\.value) == ["1", "2"])
    }

    @Test func removesEveryFieldWithName() {
        var headers = HTTPHeaders([("A", "1"), ("B", "2"), ("a", "3")])
        headers.remove(name: "a")

        #expect(headers.count == 1)
        #expect(!headers.contains(name: "A"))
    }

    @Test func splitsListElements() {
        let headers = HTTPHeaders([("Connection", " Keep-Alive ,, Upgrade"), ("connection", "CLOSE")])

        #expect(headers.listElements(for: "Connection") == ["keep-alive", "upgrade", "close"])
        #expect(headers.containsToken("close", in: "connection"))
        #expect(!headers.containsToken("clo", in: "connection"))
    }

    @Test func describesNamesWithoutValues() {
        let headers: HTTPHeaders = ["Authorization": "Bearer secret-token"]

        #expect(!"\(headers)".contains("secret-token"))
        #expect("\(headers)".contains("Authorization"))
    }
}
