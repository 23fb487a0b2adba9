import Testing

@testable import HTTP

@Suite struct HTTPServerConnectionTests {
    @Test func keepsHTTP11ConnectionOpen() async throws {
        let server = try TestServer.start()
        let responses = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send(get("/one"))
            let first = try client.readResponse()
            try client.send(get("/two"))
            let second = try client.readResponse()
            return [first, second]
        }
        await server.stop()

        #expect(responses.map { $0?.text } == ["GET /one - ", "GET /two - "])
        #expect(responses.allSatisfy { $0?.headers["Connection"] == nil })
    }

    @Test func honoursConnectionClose() async throws {
        let server = try TestServer.start()
        let (response, closed) = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send(get("/bye", "Connection: close\r\n") + get("/ignored"))
            return (try client.readResponse(), client.waitForClose())
        }
        await server.stop()

        #expect(response?.status == 200)
        #expect(response?.headers["Connection"] == "close")
        #expect(closed)
        #expect(server.receivedPaths == ["/bye"])
    }

    @Test func closesHTTP10ByDefault() async throws {
        let server = try TestServer.start()
        let (response, closed) = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send("GET /old HTTP/1.0\r\n\r\n")
            return (try client.readResponse(), client.waitForClose())
        }
        await server.stop()

        #expect(response?.status == 200)
        #expect(response?.headers["Connection"] == "close")
        #expect(closed)
    }

    @Test func keepsHTTP10WithKeepAlive() async throws {
        let server = try TestServer.start()
        let responses = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let first = try client.readResponse()
            try client.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            return [first, try client.readResponse()]
        }
        await server.stop()

        #expect(responses.map { $0?.headers["Connection"] } == ["keep-alive", "keep-alive"])
        #expect(responses.map { $0?.text } == ["GET /a - ", "GET /b - "])
    }

    @Test(arguments: Feeding.allCases)
    func answersPipelinedRequestsInOrder(feeding: Feeding) async throws {
        let server = try TestServer.start()
        let bodies = try await onThread {
            let client = try TestClient(port: server.port)
            let text = get("/1") + "POST /2 HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nbody" + get("/3?q=x")
            if feeding == .whole {
                try client.send(text)
            } else {
                try client.sendOneByteAtATime(text)
            }
            return try (0..<3).map { _ in try client.readResponse()?.text }
        }
        await server.stop()

        #expect(bodies == ["GET /1 - ", "POST /2 - body", "GET /3 q=x "])
    }

    @Test func answersHeadWithoutBody() async throws {
        let server = try TestServer.start()
        let (head, next) = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send("HEAD /page HTTP/1.1\r\nHost: t\r\n\r\n" + get("/after"))
            return (try client.readResponse(forHead: true), try client.readResponse())
        }
        await server.stop()

        #expect(head?.status == 200)
        #expect(head?.headers["Content-Length"] == String("HEAD /page - ".utf8.count))
        #expect(next?.text == "GET /after - ")
        #expect(server.requests.withLock { $0.first?.method } == "HEAD")
    }

    @Test func sendsStandardFieldsOnEveryResponse() async throws {
        let server = try TestServer.start()
        let response = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send(get("/"))
            return try client.readResponse()
        }
        await server.stop()

        let headers = try #require(response?.headers)
        #expect(headers["Content-Length"] == String("GET / - ".utf8.count))
        #expect(headers["Date"]?.hasSuffix(" GMT") == true)
        #expect(headers["X-Request-Id"].map(RequestID.isSafe) == true)
    }

    @Test(arguments: [
        ("abc-123", true),
        ("a.b:c_d", true),
        (String(repeating: "x", count: 129), false),
        ("bad id", false),
        ("semi;colon", false),
    ])
    func echoesOnlySafeRequestID(clientID: String, echoed: Bool) async throws {
        let server = try TestServer.start()
        let response = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send(get("/", "X-Request-Id: \(clientID)\r\n"))
            return try client.readResponse()
        }
        await server.stop()

        let sentID = try #require(response?.headers["X-Request-Id"])
        #expect((sentID == clientID) == echoed)
        #expect(RequestID.isSafe(sentID))
        #expect(server.requests.withLock { $0.first?.requestID } == sentID)
    }

    @Test func answers500ForInvalidHandlerStatus() async throws {
        let server = try TestServer.start(handler: { _ in HTTPResponse(status: 42) })
        let response = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send(get("/"))
            return try client.readResponse()
        }
        await server.stop()

        #expect(response?.status == 500)
        #expect(response?.text.contains("internal_error") == true)
    }
}
