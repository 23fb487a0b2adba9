/// Incremental HTTP/1.1 request parser: a value fed with bytes as they arrive, which yields whole requests.
///
/// The parser never reads a socket, so it can be fed one byte at a time or many pipelined requests at once, and
/// it rejects a request as soon as the bytes it has buffered break a rule or a limit, without waiting for more. Limits:
/// the request line against `maxRequestLineBytes` (414), the header section, every field line with its CRLF,
/// against `maxHeaderBytes` (431), and the body against `maxBodyBytes` (413), decided from `Content-Length`
/// before any body byte arrives. After an error, every later call throws the same error.
struct HTTPRequestParser {
    /// Size limits, in bytes.
    struct Limits: Sendable {
        var maxRequestLineBytes: Int
        var maxHeaderBytes: Int
        var maxBodyBytes: Int
    }

    /// Part of a request the parser is waiting for, which decides the read deadline that applies.
    enum Phase: Equatable {
        /// No byte of the next request has arrived.
        case idle
        /// The request line or header section has started but is incomplete.
        case head
        /// The header section is complete and the body is incomplete.
        case body
    }

    /// A request with its whole body.
    struct ParsedRequest: Sendable {
        var head: RequestHead
        var body: [UInt8]
    }

    private enum Stage {
        case requestLine
        case headerFields(method: String, target: String, version: HTTPVersion)
        case body(RequestHead)
        case failed(HTTPRequestError)
    }

    let limits: Limits
    private var input = InputBuffer()
    private var stage = Stage.requestLine
    /// Bytes consumed so far in the current line-based section: the request line or the header section.
    private var sectionBytes = 0
    private var headers = HTTPHeaders()
    private var bodyReader = BodyReader(framing: .none, maxBodyBytes: 0, maxTrailerBytes: 0)
    private var continuePending = false

    /// Creates a parser that enforces the given limits.
    init(limits: Limits) {
        self.limits = limits
    }

    /// Part of a request the parser is waiting for.
    var phase: Phase {
        switch stage {
        case .requestLine: return sectionBytes == 0 && input.unreadCount == 0 ? .idle : .head
        case .headerFields, .failed: return .head
        case .body: return .body
        }
    }

    /// Head of the request whose body is being read, or nil before the header section is complete.
    var headAwaitingBody: RequestHead? {
        guard case .body(let head) = stage else { return nil }
        return head
    }

    /// Appends bytes received from the client.
    mutating func append(_ bytes: some Sequence<UInt8>) {
        input.append(bytes)
    }

    /// Returns whether the client is waiting for `100 Continue` before it sends the body, and clears the flag.
    mutating func takeContinueRequest() -> Bool {
        defer { continuePending = false }
        return continuePending
    }

    /// Parses the next request from the bytes received so far.
    ///
    /// - Returns: The next complete request, or nil when more bytes are needed.
    /// - Throws: `HTTPRequestError` with the response status when the request breaks the syntax or a limit.
    mutating func nextRequest() throws(HTTPRequestError) -> ParsedRequest? {
        do {
            return try parseNext()
        } catch {
            stage = .failed(error)
            throw error
        }
    }

    private mutating func parseNext() throws(HTTPRequestError) -> ParsedRequest? {
        while true {
            switch stage {
            case .requestLine:
                guard try readRequestLine() else { return nil }
            case .headerFields(let method, let target, let version):
                guard try readHeaderField(method: method, target: target, version: version) else { return nil }
            case .body(let head):
                return try readBody(head: head)
            case .failed(let error):
                throw error
            }
        }
    }
}

// MARK: - Request line and header section

extension HTTPRequestParser {
    /// Reads the request line, skipping empty lines before it (RFC 9112 section 2.2), which count against the
    /// request-line limit.
    private mutating func readRequestLine() throws(HTTPRequestError) -> Bool {
        // The limit counts the CR before the LF, which `maxRequestLineBytes` leaves out.
        let line: ArraySlice<UInt8>
        switch try input.nextLine(limit: limits.maxRequestLineBytes + 1 - sectionBytes) {
        case .line(let complete): line = complete
        case .incomplete: return false
        case .tooLong: throw requestLineTooLong()
        }
        guard sectionBytes + line.count <= limits.maxRequestLineBytes else {
            throw requestLineTooLong()
        }
        if line.isEmpty {
            sectionBytes += 2
            return true
        }

        let (method, target, version) = try RequestLineParser.parse(line)
        stage = .headerFields(method: method, target: target, version: version)
        sectionBytes = 0
        return true
    }

    /// Reads one header field line, or the empty line that ends the header section.
    private mutating func readHeaderField(
        method: String,
        target: String,
        version: HTTPVersion
    ) throws(HTTPRequestError) -> Bool {
        let line: ArraySlice<UInt8>
        switch try input.nextLine(limit: limits.maxHeaderBytes - sectionBytes) {
        case .line(let complete): line = complete
        case .incomplete: return false
        case .tooLong: throw headerSectionTooLarge()
        }
        sectionBytes += line.count + 2
        guard sectionBytes <= limits.maxHeaderBytes else {
            throw headerSectionTooLarge()
        }

        guard line.isEmpty else {
            let field = try HeaderFieldParser.parse(line)
            headers.add(name: field.name, value: field.value)
            return true
        }
        let head = RequestHead(method: method, target: target, version: version, headers: headers)
        try startBody(head: head)
        return true
    }

    /// Splits the target, checks `Host` and the body framing, and prepares the body reader.
    private mutating func startBody(head: RequestHead) throws(HTTPRequestError) {
        var head = head
        let framing: BodyFraming
        do {
            (head.path, head.query) = try RequestTarget.split(head.target, method: head.method)
            try Self.validateHost(in: head)
            try Self.validateExpectation(in: head)
            framing = try BodyFraming.determine(for: head, maxBodyBytes: limits.maxBodyBytes)
        } catch {
            throw HTTPRequestError(error.kind, error.message, head: head)
        }

        bodyReader = BodyReader(
            framing: framing,
            maxBodyBytes: limits.maxBodyBytes,
            maxTrailerBytes: limits.maxHeaderBytes
        )
        continuePending = head.expectsContinue && framing != .none
        stage = .body(head)
    }

    /// Requires exactly one `Host` field in HTTP/1.1 and at most one in HTTP/1.0, with a valid value (RFC 9112
    /// section 3.2).
    private static func validateHost(in head: RequestHead) throws(HTTPRequestError) {
        var host: String?
        for field in head.headers where HTTPHeaders.namesMatch(field.name, "Host") {
            if host != nil {
                throw .malformed("Request has more than one Host field.")
            }
            host = field.value
        }
        if host == nil && head.version == .http1_1 {
            throw .malformed("HTTP/1.1 request has no Host field.")
        }
        if let host, !HostField.isValid(host) {
            throw .malformed("Host field is not a valid host name or address with an optional port.")
        }
    }

    /// Accepts no `Expect` field or `100-continue` alone, and ignores the field in HTTP/1.0, where it has no
    /// meaning (RFC 9110 section 10.1.1).
    private static func validateExpectation(in head: RequestHead) throws(HTTPRequestError) {
        guard head.version == .http1_1, head.headers.contains(name: "Expect") else { return }
        let expectations = head.headers.listElements(for: "Expect")
        guard !expectations.isEmpty, expectations.allSatisfy({ $0 == "100-continue" }) else {
            throw HTTPRequestError(.expectationFailed, "Expect supports only 100-continue.")
        }
    }

    private func requestLineTooLong() -> HTTPRequestError {
        HTTPRequestError(.requestLineTooLong, "Request line exceeds \(limits.maxRequestLineBytes) bytes.")
    }

    private func headerSectionTooLarge() -> HTTPRequestError {
        HTTPRequestError(.headerSectionTooLarge, "Header section exceeds \(limits.maxHeaderBytes) bytes.")
    }
}

// MARK: - Body

extension HTTPRequestParser {
    /// Reads body bytes and returns the request once the body is complete, resetting for the next request.
    private mutating func readBody(head: RequestHead) throws(HTTPRequestError) -> ParsedRequest? {
        let complete: Bool
        do {
            complete = try bodyReader.read(from: &input)
        } catch {
            throw HTTPRequestError(error.kind, error.message, head: head)
        }
        guard complete else { return nil }

        let request = ParsedRequest(head: head, body: bodyReader.body)
        stage = .requestLine
        sectionBytes = 0
        headers = HTTPHeaders()
        bodyReader = BodyReader(framing: .none, maxBodyBytes: 0, maxTrailerBytes: 0)
        continuePending = false
        return request
    }
}
