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

    @Test func slowClientDoesNotBlockOthers() async throws {
        let server = try TestServer.start()
        let (status, elapsed) = try await onThread {
            let slow = try TestClient(port: server.port)
            try slow.send("POST /slow HTTP/1.1\r\nHost: t\r\nContent-Le")
            let fast = try TestClient(port: server.port)
            let start = ContinuousClock.now
            try fast.send(get("/fast"))
            let status = try fast.readResponse()?.status
            return (status, seconds(since: start))
        }
        await server.stop()

        #expect(status == 200)
        #expect(elapsed < 2)
    }

    @Test func slowHandlerDoesNotBlockOtherConnections() async throws {
        let server = try TestServer.start(handler: { request in
            if request.path == "/slow" {
                try? await Task.sleep(for: .seconds(3))
            }
            return await TestServer.echo(request)
        })
        let (fastElapsed, slowText) = try await onThread {
            let slow = try TestClient(port: server.port)
            try slow.send(get("/slow"))
            let fast = try TestClient(port: server.port)
            let start = ContinuousClock.now
            try fast.send(get("/fast"))
            _ = try fast.readResponse()
            let fastElapsed = seconds(since: start)
            return (fastElapsed, try slow.readResponse()?.text)
        }
        await server.stop()

        #expect(fastElapsed < 2)
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
}
