import Foundation
import Testing

@testable import HTTP

/// A head check that rejects `/private` with 401, as a route that needs a token would before reading the body.
@Sendable private func rejectPrivate(_ request: HTTPRequest) -> HTTPResponse? {
    guard request.path == "/private" else { return nil }
    return .error(status: 401, code: "unauthorized", message: "Send a bearer token.", requestID: request.requestID)
}

@Suite struct HTTPServerExpectTests {
    @Test(arguments: Feeding.allCases)
    func headCheckRespondsBeforeContinue(feeding: Feeding) async throws {
        let server = try TestServer.start(headCheck: rejectPrivate)
        let text = "POST /private HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"
        let (response, closed) = try await onThread {
            let client = try TestClient(port: server.port)
            client.sendIgnoringFailures(Array(text.utf8), oneByteAtATime: feeding == .oneByteAtATime)
            return (try client.readResponse(), client.waitForClose())
        }
        let aliveStatus = try await onThread { try HTTPServerRawCaseTests.statusOfNewRequest(port: server.port) }
        await server.stop()

        #expect(response?.status == 401)
        #expect(response?.headers["Connection"] == "close")
        #expect(closed)
        #expect(server.receivedPaths == ["/alive"])
        #expect(aliveStatus == 200)
    }

    @Test func headCheckPassesOtherRequests() async throws {
        let server = try TestServer.start(headCheck: rejectPrivate)
        let (interim, final) = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send("POST /open HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
            let interim = try client.readResponse()
            try client.send("ok")
            return (interim, try client.readResponse())
        }
        await server.stop()

        #expect(interim?.status == 100)
        #expect(final?.text == "POST /open - ok")
    }

    @Test func headCheckSkipsRequestsWithoutExpect() async throws {
        let server = try TestServer.start(headCheck: rejectPrivate)
        let response = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send("POST /private HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nok")
            return try client.readResponse()
        }
        await server.stop()

        // Without Expect the body is already on its way, so the handler decides, and here it echoes.
        #expect(response?.text == "POST /private - ok")
    }

    @Test func expectationIsIgnoredInHTTP10() async throws {
        let server = try TestServer.start()
        let response = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send("POST /a HTTP/1.0\r\nExpect: something\r\nContent-Length: 2\r\n\r\nok")
            return try client.readResponse()
        }
        await server.stop()

        #expect(response?.status == 200)
    }
}

@Suite struct HTTPServerDisconnectTests {
    @Test(arguments: Feeding.allCases)
    func clientResetMidBodyLogsNo500(feeding: Feeding) async throws {
        let server = try TestServer.start()
        try await onThread {
            let client = try TestClient(port: server.port)
            let head = "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\npartial"
            client.sendIgnoringFailures(Array(head.utf8), oneByteAtATime: feeding == .oneByteAtATime)
            client.reset()
        }
        #expect(await waitUntil { server.server.openConnections == 0 })
        let aliveStatus = try await onThread { try HTTPServerRawCaseTests.statusOfNewRequest(port: server.port) }
        await server.stop()

        #expect(aliveStatus == 200)
        #expect(server.receivedPaths == ["/alive"])
        #expect(server.logLines(containing: "http.status=500").isEmpty)
        #expect(server.logLines(containing: "level=error").isEmpty)
    }

    @Test func clientResetCancelsHandler() async throws {
        let started = LockedValue(false)
        let cancelled = LockedValue(false)
        let server = try TestServer.start(handler: { request in
            started.withLock { $0 = true }
            do {
                try await Task.sleep(for: .seconds(30))
            } catch {
                cancelled.withLock { $0 = true }
            }
            return HTTPResponse(status: 500)
        })
        let client = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send(get("/slow"))
            return client
        }
        #expect(await waitUntil { started.withLock { $0 } })

        try await onThread { client.reset() }
        let handlerStopped = await waitUntil { cancelled.withLock { $0 } }
        #expect(await waitUntil { server.server.openConnections == 0 })
        await server.stop()

        #expect(handlerStopped)
        #expect(server.server.statistics.snapshot.cancelledHandlers == 1)
        #expect(server.logLines(containing: "http.status=500").isEmpty)
        #expect(server.logLines(containing: "handler cancelled").count == 1)
    }

    /// A client that sends FIN after its last request still gets every response, the last one included.
    @Test(arguments: [1, 3])
    func halfClosedClientGetsResponses(count: Int) async throws {
        let server = try TestServer.start(handler: { request in
            try? await Task.sleep(for: .milliseconds(200))
            return await TestServer.echo(request)
        })
        let texts = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send((1...count).map { get("/r\($0)") }.joined())
            client.shutdownWrite()
            return try (1...count).map { _ in try client.readResponse()?.text }
        }
        await server.stop()

        #expect(texts == (1...count).map { "GET /r\($0) - " })
        #expect(server.server.statistics.snapshot.cancelledHandlers == 0)
    }
}

@Suite struct HTTPServerStatisticsTests {
    @Test func countsHeaderTimeoutAndRejections() async throws {
        let server = try TestServer.start { $0.headerTimeout = 0.5 }
        let status = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\nX-Slow: ")
            return try client.readResponse()?.status
        }
        _ = try await sendRejected("GET /a%zz HTTP/1.1\r\nHost: t\r\n\r\n", feeding: .whole, port: server.port)
        await server.stop()

        let statistics = server.server.statistics.snapshot
        #expect(status == 408)
        #expect(statistics.headerTimeouts == 1)
        #expect(statistics.bodyTimeouts == 0)
        #expect(statistics.rejectedRequests == [408: 1, 400: 1])
        #expect(statistics.acceptedConnections == 2)
        #expect(statistics.rejectedConnections == 0)
    }
}

@Suite struct HTTPServerDrainTests {
    /// Sends a GET for `/slow` and returns the response and whether the server closed the connection after it.
    private func slowRequest(port: Int) -> Task<(TestResponse?, Bool), Error> {
        Task {
            try await onThread {
                let client = try TestClient(port: port, receiveTimeout: 20)
                try client.send(get("/slow"))
                return (try client.readResponse(), client.waitForClose())
            }
        }
    }

    @Test func drainTimeoutCancelsSlowHandler() async throws {
        let started = LockedValue(false)
        let server = try TestServer.start(
            configure: { $0.drainTimeout = 0.5 },
            handler: { _ in
                started.withLock { $0 = true }
                try? await Task.sleep(for: .seconds(30))
                return HTTPResponse(status: 200, body: Array((Task.isCancelled ? "cancelled" : "finished").utf8))
            })
        let result = slowRequest(port: server.port)
        #expect(await waitUntil { started.withLock { $0 } })

        server.server.shutdown()
        let (response, closed) = try await result.value
        await server.server.waitUntilStopped()

        #expect(response?.text == "cancelled")
        #expect(response?.headers["Connection"] == "close")
        #expect(closed)
        #expect(server.server.statistics.snapshot.cancelledHandlers == 1)
    }

    @Test func drainTimeoutAnswers503ForHandlerIgnoringCancellation() async throws {
        let started = LockedValue(false)
        let server = try TestServer.start(
            configure: { $0.drainTimeout = 0.5 },
            handler: { _ in
                started.withLock { $0 = true }
                // A wait that cancellation cannot end, as in a handler stuck in a blocking call.
                await withCheckedContinuation { continuation in
                    DispatchQueue.global().asyncAfter(deadline: .now() + 4) { continuation.resume() }
                }
                return HTTPResponse(status: 200)
            })
        let result = slowRequest(port: server.port)
        #expect(await waitUntil { started.withLock { $0 } })

        server.server.shutdown()
        let (response, closed) = try await result.value
        await server.server.waitUntilStopped()

        #expect(response?.status == 503)
        #expect(closed)
        #expect(server.logLines(containing: "handler did not finish within the drain timeout").count == 1)
    }

    @Test func drainTimeoutEndsUnfinishedRequest() async throws {
        let server = try TestServer.start { $0.drainTimeout = 0.5 }
        let client = try await onThread {
            let client = try TestClient(port: server.port, receiveTimeout: 20)
            try client.send("POST /partial HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
            return client
        }
        #expect(await waitUntil { server.server.openConnections == 1 })

        server.server.shutdown()
        let (response, closed) = try await onThread { (try client.readResponse(), client.waitForClose()) }
        await server.server.waitUntilStopped()

        #expect(response?.status == 503)
        #expect(closed)
        #expect(server.receivedPaths.isEmpty)
    }

    @Test func shutdownFinishesRequestStillArriving() async throws {
        let server = try TestServer.start()
        let client = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send("POST /late HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\n\r\nabc")
            return client
        }
        #expect(await waitUntil { server.server.openConnections == 1 })

        server.server.shutdown()
        let response = try await onThread {
            try client.send("def")
            return try client.readResponse()
        }
        await server.server.waitUntilStopped()

        #expect(response?.text == "POST /late - abcdef")
        #expect(response?.headers["Connection"] == "close")
    }
}
