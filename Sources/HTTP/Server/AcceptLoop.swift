import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Accepts connections on its own thread and starts a thread per connection, until shutdown.
struct AcceptLoop: Sendable {
    /// Stack size of each connection thread. Handlers run on Swift's thread pool, not on this stack.
    static let connectionStackBytes = 512 * 1024
    /// Pause after an accept failure such as `EMFILE`, so the loop does not spin while descriptors run out.
    static let failurePauseMicroseconds: UInt32 = 100_000

    let listener: ListeningSocket
    let context: ConnectionContext

    /// Starts the accept thread.
    func startThread() {
        context.registry.acceptLoopStarted()
        let thread = Thread { self.run() }
        thread.name = "http-accept"
        thread.start()
    }

    private func run() {
        var rejections = RejectionLog(logger: context.logger)
        while waitForConnection(rejections: &rejections) {
            do {
                let socket = try listener.accept()
                if context.registry.reserve() {
                    context.statistics.recordAcceptedConnection()
                    startConnectionThread(socket)
                } else {
                    reject(socket)
                    rejections.record()
                    context.statistics.recordRejectedConnection()
                }
            } catch {
                handleAcceptFailure(error)
            }
        }

        listener.close()
        context.logger.info("HTTP server stopped accepting connections")
        context.registry.acceptLoopEnded()
    }

    /// Waits until a connection is pending, and returns false once shutdown begins.
    ///
    /// While rejections wait to be logged, the wait wakes after a second to log them, so the last burst of a
    /// connection flood is counted in the log as it is in the metrics.
    private func waitForConnection(rejections: inout RejectionLog) -> Bool {
        var descriptors = [
            pollfd(fd: listener.descriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: context.wakeDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let ready = poll(&descriptors, 2, rejections.hasUnlogged ? 1000 : -1)
            if ready > 0 {
                return descriptors[1].revents == 0
            }
            if ready == 0 {
                rejections.flush()
                continue
            }
            if errno != EINTR {
                context.logger.error("poll on listening socket failed", ["error": "\(SocketError("poll"))"])
                usleep(Self.failurePauseMicroseconds)
            }
        }
    }

    private func startConnectionThread(_ socket: Socket) {
        let context = self.context
        let thread = Thread {
            var connection = Connection(socket: socket, context: context)
            connection.run()
        }
        thread.name = "http-connection"
        thread.stackSize = Self.connectionStackBytes
        thread.start()
    }

    private func handleAcceptFailure(_ error: SocketError) {
        switch error.code {
        case EINTR, EAGAIN, EWOULDBLOCK, ECONNABORTED:
            return
        case EMFILE, ENFILE, ENOBUFS, ENOMEM:
            context.logger.error("accept failed; pausing before the next accept", ["error": "\(error)"])
            usleep(Self.failurePauseMicroseconds)
        default:
            context.logger.error("accept failed", ["error": "\(error)"])
        }
    }

    /// Sends a 503 response without waiting and closes the socket, which keeps the accept thread free.
    ///
    /// The response goes out with one non-blocking send, which fits in the empty send buffer of a new socket.
    /// Input already queued is read and dropped before the close, because closing with unread input sends RST,
    /// which could make the client drop the 503 before reading it.
    private func reject(_ socket: Socket) {
        let requestID = RequestID.generate()
        let response = HTTPResponse.error(
            status: 503,
            code: "too_many_connections",
            message:
                "Server has reached its limit of \(context.configuration.maxConnections) connections; retry later.",
            requestID: requestID
        )
        let bytes = response.encoded(ResponseFraming(requestID: requestID, closesConnection: true))
        socket.sendWithoutWaiting(bytes[...])
        socket.shutdownWrite()
        socket.discardQueuedInput(limit: 65_536)
        socket.close()
    }
}

/// Logs rejected connections at most once a second, with the number rejected since the last line, and logs the
/// remainder a second after a burst ends.
private struct RejectionLog {
    let logger: Logger
    private var lastLine: ContinuousClock.Instant?
    private var unlogged = 0

    init(logger: Logger) {
        self.logger = logger
    }

    var hasUnlogged: Bool { unlogged > 0 }

    mutating func record() {
        unlogged += 1
        if let lastLine, ContinuousClock.now - lastLine < .seconds(1) {
            return
        }
        flush()
    }

    /// Logs the rejections not yet logged, if any.
    mutating func flush() {
        guard unlogged > 0 else { return }
        logger.warning("connections rejected with 503: connection limit reached", ["http.rejected": .integer(unlogged)])
        lastLine = ContinuousClock.now
        unlogged = 0
    }
}
