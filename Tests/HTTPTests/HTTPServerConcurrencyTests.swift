import Foundation
import Testing

@testable import HTTP

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct HTTPServerConcurrencyTests {
    @Test func servesManyConnectionsAtOnce() async throws {
        let server = try TestServer.start()
        let clientCount = 64
        let texts = try await withThrowingTaskGroup(of: [String?].self) { group in
            for index in 0..<clientCount {
                group.addTask {
                    try await onThread {
                        let client = try TestClient(port: server.port)
                        return try (0..<3).map { round in
                            try client.send(get("/c\(index)/r\(round)"))
                            return try client.readResponse()?.text
                        }
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append(contentsOf: $1) }
        }
        await server.stop()

        #expect(texts.count == clientCount * 3)
        #expect(Set(texts.compactMap { $0 }).count == clientCount * 3)
    }

    // Other suites run CPU-bound work in this process at the same time, so these tests check the order of
    // events, with generous timeouts, rather than tight latencies.
    @Test func slowClientDoesNotBlockOthers() async throws {
        let server = try TestServer.start { $0.headerTimeout = 60 }
        let (status, slowStillWaiting) = try await onThread {
            let slow = try TestClient(port: server.port, receiveTimeout: 30)
            try slow.send("POST /slow HTTP/1.1\r\nHost: t\r\nContent-Le")
            let fast = try TestClient(port: server.port, receiveTimeout: 30)
            try fast.send(get("/fast"))
            let status = try fast.readResponse()?.status
            return (status, !slow.waitForInput(timeout: 0))
        }
        await server.stop()

        #expect(status == 200)
        #expect(slowStillWaiting)
    }

    @Test func slowHandlerDoesNotBlockOtherConnections() async throws {
        let gate = LockedValue(false)
        let server = try TestServer.start(handler: { request in
            if request.path == "/slow" {
                // Holds the slow request until the fast one has been answered, or for 30 s at most.
                for _ in 0..<600 where !gate.withLock({ $0 }) {
                    try? await Task.sleep(for: .milliseconds(50))
                }
            }
            return await TestServer.echo(request)
        })
        let (fastText, slowText) = try await onThread {
            let slow = try TestClient(port: server.port, receiveTimeout: 40)
            try slow.send(get("/slow"))
            let fast = try TestClient(port: server.port, receiveTimeout: 20)
            try fast.send(get("/fast"))
            let fastText = try fast.readResponse()?.text
            gate.withLock { $0 = true }
            return (fastText, try slow.readResponse()?.text)
        }
        await server.stop()

        #expect(fastText == "GET /fast - ")
        #expect(slowText == "GET /slow - ")
    }

    @Test func rejectsConnectionsOverLimit() async throws {
        let server = try TestServer.start { $0.maxConnections = 2 }
        let (rejected, rejectedClosed, served) = try await onThread {
            let first = try TestClient(port: server.port)
            let second = try TestClient(port: server.port)
            for client in [first, second] {
                try client.send(get("/held"))
                _ = try client.readResponse()
            }

            let third = try TestClient(port: server.port)
            let rejected = try third.readResponse()
            let rejectedClosed = third.waitForClose()

            try first.send(get("/last", "Connection: close\r\n"))
            _ = try first.readResponse()
            _ = first.waitForClose()
            first.close()
            var served: Int?
            for _ in 0..<100 where served != 200 {
                Thread.sleep(forTimeInterval: 0.05)
                let fourth = try TestClient(port: server.port)
                try? fourth.send(get("/again"))
                served = try? fourth.readResponse()?.status
            }
            return (rejected, rejectedClosed, served)
        }
        await server.stop()

        #expect(rejected?.status == 503)
        #expect(rejected?.headers["Connection"] == "close")
        #expect(rejected?.headers["X-Request-Id"] != nil)
        #expect(rejected?.text.contains("too_many_connections") == true)
        #expect(rejectedClosed)
        #expect(served == 200)
    }

    /// A burst of rejections is logged in full: the count of the last second used to wait for a rejection that
    /// never came.
    @Test func logsEveryRejectedConnection() async throws {
        let server = try TestServer.start { $0.maxConnections = 1 }
        try await onThread {
            let heldConnection = try TestClient(port: server.port)
            try heldConnection.send(get("/held"))
            _ = try heldConnection.readResponse()
            for _ in 0..<4 {
                let rejected = try TestClient(port: server.port)
                _ = try rejected.readResponse()
                _ = rejected.waitForClose()
            }
            Thread.sleep(forTimeInterval: 1.5)
            heldConnection.close()
        }
        await server.stop()

        let counts = server.logSink.capturedLines.filter { $0.contains("connection limit reached") }.compactMap {
            line in
            line.split(separator: " ").first { $0.hasPrefix("http.rejected=") }.flatMap { Int($0.dropFirst(14)) }
        }
        #expect(counts.reduce(0, +) == 4)
    }
}
