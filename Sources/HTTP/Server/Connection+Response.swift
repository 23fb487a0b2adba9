import Foundation
import Logging

extension Connection {
    /// Passes a request to the handler, writes the response, and returns whether the connection stays open.
    mutating func respond(to parsed: HTTPRequestParser.ParsedRequest) -> Bool {
        let started = ContinuousClock.now
        let head = parsed.head
        let requestID = requestIDs.resolve(clientID: head.headers["X-Request-Id"])
        let request = Self.makeRequest(head: head, body: parsed.body, requestID: requestID)

        guard let response = handlerResponse(to: request) else { return false }
        let keepAlive = head.keepAlive && !context.registry.isStopping
        let framing = ResponseFraming(
            requestID: request.requestID,
            closesConnection: !keepAlive,
            announcesKeepAlive: keepAlive && head.version == .http1_0,
            omitsBody: head.isHead,
            date: dates.now()
        )
        let written = write(response.encoded(framing))
        logRequest(head: head, requestID: request.requestID, status: response.status, started: started)
        handledRequests += 1

        guard written, keepAlive else {
            if written { closeGracefully() }
            return false
        }
        trackedPhase = .idle
        deadline = .after(seconds: context.configuration.idleTimeout)
        return true
    }

    /// Runs the handler and returns the response to send, or nil when the client reset the connection.
    private func handlerResponse(to request: HTTPRequest) -> HTTPResponse? {
        if let immediate = context.immediateHandler?(request) {
            return checked(immediate, requestID: request.requestID)
        }
        switch runHandler(request: request) {
        case .response(let handled):
            return checked(handled, requestID: request.requestID)
        case .clientGone:
            let metadata = ["request.id": request.requestID, "http.method": request.method, "http.path": request.path]
            context.logger.debug(
                "client reset the connection while its request was handled; handler cancelled", metadata)
            return nil
        case .drainExpired:
            context.logger.warning(
                "handler did not finish within the drain timeout; sending 503",
                ["request.id": request.requestID, "http.path": request.path])
            return .error(
                status: 503, code: "server_shutting_down",
                message: "Server shut down before the response was ready; retry the request.",
                requestID: request.requestID)
        }
    }

    /// Builds the handler's request from a parsed head and body.
    static func makeRequest(head: RequestHead, body: [UInt8], requestID: String) -> HTTPRequest {
        HTTPRequest(
            method: head.method,
            target: head.target,
            path: head.path,
            query: head.query,
            headers: head.headers,
            body: body,
            requestID: requestID
        )
    }

    /// Sends the head check's response in place of `100 Continue`, then closes the connection, because the body
    /// the client may still send is never read as a request.
    mutating func answerEarly(_ response: HTTPResponse, head: RequestHead) {
        let started = ContinuousClock.now
        let requestID = requestIDs.resolve(clientID: head.headers["X-Request-Id"])
        let framing = ResponseFraming(
            requestID: requestID, closesConnection: true, omitsBody: head.isHead, date: dates.now())
        let sendable = checked(response, requestID: requestID)
        let written = write(sendable.encoded(framing))

        let metadata: [String: Logger.MetadataValue] = [
            "http.method": .string(head.method), "http.path": .string(head.path),
        ]
        logRequest(
            requestID: requestID, status: sendable.status, started: started, metadata,
            message: "response sent before the request body")
        if written {
            closeGracefully()
        }
    }

    /// Sends the error response for a request the server rejects itself, then closes the connection.
    mutating func reject(_ error: HTTPRequestError) {
        let started = ContinuousClock.now
        let requestID = requestIDs.resolve(clientID: error.head?.headers["X-Request-Id"])
        let framing = ResponseFraming(
            requestID: requestID,
            closesConnection: true,
            omitsBody: error.head?.isHead ?? false,
            date: dates.now()
        )
        let written = write(error.response(requestID: requestID).encoded(framing))
        context.statistics.recordRejectedRequest(status: error.status)

        var metadata: [String: Logger.MetadataValue] = ["error": .string(error.message)]
        if let head = error.head {
            metadata["http.method"] = .string(head.method)
            metadata["http.path"] = .string(head.path)
        }
        logRequest(requestID: requestID, status: error.status, started: started, metadata, message: "request rejected")
        if written {
            closeGracefully()
        }
    }

    /// Writes bytes within the write timeout and returns whether all of them were sent.
    func write(_ bytes: [UInt8]) -> Bool {
        do {
            try socket.send(bytes, deadline: .after(seconds: context.configuration.writeTimeout))
            return true
        } catch {
            log(error, while: "writing a response")
            return false
        }
    }

    /// Sends FIN, then reads and drops input for a while before the socket is closed.
    ///
    /// Closing a socket that still has unread input makes the kernel send RST, and a client that receives RST
    /// may discard the response it has not read yet. Draining first lets a client that is still sending a body
    /// the server rejected read the error response.
    mutating func closeGracefully() {
        socket.shutdownWrite()
        let lingerDeadline = Deadline.after(seconds: Self.lingerSeconds)
        var discarded = 0
        while discarded < Self.lingerMaxBytes {
            guard case .received(let count)? = try? socket.receive(into: &receiveBuffer, deadline: lingerDeadline)
            else {
                return
            }
            discarded += count
        }
    }

    /// Logs a failed socket call: at debug when the client went away, which is routine, and at error otherwise.
    func log(_ error: SocketError, while activity: String) {
        let metadata: [String: Logger.MetadataValue] = ["error": "\(error)", "http.handled": .integer(handledRequests)]
        if error.isDisconnect {
            context.logger.debug("connection lost while \(activity)", metadata)
        } else {
            context.logger.error("socket error while \(activity)", metadata)
        }
    }

    /// Replaces a response the server cannot send as it is, and logs what was wrong with it.
    private func checked(_ response: HTTPResponse, requestID: String) -> HTTPResponse {
        guard (200...599).contains(response.status) else {
            let metadata: [String: Logger.MetadataValue] = [
                "http.status": .integer(response.status), "request.id": .string(requestID),
            ]
            context.logger.error("handler returned a status outside 200-599; sending 500", metadata)
            let message = "The server failed to produce a response."
            return .error(status: 500, code: "internal_error", message: message, requestID: requestID)
        }

        let invalidNames = response.invalidHeaderNames()
        if !invalidNames.isEmpty {
            let metadata = ["http.dropped_fields": invalidNames.joined(separator: ","), "request.id": requestID]
            context.logger.error("handler returned header fields that cannot be sent; dropping them", metadata)
        }
        return response
    }

    /// Logs the line of a handled request, with its fields listed in key order for the logger's fast path.
    private func logRequest(head: RequestHead, requestID: String, status: Int, started: ContinuousClock.Instant) {
        context.logger.log(
            .info, "request handled",
            orderedFields: [
                "duration_ms": .double(Self.milliseconds(since: started)), "http.method": .string(head.method),
                "http.path": .string(head.path), "http.status": .integer(status), "request.id": .string(requestID),
            ])
    }

    /// Logs the line of a request the server rejected or responded to before its body, with `metadata` added.
    private func logRequest(
        requestID: String,
        status: Int,
        started: ContinuousClock.Instant,
        _ metadata: [String: Logger.MetadataValue],
        message: String
    ) {
        var fields = metadata
        fields["request.id"] = .string(requestID)
        fields["http.status"] = .integer(status)
        fields["duration_ms"] = .double(Self.milliseconds(since: started))
        context.logger.info(message, fields)
    }

    /// Returns the milliseconds since `started`, rounded to microseconds, for `duration_ms`. It runs from the
    /// complete request (or the error) to the written response, so it covers the handler and the write but not
    /// the time spent receiving the request.
    private static func milliseconds(since started: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return (milliseconds * 1000).rounded() / 1000
    }
}
