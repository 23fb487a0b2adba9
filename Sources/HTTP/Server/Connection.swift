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
        /// The head check produced the final response before the body was read.
        case answeredEarly(HTTPResponse, RequestHead)
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
    /// Whether this connection has seen the shutdown signal and moved its deadline to the drain deadline.
    var drainNoticed = false
    /// Milliseconds of `SO_RCVTIMEO` set on the socket, 0 while unset.
    var receiveTimeout: Int32 = 0
    var requestIDs = RequestIDSource()
    var dates = HTTPDateCache()

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
        case .answeredEarly(let response, let head):
            answerEarly(response, head: head)
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
            if parser.takeContinueRequest() {
                if let early = checkHead() {
                    return early
                }
                guard write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return .closed }
            }

            updateDeadline()
            let result: Socket.ReceiveResult
            do {
                result = try receive()
            } catch {
                log(error, while: "reading a request")
                return .closed
            }

            switch result {
            case .received(let count):
                parser.append(receiveBuffer[0..<count])
            case .closed:
                logClosedByClient()
                return parser.phase == .idle ? .closed : .rejected(incompleteRequest())
            case .woken:
                guard parser.phase != .idle else { return .closed }
                noticeDrain()
            case .timedOut:
                return timeoutOutcome()
            }
        }
    }

    /// Waits for input: with a blocking `recv` between requests, the common case, and otherwise with `poll` on the
    /// socket and the shutdown pipe, so a partly received request notices a shutdown at once.
    private mutating func receive() throws(SocketError) -> Socket.ReceiveResult {
        guard parser.phase == .idle && !drainNoticed else {
            let wake = drainNoticed ? nil : context.wakeDescriptor
            return try socket.receive(into: &receiveBuffer, deadline: deadline, wakeDescriptor: wake)
        }
        let registry = context.registry
        return try socket.receiveWhileIdle(
            into: &receiveBuffer, deadline: deadline, receiveTimeout: &receiveTimeout
        ) { registry.isStopping }
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
        if drainNoticed {
            noticeDrain()
        }
    }

    /// Stops watching the shutdown signal and brings the deadline forward to the drain deadline.
    private mutating func noticeDrain() {
        drainNoticed = true
        if let drain = context.registry.drainDeadline, drain.instant < deadline.instant {
            deadline = drain
        }
    }

    /// Returns the head check's early response for the request whose body is pending, if it has one.
    private mutating func checkHead() -> ReadOutcome? {
        guard let headCheck = context.headCheck, let head = parser.headAwaitingBody else { return nil }
        let requestID = requestIDs.resolve(clientID: head.headers["X-Request-Id"])
        let request = Self.makeRequest(head: head, body: [], requestID: requestID)
        return headCheck(request).map { .answeredEarly($0, head) }
    }

    /// Returns the 400 rejection for a client that closed its side before the request was complete, such as a
    /// chunked body without its final chunk. A client that only half-closed still reads it.
    private func incompleteRequest() -> HTTPRequestError {
        let message = "Connection closed before the request was complete."
        return HTTPRequestError(.incomplete, message, head: parser.headAwaitingBody)
    }

    /// Returns the 408 rejection for a request cut off by its deadline, or `.closed` for an idle connection.
    private func timeoutOutcome() -> ReadOutcome {
        let configuration = context.configuration
        if drainNoticed, let drain = context.registry.drainDeadline, drain.hasPassed {
            let message = "Server shut down before the request was complete; retry on another connection."
            return .rejected(HTTPRequestError(.shuttingDown, message, head: parser.headAwaitingBody))
        }
        switch trackedPhase {
        case .idle:
            let metadata: [String: Logger.MetadataValue] = ["http.handled": .integer(handledRequests)]
            context.logger.debug("closing connection: no request arrived before the timeout", metadata)
            return .closed
        case .head:
            context.statistics.recordTimeout(inHeaderSection: true)
            let message = "Request header section did not arrive within \(configuration.headerTimeout) seconds."
            return .rejected(HTTPRequestError(.timedOut, message))
        case .body:
            context.statistics.recordTimeout(inHeaderSection: false)
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
