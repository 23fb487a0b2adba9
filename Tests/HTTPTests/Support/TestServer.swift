import Foundation
import Logging

@testable import HTTP

/// A server on 127.0.0.1 with a kernel-chosen port, its log lines kept in memory and its requests recorded.
struct TestServer: Sendable {
    let server: HTTPServer
    let port: Int
    let logSink: LogSink
    let requests: LockedValue<[HTTPRequest]>

    /// Starts a server whose handler records each request and passes it to `handler`.
    ///
    /// - Parameters:
    ///   - configure: Changes to the default configuration, applied after host and port are set to 127.0.0.1 and 0.
    ///   - headCheck: The server's check of requests that wait for `100 Continue`. Default: none.
    ///   - immediateHandler: The server's immediate handler. Requests it responds to never reach `handler`.
    ///     Default: none.
    ///   - handler: Produces the responses. Default: `TestServer.echo`.
    static func start(
        configure: (inout HTTPServer.Configuration) -> Void = { _ in },
        headCheck: HTTPServer.HeadCheck? = nil,
        immediateHandler: HTTPServer.ImmediateHandler? = nil,
        handler: @escaping HTTPServer.Handler = TestServer.echo
    ) throws -> TestServer {
        var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0)
        configure(&configuration)
        let sink = LogSink.memory()
        let logger = Logger(label: "http-test", level: .debug, format: .logfmt, sink: sink)
        let requests = LockedValue<[HTTPRequest]>([])

        let server = HTTPServer(
            configuration: configuration, logger: logger, headCheck: headCheck, immediateHandler: immediateHandler
        ) { request in
            requests.withLock { $0.append(request) }
            return await handler(request)
        }
        let port = try server.start()
        return TestServer(server: server, port: port, logSink: sink, requests: requests)
    }

    /// Returns a 200 response whose text body repeats the method, path, query and body of the request.
    @Sendable static func echo(_ request: HTTPRequest) async -> HTTPResponse {
        let text =
            "\(request.method) \(request.path) \(request.query ?? "-") \(String(decoding: request.body, as: UTF8.self))"
        return HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Array(text.utf8))
    }

    /// Paths of the requests the handler has received, in order.
    var receivedPaths: [String] {
        requests.withLock { $0.map(\.path) }
    }

    /// Shuts the server down and waits until every connection has closed.
    func stop() async {
        server.shutdown()
        await server.waitUntilStopped()
    }

    /// Log lines whose message is `message`.
    func logLines(containing text: String) -> [String] {
        logSink.capturedLines.filter { $0.contains(text) }
    }
}
