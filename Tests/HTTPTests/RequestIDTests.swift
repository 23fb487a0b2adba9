import Testing

@testable import HTTP

@Suite struct RequestIDTests {
    @Test(arguments: ["a", "req-42", "A.b_c:d-e", "0123456789", String(repeating: "x", count: 128)])
    func echoesSafeID(id: String) {
        #expect(RequestID.isSafe(id))
        #expect(RequestID.resolve(clientID: id) == id)
    }

    @Test(arguments: [
        "", String(repeating: "x", count: 129), "has space", "new\r\nline", "quote\"", "slash/", "ünicode",
        "semi;colon",
    ])
    func replacesUnsafeID(id: String) {
        #expect(!RequestID.isSafe(id))
        #expect(RequestID.resolve(clientID: id) != id)
    }

    @Test func generatesDistinctSafeIDs() {
        let ids = (0..<100).map { _ in RequestID.generate() }

        #expect(Set(ids).count == 100)
        #expect(ids.allSatisfy { $0.utf8.count == 32 })
        #expect(ids.allSatisfy(RequestID.isSafe))
    }
}
