import Testing

@testable import HTTP

@Suite struct HTTPServerImmediateHandlerTests {
    /// Returns the response to `/fast` and nil for every other path, which goes to the async handler.
    @Sendable static func respondToFast(_ request: HTTPRequest) -> HTTPResponse? {
        guard request.path == "/fast" else { return nil }
        return HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Array("fast".utf8))
    }

    @Test(arguments: Feeding.allCases)
    func immediateAndAsyncResponsesKeepOrder(feeding: Feeding) async throws {
        let server = try TestServer.start(immediateHandler: Self.respondToFast)
        let bodies = try await onThread {
            let client = try TestClient(port: server.port)
            let text = get("/fast") + get("/slow") + get("/fast?again=1")
            if feeding == .whole {
                try client.send(text)
            } else {
                try client.sendOneByteAtATime(text)
            }
            return try (0..<3).map { _ in try client.readResponse()?.text }
        }
        await server.stop()

        #expect(bodies == ["fast", "GET /slow - ", "fast"])
        #expect(server.receivedPaths == ["/slow"])
    }

    @Test func immediateResponseHasFieldsAndLogLine() async throws {
        let server = try TestServer.start(immediateHandler: Self.respondToFast)
        let response = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send(get("/fast", "X-Request-Id: probe-1\r\n"))
            return try client.readResponse()
        }
        await server.stop()

        let headers = try #require(response?.headers)
        #expect(headers["Content-Length"] == "4")
        #expect(headers["X-Request-Id"] == "probe-1")
        #expect(headers["Date"]?.hasSuffix(" GMT") == true)
        let lines = server.logLines(containing: "request.id=probe-1")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("http.status=200") == true)
    }

    @Test func headOnImmediateRouteOmitsBody() async throws {
        let server = try TestServer.start(immediateHandler: Self.respondToFast)
        let (head, next) = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send("HEAD /fast HTTP/1.1\r\nHost: t\r\n\r\n" + get("/after"))
            return (try client.readResponse(forHead: true), try client.readResponse())
        }
        await server.stop()

        #expect(head?.status == 200)
        #expect(head?.headers["Content-Length"] == "4")
        #expect(next?.text == "GET /after - ")
    }
}
