import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A `refiner serve` child process on a kernel-chosen port, with its log lines collected.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    private let output = Pipe()
    // The lock guards `logText`, which the pipe's reading handler appends to.
    private let lock = NSLock()
    private var logText = ""

    /// Starts the `refiner` executable built beside the test bundle, from the repository root.
    init() throws {
        let executable = try Self.executableURL()
        process.executableURL = executable
        process.arguments = ["serve", "--port", "0"]
        process.currentDirectoryURL = try repositoryRoot()
        var environment = ProcessInfo.processInfo.environment
        environment["REFINER_LOG_FORMAT"] = "logfmt"
        environment["REFINER_LOG_LEVEL"] = "info"
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            self?.lock.withLock { self?.logText += text }
        }
        try process.run()
    }

    deinit {
        output.fileHandleForReading.readabilityHandler = nil
        if process.isRunning {
            process.terminate()
        }
    }

    var log: String {
        lock.withLock { logText }
    }

    /// Returns the port from the `server.port=` field of the start-up line, once it has been logged.
    var port: Int? {
        guard let range = log.range(of: "server.port=") else { return nil }
        return Int(log[range.upperBound...].prefix { $0.isNumber })
    }

    /// Suspends until the process exits, at most `timeout` seconds, and returns whether it did.
    func waitForExit(timeout: Double) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return !process.isRunning
    }

    /// Returns the `refiner` executable in the build folder that contains the running test bundle.
    private static func executableURL() throws -> URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On Linux the runner is `<build>/RefinerPackageTests.xctest`, an executable beside `refiner`.
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("refiner")
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        throw RawClientError(description: "no refiner executable near \(CommandLine.arguments[0]); run swift build")
    }
}

/// Polls `condition` every 50 ms for up to `timeout` seconds and returns its last result.
private func pollUntil(timeout: Double, _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return await condition()
}

@Suite(.serialized) struct ServeShutdownTests {
    /// A request whose body is still arriving when the signal comes gets its response, an idle
    /// keep-alive connection is closed, new connections are refused, and the process exits with status 0.
    @Test(arguments: [SIGTERM, SIGINT])
    func signalDrainsInFlightRequest(signal: Int32) async throws {
        let serve = try ServeProcess()
        #expect(await pollUntil(timeout: 30) { serve.port != nil }, "log: \(serve.log)")
        let port = try #require(serve.port)
        let ready = await pollUntil(timeout: 60) {
            let status = try? await runOnThread { () -> Int? in
                let client = try ByteClient(port: port)
                client.send(APIRawCase.bare("GET /ready HTTP/1.1"))
                return try client.readResponse()?.status
            }
            return status == 200
        }
        #expect(ready, "log: \(serve.log)")

        let body = Array(#"{"contexts": ["Sales rose 5% in May."], "answer": "Sales rose 5% in May."}"#.utf8)
        let (idle, inFlight) = try await runOnThread {
            let idle = try ByteClient(port: port)
            idle.send(APIRawCase.bare("GET /health HTTP/1.1"))
            _ = try idle.readResponse()
            let inFlight = try ByteClient(port: port)
            let request = APIRawCase.post("/verify", body: body)
            inFlight.send(Array(request.dropLast(10)))
            return (idle, inFlight)
        }
        // The server reads the head before the signal, so the request is in flight when shutdown begins.
        try await Task.sleep(for: .milliseconds(300))

        kill(serve.process.processIdentifier, signal)
        let idleClosed = try await runOnThread { idle.waitForClose() }
        let refused = await pollUntil(timeout: 10) { (try? ByteClient(port: port)) == nil }
        let response = try await runOnThread { () -> RawResponse? in
            inFlight.send(Array(body.suffix(10)))
            return try inFlight.readResponse()
        }
        let exited = await serve.waitForExit(timeout: 30)

        #expect(idleClosed)
        #expect(refused)
        #expect(response?.status == 200)
        #expect(response?.header("Connection") == "close")
        #expect(try response?.json()["label"] as? String == "supported")
        #expect(exited)
        #expect(serve.process.terminationReason == .exit)
        #expect(serve.process.terminationStatus == 0, "log: \(serve.log)")
        #expect(serve.log.contains("shutdown requested"))
        #expect(serve.log.contains("server stopped"))
    }
}
