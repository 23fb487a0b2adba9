import Foundation
import Logging
import Testing

@testable import HTTP

@Suite struct HTTPServerLifecycleTests {
    @Test func shutdownLetsInFlightRequestFinish() async throws {
        let started = LockedValue(false)
        let server = try TestServer.start(handler: { request in
            if request.path == "/slow" {
                started.withLock { $0 = true }
                try? await Task.sleep(for: .milliseconds(500))
            }
            return await TestServer.echo(request)
        })

        let idle = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send(get("/warm"))
            _ = try client.readResponse()
            return client
        }
        let slowResult = Task {
            try await onThread {
                let client = try TestClient(port: server.port)
                try client.send(get("/slow"))
                return (try client.readResponse(), client.waitForClose())
            }
        }
        #expect(await waitUntil { started.withLock { $0 } })

        server.server.shutdown()
        let idleClosed = try await onThread { idle.waitForClose() }
        let (response, slowClosed) = try await slowResult.value
        await server.server.waitUntilStopped()

        #expect(idleClosed)
        #expect(response?.text == "GET /slow - ")
        #expect(response?.headers["Connection"] == "close")
        #expect(slowClosed)
        #expect(server.server.openConnections == 0)
        #expect(throws: TestClientError.self) { try TestClient(port: server.port) }
    }

    @Test func waitUntilStoppedReturnsWithoutConnections() async throws {
        let server = try TestServer.start()
        server.server.shutdown()
        server.server.shutdown()
        await server.server.waitUntilStopped()

        #expect(server.logLines(containing: "HTTP server stopped accepting connections").count == 1)
    }

    @Test func refusesSecondStart() throws {
        let server = try TestServer.start()
        defer { server.server.shutdown() }

        #expect(throws: HTTPServerError.self) { try server.server.start() }
    }

    @Test(arguments: [
        HTTPServer.Configuration(port: 70_000),
        HTTPServer.Configuration(port: 0, maxBodyBytes: 0),
        HTTPServer.Configuration(port: 0, headerTimeout: 0),
        HTTPServer.Configuration(port: 0, idleTimeout: .infinity),
        HTTPServer.Configuration(host: "not a host name", port: 0),
    ])
    func rejectsInvalidConfiguration(configuration: HTTPServer.Configuration) {
        let server = HTTPServer(configuration: configuration, logger: Logger(label: "test")) { _ in
            HTTPResponse(status: 200)
        }

        #expect(throws: HTTPServerError.self) { try server.start() }
    }

    @Test func survivesClientClosingMidBody() async throws {
        let server = try TestServer.start()
        try await onThread {
            let client = try TestClient(port: server.port)
            try client.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\npartial")
        }
        #expect(await waitUntil { server.server.openConnections == 0 })

        let status = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send(get("/after"))
            return try client.readResponse()?.status
        }
        await server.stop()

        let lines = server.logLines(containing: "client closed the connection mid-request")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("level=debug") == true)
        #expect(lines.first?.contains("http.path=/upload") == true)
        #expect(status == 200)
        #expect(server.receivedPaths == ["/after"])
    }
}

extension HTTPServerLifecycleTests {
    /// Writing to a client that has gone away fails with EPIPE or ECONNRESET, and SIGPIPE would end the process.
    ///
    /// The handler returns at once, so the response is written before the server's check for a departed client.
    @Test func survivesWritingToClosedClient() async throws {
        let server = try TestServer.start(handler: { _ in
            HTTPResponse(status: 200, body: [UInt8](repeating: 0x61, count: 8 * 1_048_576))
        })
        try await onThread {
            let client = try TestClient(port: server.port)
            try client.send(get("/large"))
        }
        #expect(await waitUntil { server.server.openConnections == 0 })

        let status = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send(get("/after"))
            return try client.readResponse()?.status
        }
        await server.stop()

        #expect(status == 200)
        #expect(server.logLines(containing: "connection lost while writing a response").count == 1)
    }
}

@Suite struct HTTPServerLoggingTests {
    @Test func logsOneLinePerRequest() async throws {
        let server = try TestServer.start()
        try await onThread {
            let client = try TestClient(port: server.port)
            let body = "top-secret-body"
            try client.send(
                "POST /p HTTP/1.1\r\nHost: t\r\nX-Request-Id: log-1\r\nAuthorization: Bearer hunter2\r\n"
                    + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
            )
            _ = try client.readResponse()
        }
        await server.stop()

        let lines = server.logLines(containing: "request handled")
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        for field in [
            "level=info", "request.id=log-1", "http.method=POST", "http.path=/p", "http.status=200", "duration_ms=",
        ] {
            #expect(line.contains(field), "missing \(field)")
        }
        #expect(!server.logSink.capturedLines.contains { $0.contains("hunter2") || $0.contains("top-secret-body") })
    }

    @Test func logsRejectedRequest() async throws {
        let server = try TestServer.start()
        _ = try await sendRejected(get("/x", "Bad Field: 1\r\n"), feeding: .whole, port: server.port)
        await server.stop()

        let lines = server.logLines(containing: "request rejected")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("http.status=400") == true)
        #expect(lines.first?.contains("error=") == true)
    }
}
