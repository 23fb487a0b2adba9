import Logging

/// Serves the requests of one accepted connection, in order, on the thread that calls `run()`.
///
/// Deadlines: the first request's header section must arrive within `headerTimeout` of the accept. After a
/// response, the next request's first byte must arrive within `idleTimeout`, and from that byte its header section
/// within `headerTimeout`. A body must arrive within `bodyTimeout` of the end of its header section. A timeout
/// with part of a request received gets 408, and an idle timeout closes without a response.
struct Connection {
    /// Maximum time a closing connection keeps reading and dropping input after its last response.
    static let lingerSeconds = 2.0
    /// Maximum input a closing connection reads and drops before it closes anyway.
    static let lingerMaxBytes = 1_048_576
    static let receiveBufferBytes = 16_384

    enum ReadOutcome {
        case request(HTTPRequestParser.ParsedRequest)
        case rejected(HTTPRequestError)
        case closed
    }

    let socket: Socket
    let context: ConnectionContext
    var parser: HTTPRequestParser
    var receiveBuffer = [UInt8](repeating: 0, count: receiveBufferBytes)
    /// Deadline of the phase in `trackedPhase`.
    var deadline: Deadline
    /// Parser phase the current deadline was set for.
    var trackedPhase = HTTPRequestParser.Phase.idle
    var handledRequests = 0

    /// Creates a connection whose first header deadline starts now.
    init(socket: Socket, context: ConnectionContext) {
        self.socket = socket
        self.context = context
        self.parser = HTTPRequestParser(limits: context.configuration.parserLimits)
        self.deadline = .after(seconds: context.configuration.headerTimeout)
    }

    /// Serves requests until the connection closes, then closes the socket and releases its slot.
    mutating func run() {
        socket.disableNagle()
        defer {
            socket.close()
            context.registry.release()
        }
        while serveNextRequest() {}
    }

    /// Reads one request, sends its response, and returns whether the connection stays open for another.
    private mutating func serveNextRequest() -> Bool {
        switch readRequest() {
        case .closed:
            return false
        case .rejected(let error):
            reject(error)
            return false
        case .request(let parsed):
            return respond(to: parsed)
        }
    }

    /// Reads until the parser yields a request, rejects one, or the connection ends.
    private mutating func readRequest() -> ReadOutcome {
        while true {
            do {
                if let request = try parser.nextRequest() {
                    return .request(request)
                }
            } catch {
                return .rejected(error)
            }
            if parser.takeContinueRequest() && !write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) {
                return .closed
            }

            updateDeadline()
            let wake = trackedPhase == .idle ? context.wakeDescriptor : nil
            let result: Socket.ReceiveResult
            do {
                result = try socket.receive(into: &receiveBuffer, deadline: deadline, wakeDescriptor: wake)
            } catch {
                log(error, while: "reading a request")
                return .closed
            }

            switch result {
            case .received(let count):
                parser.append(receiveBuffer[0..<count])
            case .closed:
                logClosedByClient()
                return .closed
            case .woken:
                return .closed
            case .timedOut:
                return timeoutOutcome()
            }
        }
    }

    /// Moves the deadline when the parser enters a new phase.
    private mutating func updateDeadline() {
        let phase = parser.phase
        guard phase != trackedPhase else { return }

        let configuration = context.configuration
        switch phase {
        case .idle:
            deadline = .after(seconds: configuration.idleTimeout)
        case .head:
            // The first request's header deadline already runs from the accept.
            if handledRequests > 0 {
                deadline = .after(seconds: configuration.headerTimeout)
            }
        case .body:
            deadline = .after(seconds: configuration.bodyTimeout)
        }
        trackedPhase = phase
    }

    /// Returns the 408 rejection for a request cut off by its deadline, or `.closed` for an idle connection.
    private func timeoutOutcome() -> ReadOutcome {
        let configuration = context.configuration
        switch trackedPhase {
        case .idle:
            let metadata = ["http.handled": String(handledRequests)]
            context.logger.debug("closing connection: no request arrived before the timeout", metadata)
            return .closed
        case .head:
            let message = "Request header section did not arrive within \(configuration.headerTimeout) seconds."
            return .rejected(HTTPRequestError(.timedOut, message))
        case .body:
            let message = "Request body did not arrive within \(configuration.bodyTimeout) seconds."
            return .rejected(HTTPRequestError(.timedOut, message, head: parser.headAwaitingBody))
        }
    }

    private func logClosedByClient() {
        guard parser.phase != .idle else { return }
        var metadata = ["http.phase": "\(parser.phase)"]
        if let head = parser.headAwaitingBody {
            metadata["http.method"] = head.method
            metadata["http.path"] = head.path
        }
        context.logger.debug("client closed the connection mid-request", metadata)
    }
}
