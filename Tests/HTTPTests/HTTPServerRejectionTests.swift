import Foundation
import Testing

@testable import HTTP

/// What the client saw after sending a request the server must reject.
struct RejectionResult: Sendable {
    var status: Int?
    var headers = HTTPHeaders()
    var errorBody: [String: String] = [:]
    /// Whether the server closed the connection after the response, with no second response.
    var closedAfterResponse = false
}

/// Sends `text` on a new connection and reads the single response and the close that must follow it.
func sendRejected(_ text: String, feeding: Feeding, port: Int) async throws -> RejectionResult {
    try await onThread {
        let client = try TestClient(port: port)
        client.sendIgnoringFailures(Array(text.utf8), oneByteAtATime: feeding == .oneByteAtATime)

        var result = RejectionResult()
        guard let response = try client.readResponse() else { return result }
        result.status = response.status
        result.headers = response.headers
        let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        result.errorBody = object?["error"] as? [String: String] ?? [:]
        result.closedAfterResponse = client.waitForClose()
        return result
    }
}

@Suite struct HTTPServerRejectionTests {
    @Test(arguments: malformedRequests, Feeding.allCases)
    func rejectsMalformedRequest(_ rejection: RejectionCase, feeding: Feeding) async throws {
        let server = try TestServer.start()
        let result = try await sendRejected(rejection.text, feeding: feeding, port: server.port)
        await server.stop()

        #expect(result.status == rejection.status)
        expectErrorResponse(result)
        #expect(server.receivedPaths.isEmpty)
    }

    @Test(arguments: oversizedRequests, Feeding.allCases)
    func rejectsRequestOverLimit(_ rejection: RejectionCase, feeding: Feeding) async throws {
        let server = try TestServer.start { configuration in
            configuration.maxRequestLineBytes = smallLimits.maxRequestLineBytes
            configuration.maxHeaderBytes = smallLimits.maxHeaderBytes
            configuration.maxBodyBytes = smallLimits.maxBodyBytes
        }
        let result = try await sendRejected(rejection.text, feeding: feeding, port: server.port)
        await server.stop()

        #expect(result.status == rejection.status)
        expectErrorResponse(result)
        #expect(server.receivedPaths.isEmpty)
    }

    @Test(arguments: [
        ("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 200\r\n\r\n", 413),
        ("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 50\r\nContent-Length: 60\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 60\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
    ])
    func neverParsesUnreadBodyAsRequest(head: String, status: Int) async throws {
        let server = try TestServer.start { $0.maxBodyBytes = 100 }
        let smuggled = "GET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n"
        let (first, second) = try await onThread {
            let client = try TestClient(port: server.port)
            client.sendIgnoringFailures(Array((head + smuggled).utf8), oneByteAtATime: false)
            return (try client.readResponse(), try? client.readResponse())
        }
        await server.stop()

        #expect(first?.status == status)
        #expect(first?.headers["Connection"] == "close")
        #expect(second == nil)
        #expect(server.receivedPaths.isEmpty)
    }

    @Test func echoesClientRequestIDInErrors() async throws {
        let server = try TestServer.start()
        let text = "POST / HTTP/1.1\r\nHost: t\r\nX-Request-Id: trace-7\r\nContent-Length: -1\r\n\r\n"
        let result = try await sendRejected(text, feeding: .whole, port: server.port)
        await server.stop()

        #expect(result.headers["X-Request-Id"] == "trace-7")
        #expect(result.errorBody["request_id"] == "trace-7")
    }

    @Test func answersHeadRejectionWithoutBody() async throws {
        let server = try TestServer.start()
        let (response, closed) = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send("HEAD / HTTP/1.1\r\nHost: t\r\nContent-Length: x\r\n\r\n")
            return (try client.readResponse(forHead: true), client.waitForClose())
        }
        await server.stop()

        #expect(response?.status == 400)
        #expect(Int(response?.headers["Content-Length"] ?? "") ?? 0 > 0)
        #expect(closed)
    }

    /// Checks the fields and JSON body every error response must have, and the close after it.
    private func expectErrorResponse(_ result: RejectionResult, sourceLocation: SourceLocation = #_sourceLocation) {
        let requestID = result.headers["X-Request-Id"]
        #expect(requestID.map(RequestID.isSafe) == true, sourceLocation: sourceLocation)
        #expect(result.headers["Connection"] == "close", sourceLocation: sourceLocation)
        #expect(result.headers["Content-Length"] != nil, sourceLocation: sourceLocation)
        #expect(result.headers["Date"] != nil, sourceLocation: sourceLocation)
        #expect(result.headers["Content-Type"] == "application/json", sourceLocation: sourceLocation)
        #expect(result.errorBody["code"]?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(result.errorBody["message"]?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(result.errorBody["request_id"] == requestID, sourceLocation: sourceLocation)
        #expect(result.closedAfterResponse, sourceLocation: sourceLocation)
    }
}
