import Foundation
import Testing

@testable import HTTP

#if canImport(Glibc)
    import Glibc
#endif

/// A failure of the raw test client, such as a read that timed out.
struct TestClientError: Error, CustomStringConvertible {
    let description: String
}

/// A response as the raw test client read it from the socket.
struct TestResponse {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking TCP client that writes raw bytes to a server on 127.0.0.1 and parses the responses.
///
/// Every read has a timeout, so a server that never responds fails the test instead of hanging it. Use it inside
/// `onThread`, never directly on Swift's cooperative pool, because its calls block. It is `@unchecked Sendable`
/// so a test can hand it from one `onThread` block to the next. Only one thread may use it at a time.
final class TestClient: @unchecked Sendable {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private var isClosed = false

    /// Connects to `port` on 127.0.0.1, with reads that time out after `receiveTimeout` seconds.
    init(port: Int, receiveTimeout: Double = 5) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestClientError(description: "socket failed: errno \(errno)") }

        var timeout = timeval(
            tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout.truncatingRemainder(dividingBy: 1)) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var enabled: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &enabled, socklen_t(MemoryLayout<Int32>.size))

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
            let code = errno
            close()
            throw TestClientError(description: "connect to port \(port) failed: errno \(code)")
        }
    }

    deinit {
        close()
    }

    /// Closes the socket. Later calls do nothing.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(descriptor)
    }

    /// Sends FIN, so the server reads the end of the stream while it can still send responses.
    func shutdownWrite() {
        Glibc.shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Closes the socket with RST instead of FIN, as a client that crashes or times out does.
    func reset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close()
    }

    /// Writes all of `text` as UTF-8 in one write.
    func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    /// Writes all of `bytes`.
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw TestClientError(description: "send failed: errno \(errno)") }
            offset += sent
        }
    }

    /// Writes `text` one byte per write, pausing `pause` seconds between writes.
    func sendOneByteAtATime(_ text: String, pause: Double = 0) throws {
        for byte in text.utf8 {
            try send([byte])
            if pause > 0 {
                Thread.sleep(forTimeInterval: pause)
            }
        }
    }

    /// Reads one response, whose body `Content-Length` delimits unless `forHead` is set.
    ///
    /// - Returns: The response, or nil when the server closed the connection before sending any byte of it.
    func readResponse(forHead: Bool = false) throws -> TestResponse? {
        guard let headEnd = try fill(until: { $0.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound }) else {
            guard buffer.isEmpty else { throw TestClientError(description: "connection closed inside a response head") }
            return nil
        }
        var response = try Self.parseHead(Array(buffer[..<headEnd]))
        buffer.removeFirst(headEnd)

        let length = forHead ? 0 : Int(response.headers["Content-Length"] ?? "0") ?? 0
        guard try fill(until: { $0.count >= length ? length : nil }) != nil else {
            throw TestClientError(description: "connection closed inside a response body")
        }
        response.body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return response
    }

    /// Reads until the server closes the connection and returns whether it did so within the read timeout.
    ///
    /// Bytes read on the way are dropped. A reset counts as closed.
    func waitForClose() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
        }
    }

    /// Returns whether input or end of stream is ready to read within `timeout` seconds, without reading it.
    func waitForInput(timeout: Double) -> Bool {
        if !buffer.isEmpty { return true }
        var descriptors = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
        return poll(&descriptors, 1, Int32(timeout * 1000)) > 0
    }

    /// Writes `bytes` and ignores failures, for a server that may close the connection while they are sent.
    func sendIgnoringFailures(_ bytes: [UInt8], oneByteAtATime: Bool) {
        if oneByteAtATime {
            for byte in bytes {
                guard (try? send([byte])) != nil else { return }
            }
        } else {
            try? send(bytes)
        }
    }

    /// Reads until `complete` finds what it needs in the buffer, and returns its result, or nil at end of stream.
    private func fill(until complete: ([UInt8]) -> Int?) throws -> Int? {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let result = complete(buffer) { return result }
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { return nil }
            guard count > 0 else { throw TestClientError(description: "recv failed or timed out: errno \(errno)") }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    private static func parseHead(_ bytes: [UInt8]) throws -> TestResponse {
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1.1 "),
            let status = Int(statusLine.dropFirst(9).prefix(3))
        else {
            throw TestClientError(description: "invalid status line in \(lines.first ?? "")")
        }

        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else {
                throw TestClientError(description: "invalid field \(line)")
            }
            headers.add(
                name: String(line[..<colon]),
                value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return TestResponse(status: status, headers: headers, body: [])
    }
}

/// Runs blocking client code on a new thread and suspends until it finishes.
///
/// Tests run on Swift's cooperative pool, which has one thread per core, and the server's handlers run there
/// too, so client code that blocks in `recv` on a pool thread could starve them.
func onThread<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.start()
    }
}
