import Testing

@testable import HTTP

@Suite struct RequestIDTests {
    @Test(arguments: ["a", "req-42", "A.b_c:d-e", "0123456789", String(repeating: "x", count: 128)])
    func echoesSafeID(id: String) {
        var source = RequestIDSource()

        #expect(RequestID.isSafe(id))
        #expect(source.resolve(clientID: id) == id)
    }

    @Test(arguments: [
        "", String(repeating: "x", count: 129), "has space", "new\r\nline", "quote\"", "slash/", "ünicode",
        "semi;colon",
    ])
    func replacesUnsafeID(id: String) {
        var source = RequestIDSource()

        #expect(!RequestID.isSafe(id))
        #expect(source.resolve(clientID: id) != id)
    }

    @Test func generatesDistinctSafeIDs() {
        let ids = (0..<100).map { _ in RequestID.generate() }

        #expect(Set(ids).count == 100)
        #expect(ids.allSatisfy { $0.utf8.count == 32 })
        #expect(ids.allSatisfy(RequestID.isSafe))
    }

    /// 100 ids span several 256-byte refills of the connection's entropy pool.
    @Test func sourceRefillsWithDistinctIDs() {
        var source = RequestIDSource()
        let ids = (0..<100).map { _ in source.generate() }

        #expect(Set(ids).count == 100)
        #expect(ids.allSatisfy { $0.utf8.count == 32 })
        #expect(ids.allSatisfy { $0.utf8.allSatisfy { byte in "0123456789abcdef".utf8.contains(byte) } })
    }

    @Test func sourceGeneratesIDWithoutClientID() {
        var source = RequestIDSource()

        #expect(source.resolve(clientID: nil).utf8.count == 32)
    }
}
