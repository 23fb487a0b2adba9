import Foundation
import Logging

/// An HTTP/1.1 server on POSIX sockets that passes each request to one async handler.
///
/// One thread accepts connections and each connection gets a thread of its own, which reads with deadlines, so a
/// slow client ties up only its own thread. Between requests it waits in a blocking `recv` with a receive
/// timeout, and within a request through `poll`. The handler runs as a `Task` whose preferred
/// executor is the waiting connection thread itself, so no thread of Swift's cooperative pool is blocked and a
/// handler that awaits no actor runs without a thread switch. Requests on one connection get their responses in
/// order, pipelined ones included.
public final class HTTPServer: Sendable {
    /// Produces the response to a request. Routing, 404 and 405 are the handler's job.
    public typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse
    /// Checks a request before its body is read, when the client sent `Expect: 100-continue`, and returns the
    /// final response to send at once in place of `100 Continue`, or nil to read the body and run the handler.
    ///
    /// The request it receives has an empty `body`. It runs on the connection thread, so it must not block.
    public typealias HeadCheck = @Sendable (HTTPRequest) -> HTTPResponse?
    /// Returns the response to a request at once, on the connection thread, or nil to pass the request to the
    /// async handler.
    ///
    /// It serves requests whose response needs no waiting, such as a health check or a 404, without the task
    /// and executor the async handler needs. It must not block.
    public typealias ImmediateHandler = @Sendable (HTTPRequest) -> HTTPResponse?

    private enum State {
        case created
        case running(ConnectionRegistry, ShutdownSignal)
        /// Shut down. The registry is nil when the server never started.
        case stopped(ConnectionRegistry?)
    }

    public let configuration: Configuration
    private let logger: Logger
    private let handler: Handler
    private let headCheck: HeadCheck?
    private let immediateHandler: ImmediateHandler?
    private let state = LockedValue(State.created)
    /// Requests and connections the server rejected itself, for metrics.
    public let statistics = ServerStatistics()

    /// Creates a server without binding anything, which `start()` does.
    ///
    /// - Parameters:
    ///   - configuration: Address, limits and timeouts.
    ///   - logger: Receives one line per request and every socket error.
    ///   - headCheck: Called before the body of a request whose client waits for `100 Continue`, so a request
    ///     the handler would reject gets its error without sending the body. Default: none.
    ///   - immediateHandler: Tried first for every request; `handler` runs only when it returns nil. Default:
    ///     none.
    ///   - handler: Called once per request, concurrently for requests on different connections.
    public init(
        configuration: Configuration,
        logger: Logger,
        headCheck: HeadCheck? = nil,
        immediateHandler: ImmediateHandler? = nil,
        handler: @escaping Handler
    ) {
        self.configuration = configuration
        self.logger = logger
        self.headCheck = headCheck
        self.immediateHandler = immediateHandler
        self.handler = handler
    }

    /// Binds and listens, then accepts connections on a background thread.
    ///
    /// - Returns: The bound port, which the kernel picks when `configuration.port` is 0.
    /// - Throws: `HTTPServerError` for an invalid configuration, a failed bind or listen, or a second call.
    public func start() throws -> Int {
        try configuration.validate()
        let (listener, port, signal) = try openSockets()
        let registry = ConnectionRegistry(maxConnections: configuration.maxConnections) { signal.close() }

        let claimed = state.withLock { state in
            guard case .created = state else { return false }
            state = .running(registry, signal)
            return true
        }
        guard claimed else {
            listener.close()
            signal.close()
            throw HTTPServerError.alreadyStarted
        }

        let context = ConnectionContext(
            configuration: configuration,
            logger: logger,
            handler: handler,
            immediateHandler: immediateHandler,
            headCheck: headCheck,
            registry: registry,
            statistics: statistics,
            wakeDescriptor: signal.readDescriptor
        )
        AcceptLoop(listener: listener, context: context).startThread()
        logger.info("HTTP server listening", ["http.host": .string(configuration.host), "http.port": .integer(port)])
        return port
    }

    /// Stops accepting, closes idle connections, and lets requests already being read or handled finish.
    ///
    /// Each such request gets its response with `Connection: close`. Requests still unfinished after
    /// `configuration.drainTimeout` get 503 and their handlers are cancelled. The call returns at once, so use
    /// `waitUntilStopped()` to wait for the last connection to close. Calling it again does nothing.
    public func shutdown() {
        let running: (ConnectionRegistry, ShutdownSignal)? = state.withLock { state in
            switch state {
            case .created:
                state = .stopped(nil)
                return nil
            case .running(let registry, let signal):
                state = .stopped(registry)
                return (registry, signal)
            case .stopped:
                return nil
            }
        }
        guard let (registry, signal) = running else { return }

        logger.info("HTTP server shutting down", ["http.open_connections": .integer(registry.openConnections)])
        registry.beginStopping(drainTimeout: configuration.drainTimeout)
        signal.signal()
    }

    /// Suspends until `shutdown()` has been called, the listening socket is closed and every connection closed.
    ///
    /// Returns at once for a server that was never started.
    public func waitUntilStopped() async {
        let registry: ConnectionRegistry? = state.withLock { state in
            switch state {
            case .created: return nil
            case .running(let registry, _): return registry
            case .stopped(let registry): return registry
            }
        }
        await registry?.waitUntilStopped()
    }

    /// Number of connections open now, for metrics and tests.
    public var openConnections: Int {
        state.withLock { state in
            switch state {
            case .created, .stopped(nil): return 0
            case .running(let registry, _), .stopped(let registry?): return registry.openConnections
            }
        }
    }

    /// Opens the listening socket and the shutdown pipe, closing whichever opened when the other fails.
    private func openSockets() throws(HTTPServerError) -> (ListeningSocket, Int, ShutdownSignal) {
        let host = configuration.host
        let port = configuration.port
        let backlog = Int32(min(configuration.maxConnections, 4096))
        do throws(SocketError) {
            let listener = try ListeningSocket.listen(host: host, port: port, backlog: backlog)
            do {
                return (listener, try listener.localPort(), try ShutdownSignal())
            } catch {
                listener.close()
                throw error
            }
        } catch {
            throw .socketFailed(host: host, port: port, error)
        }
    }
}
