import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A failure of the raw test client, such as a refused connection or a read that timed out.
struct RawClientError: Error, CustomStringConvertible {
    let description: String
}

/// A request written byte for byte as given, so tests can send what a well-behaved client never would.
struct RawRequest: Sendable {
    var method: String
    var path: String
    var headers: [String: String]
    var body: [UInt8]

    init(_ method: String, _ path: String, headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// Creates a `POST` with `Content-Type: application/json` and the given body.
    static func json(_ path: String, _ body: [UInt8], headers: [String: String] = [:]) -> RawRequest {
        var all = ["Content-Type": "application/json"]
        all.merge(headers) { _, new in new }
        return RawRequest("POST", path, headers: all, body: body)
    }

    /// Creates a `POST /verify` whose body is `item` encoded as a JSON object.
    static func verify(_ item: [String: Any]) throws -> RawRequest {
        .json("/verify", Array(try JSONSerialization.data(withJSONObject: item)))
    }

    /// The request line, the header fields with `Host` and, unless `headers` sets it, `Content-Length`, and the body.
    var encoded: [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            head += "\(name): \(value)\r\n"
        }
        let hasLength = headers.keys.contains { $0.lowercased() == "content-length" }
        if !hasLength && (!body.isEmpty || method == "POST") {
            head += "Content-Length: \(body.count)\r\n"
        }
        return Array((head + "\r\n").utf8) + body
    }
}

/// A response as the raw client read it from the socket.
struct RawResponse: Sendable {
    var status: Int
    /// Header fields by lower-cased name; a repeated name keeps its last value.
    var headers: [String: String]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }

    /// Parses the body as a JSON object.
    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw RawClientError(description: "body is not a JSON object: \(String(decoding: body, as: UTF8.self))")
        }
        return object
    }

    /// Parses the `error` member of a JSON error body.
    func error() throws -> (code: String, message: String, requestID: String) {
        guard let error = try json()["error"] as? [String: Any],
            let code = error["code"] as? String,
            let message = error["message"] as? String,
            let requestID = error["request_id"] as? String
        else {
            throw RawClientError(description: "not an error body: \(String(decoding: body, as: UTF8.self))")
        }
        return (code, message, requestID)
    }
}

/// An HTTP/1.1 client on a blocking TCP socket to 127.0.0.1.
///
/// Each call runs on a thread of its own, never on Swift's cooperative pool, because the server's handlers run
/// on that pool and a blocked pool thread could keep them from responding. Reads and writes time out after
/// 60 seconds, so a server that never responds fails the test instead of hanging it.
enum RawHTTPClient {
    static let timeoutSeconds = 60

    /// Sends `requests` one after another on one connection, reading each response before the next request.
    static func exchange(port: Int, _ requests: [RawRequest]) async throws -> [RawResponse] {
        try await onThread {
            let connection = try BlockingConnection(port: port)
            defer { connection.close() }
            var responses: [RawResponse] = []
            for request in requests {
                try connection.send(request.encoded)
                responses.append(try connection.readResponse(toHead: request.method == "HEAD"))
            }
            return responses
        }
    }

    /// Sends one request on a new connection and reads its response.
    static func send(port: Int, _ request: RawRequest) async throws -> RawResponse {
        let responses = try await exchange(port: port, [request])
        guard let response = responses.first else { throw RawClientError(description: "no response") }
        return response
    }

    /// Sends the head of `request` announcing `bodyBytes` bytes, then writes that many bytes on a second thread
    /// while this one reads the response, which a server may send before the body ends.
    static func sendLargeBody(port: Int, _ request: RawRequest, bodyBytes: Int) async throws -> RawResponse {
        try await onThread {
            let connection = try BlockingConnection(port: port)
            defer { connection.close() }
            var head = request
            head.body = []
            head.headers["Content-Length"] = String(bodyBytes)
            try connection.send(head.encoded)

            let writerDone = DispatchSemaphore(value: 0)
            let writer = Thread {
                let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 65_536)
                var sent = 0
                while sent < bodyBytes, (try? connection.send(Array(chunk.prefix(bodyBytes - sent)))) != nil {
                    sent += chunk.count
                }
                writerDone.signal()
            }
            writer.start()

            let response = Result { try connection.readResponse(toHead: false) }
            connection.shutdown()
            writerDone.wait()
            return try response.get()
        }
    }

    private static func onThread<Value: Sendable>(
        _ work: @escaping @Sendable () throws -> Value
    ) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}

/// One TCP connection with blocking calls; a single thread reads while at most one other writes.
private final class BlockingConnection: @unchecked Sendable {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawClientError(description: "socket failed: errno \(errno)") }

        var timeout = timeval(tv_sec: RawHTTPClient.timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            Glibc.close(descriptor)
            throw RawClientError(description: "connect to 127.0.0.1:\(port) failed: errno \(errno)")
        }
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw RawClientError(description: "send failed: errno \(errno)") }
            offset += sent
        }
    }

    /// Reads one response. Set `toHead` for the response to a `HEAD` request, which has no body.
    func readResponse(toHead: Bool) throws -> RawResponse {
        let headEnd = try readUntilHeadEnd()
        let headText = String(decoding: buffer[..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)

        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let statusParts = statusLine.split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0] == "HTTP/1.1", let status = Int(statusParts[1]) else {
            throw RawClientError(description: "invalid status line: \(statusLine)")
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else {
                throw RawClientError(description: "invalid field: \(line)")
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[line[..<colon].lowercased()] = value
        }

        let length = toHead ? 0 : Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < length {
            try receive()
        }
        let body = Array(buffer.prefix(length))
        buffer.removeFirst(length)
        return RawResponse(status: status, headers: headers, body: body)
    }

    /// Stops both directions, so a thread blocked in `send` returns with an error.
    func shutdown() {
        _ = Glibc.shutdown(descriptor, Int32(SHUT_RDWR))
    }

    func close() {
        Glibc.close(descriptor)
    }

    private func readUntilHeadEnd() throws -> Int {
        let separator = Array("\r\n\r\n".utf8)
        while true {
            if buffer.count >= 4 {
                for start in 0...(buffer.count - 4) where Array(buffer[start..<(start + 4)]) == separator {
                    return start
                }
            }
            try receive()
        }
    }

    private func receive() throws {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else {
            let reason = count == 0 ? "connection closed" : "errno \(errno)"
            throw RawClientError(description: "receive failed: \(reason) after \(buffer.count) bytes")
        }
        buffer += chunk[0..<count]
    }
}
