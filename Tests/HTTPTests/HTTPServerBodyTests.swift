import Testing

@testable import HTTP

@Suite struct HTTPServerBodyTests {
    @Test(arguments: Feeding.allCases)
    func readsContentLengthBody(feeding: Feeding) async throws {
        let server = try TestServer.start()
        let response = try await onThread {
            let client = try TestClient(port: server.port)
            let text = "POST /verify HTTP/1.1\r\nHost: t\r\nContent-Length: 12\r\n\r\n{\"a\": \"b c\"}"
            if feeding == .whole {
                try client.send(text)
            } else {
                try client.sendOneByteAtATime(text)
            }
            return try client.readResponse()
        }
        await server.stop()

        #expect(response?.text == "POST /verify - {\"a\": \"b c\"}")
    }

    @Test func treatsMissingContentLengthAsEmptyBody() async throws {
        let server = try TestServer.start()
        let response = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send("POST /empty HTTP/1.1\r\nHost: t\r\n\r\n")
            return try client.readResponse()
        }
        await server.stop()

        #expect(response?.text == "POST /empty - ")
    }

    @Test func acceptsChunkedBody() async throws {
        let server = try TestServer.start()
        let response = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send(
                "POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
            return try client.readResponse()
        }
        await server.stop()

        #expect(response?.text == "POST /c - abcde")
    }

    @Test func sendsContinueBeforeBody() async throws {
        let server = try TestServer.start()
        let (interim, final) = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send("POST /e HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
            let interim = try client.readResponse()
            try client.send("ok")
            return (interim, try client.readResponse())
        }
        await server.stop()

        #expect(interim?.status == 100)
        #expect(final?.text == "POST /e - ok")
    }
}
