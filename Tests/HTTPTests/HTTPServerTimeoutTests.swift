import Foundation
import Testing

@testable import HTTP

/// Timeouts are 1 second here. Checks allow up to 3 seconds more, because a loaded machine may wake threads late.
@Suite(.serialized) struct HTTPServerTimeoutTests {
    @Test func closesDripFeedingClientAtHeaderDeadline() async throws {
        let server = try TestServer.start { $0.headerTimeout = 1 }
        let (response, elapsed, bytesSent) = try await onThread {
            let client = try TestClient(port: server.port)
            let start = ContinuousClock.now
            let text = Array(get("/", "X-Slow: \(String(repeating: "s", count: 60))\r\n").utf8)
            var sent = 0
            // One byte every 0.2 seconds would take over 16 seconds for the whole request.
            for byte in text {
                guard (try? client.send([byte])) != nil else { break }
                sent += 1
                if client.waitForInput(timeout: 0.2) { break }
            }
            let response = try client.readResponse()
            return (response, seconds(since: start), sent)
        }
        await server.stop()

        #expect(response?.status == 408)
        #expect(response?.headers["Connection"] == "close")
        #expect(elapsed >= 0.9)
        #expect(elapsed < 4)
        #expect(bytesSent < 40)
        #expect(server.receivedPaths.isEmpty)
    }

    @Test func answers408WhenBodyTimesOut() async throws {
        let server = try TestServer.start { $0.bodyTimeout = 1 }
        let (response, elapsed, closed) = try await onThread {
            let client = try TestClient(port: server.port)
            let start = ContinuousClock.now
            try client.send("POST /slow HTTP/1.1\r\nHost: t\r\nX-Request-Id: body-1\r\nContent-Length: 10\r\n\r\nabc")
            let response = try client.readResponse()
            return (response, seconds(since: start), client.waitForClose())
        }
        await server.stop()

        #expect(response?.status == 408)
        #expect(response?.headers["X-Request-Id"] == "body-1")
        #expect(elapsed >= 0.9)
        #expect(elapsed < 4)
        #expect(closed)
    }

    @Test func closesIdleKeepAliveConnection() async throws {
        let (status, elapsed, closed) = try await closeAfterOneRequest(idleTimeout: 1)

        #expect(status == 200)
        #expect(closed)
        #expect(elapsed >= 0.9)
        #expect(elapsed < 4)
    }

    /// The wait between requests is cut into 250 ms slices, and a shorter idle timeout still ends it on time.
    @Test func closesIdleConnectionBeforeCheckInterval() async throws {
        let (status, elapsed, closed) = try await closeAfterOneRequest(idleTimeout: 0.02)

        #expect(status == 200)
        #expect(closed)
        #expect(elapsed < Double(Socket.idleCheckMilliseconds) / 1000)
    }

    /// Sends one request and returns its status, the seconds from the response until the server closed the
    /// connection, and whether it closed.
    private func closeAfterOneRequest(idleTimeout: Double) async throws -> (Int?, Double, Bool) {
        let server = try TestServer.start { $0.idleTimeout = idleTimeout }
        let result = try await onThread {
            let client = try TestClient(port: server.port)
            try client.send(get("/"))
            let response = try client.readResponse()
            let start = ContinuousClock.now
            let closed = client.waitForClose()
            return (response?.status, seconds(since: start), closed)
        }
        await server.stop()
        return result
    }

    @Test func closesSilentNewConnectionAtHeaderDeadline() async throws {
        let server = try TestServer.start { $0.headerTimeout = 1 }
        let (response, elapsed) = try await onThread {
            let client = try TestClient(port: server.port)
            let start = ContinuousClock.now
            return (try client.readResponse(), seconds(since: start))
        }
        await server.stop()

        #expect(response == nil)
        #expect(elapsed >= 0.9)
        #expect(elapsed < 4)
    }

    @Test func keepsConnectionThatSendsWithinTimeouts() async throws {
        let server = try TestServer.start { configuration in
            configuration.headerTimeout = 1
            configuration.idleTimeout = 1
        }
        let statuses = try await onThread {
            let client = try TestClient(port: server.port)
            var statuses: [Int?] = []
            for _ in 0..<3 {
                Thread.sleep(forTimeInterval: 0.6)
                try client.send(get("/"))
                statuses.append(try client.readResponse()?.status)
            }
            return statuses
        }
        await server.stop()

        #expect(statuses == [200, 200, 200])
    }
}
