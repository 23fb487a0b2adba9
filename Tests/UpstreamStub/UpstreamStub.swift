import Foundation

/// A running `scripts/upstream_stub.py`: an OpenAI-compatible chat completions server on 127.0.0.1 whose replies
/// a test scripts.
///
/// Each instance starts its own child process on a free port, so tests that run in parallel do not share a
/// script or a request log. The process stops on `stop()` or when the instance is released.
public final class UpstreamStub: Sendable {
    /// The TCP port the stub listens on, on 127.0.0.1.
    public let port: Int
    private let process: StubProcess

    /// Base URL for `UpstreamClient.Configuration.url`, such as `http://127.0.0.1:40123/v1`.
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Starts the stub and waits until it listens, on a thread of its own so that the wait blocks no thread of the
    /// cooperative pool, which parallel tests share.
    ///
    /// - Parameters:
    ///   - mode: The reply mode when none is scripted, such as `ok` or `500`. Default: `ok`.
    ///   - delay: Seconds the `slow` mode waits. Default: the script's own, 2 seconds.
    ///   - startTimeout: Seconds to wait for the stub's `listening on` line. Default: 10.
    /// - Throws: `UpstreamStubError` when python3 cannot start or the stub does not report its port in time.
    public init(mode: String = "ok", delay: Double? = nil, startTimeout: Double = 10) async throws {
        var arguments = [Self.scriptPath(), "--port", "0", "--mode", mode]
        if let delay {
            arguments += ["--delay", String(delay)]
        }
        process = try StubProcess(arguments)

        let line = try await process.firstLine(timeout: startTimeout)
        guard line.hasPrefix("listening on 127.0.0.1:"), let port = line.split(separator: ":").last.flatMap({ Int($0) })
        else {
            process.stop()
            throw UpstreamStubError("the upstream stub printed \"\(line)\" instead of \"listening on 127.0.0.1:PORT\"")
        }
        self.port = port
    }

    deinit {
        process.stop()
    }

    /// Replaces the queue of reply modes for the next chat requests; once it is empty, the default mode replies.
    ///
    /// - Parameters:
    ///   - modes: Modes in order, such as `["429", "ok"]`; see `scripts/upstream_stub.py` for the list.
    ///   - delay: Seconds the `slow` mode waits from now on, when given.
    public func script(_ modes: [String], delay: Double? = nil) throws {
        var request: [String: Any] = ["modes": modes]
        if let delay {
            request["delay"] = delay
        }
        _ = try control("POST", "/stub/script", body: try JSONSerialization.data(withJSONObject: request))
    }

    /// Returns the chat requests received so far, oldest first.
    public func requests() throws -> [RecordedRequest] {
        let body = try control("GET", "/stub/requests", body: nil)
        return try JSONDecoder().decode(RecordedRequests.self, from: body).requests
    }

    /// Clears the scripted modes and the recorded requests, and restores the default delay.
    public func reset() throws {
        _ = try control("POST", "/stub/reset", body: Data())
    }

    /// Terminates the stub and waits for it to exit; calling it again does nothing.
    public func stop() {
        process.stop()
    }

    private func control(_ method: String, _ path: String, body: Data?) throws -> Data {
        let response = try LoopbackHTTP.exchange(port: port, method: method, path: path, body: body)
        guard response.status == 200 else {
            let text = String(decoding: response.body, as: UTF8.self)
            throw UpstreamStubError("\(method) \(path) on the upstream stub returned \(response.status): \(text)")
        }
        return response.body
    }

    /// Returns the absolute path of `scripts/upstream_stub.py`, found from this file's place in the package.
    private static func scriptPath() -> String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Tests/UpstreamStub
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // the package root
            .appendingPathComponent("scripts/upstream_stub.py").path
    }
}

/// The reason the upstream stub failed to start or to complete a control request.
public struct UpstreamStubError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
