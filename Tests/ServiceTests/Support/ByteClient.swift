import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking TCP client to 127.0.0.1 that writes bytes whole or one byte per write and reads raw responses.
///
/// Reads time out after `receiveTimeout` seconds, so a server that never responds fails the test instead of
/// hanging it. Use it inside `runOnThread`, because its calls block. Only one thread may use it at a time.
final class ByteClient: @unchecked Sendable {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var isClosed = false

    /// Connects to `port`, or throws `RawClientError` when the connection is refused.
    init(port: Int, receiveTimeout: Int = 30) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawClientError(description: "socket failed: errno \(errno)") }

        var timeout = timeval(tv_sec: receiveTimeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
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
            Glibc.close(descriptor)
            throw RawClientError(description: "connect to 127.0.0.1:\(port) failed: errno \(code)")
        }
    }

    deinit {
        close()
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(descriptor)
    }

    /// Writes `bytes`, one byte per write when `oneByteAtATime` is set, and stops at the first failed write,
    /// because a server may close the connection while a rejected request is still being sent.
    func send(_ bytes: [UInt8], oneByteAtATime: Bool = false) {
        let pieces: [ArraySlice<UInt8>] = oneByteAtATime ? bytes.indices.map { bytes[$0...$0] } : [bytes[...]]
        for piece in pieces {
            var offset = piece.startIndex
            while offset < piece.endIndex {
                let sent = piece[offset...].withUnsafeBytes {
                    Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                guard sent > 0 else { return }
                offset += sent
            }
        }
    }

    /// Sends FIN while the connection stays open for reading.
    func shutdownWrite() {
        Glibc.shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Reads one response, or returns nil when the server closed the connection before any byte of it.
    func readResponse(toHead: Bool = false) throws -> RawResponse? {
        let separator = Array("\r\n\r\n".utf8)
        while buffer.firstRange(of: separator) == nil {
            guard try receive() else {
                guard buffer.isEmpty else { throw RawClientError(description: "connection closed inside a head") }
                return nil
            }
        }
        guard let headEnd = buffer.firstRange(of: separator) else { return nil }
        let lines = String(decoding: buffer[..<headEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        buffer.removeFirst(headEnd.upperBound)

        let parts = lines[0].split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw RawClientError(description: "invalid status line: \(lines[0])")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw RawClientError(description: "invalid field") }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }

        let length = toHead ? 0 : Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < length {
            guard try receive() else { throw RawClientError(description: "connection closed inside a body") }
        }
        let body = Array(buffer.prefix(length))
        buffer.removeFirst(length)
        return RawResponse(status: status, headers: headers, body: body)
    }

    /// Reads until the server closes the connection and returns whether it did before the read timeout.
    func waitForClose() -> Bool {
        while true {
            guard let more = try? receive() else { return errno == ECONNRESET }
            if !more { return true }
        }
    }

    /// Reads what has arrived and returns false at end of stream.
    private func receive() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count == 0 { return false }
        guard count > 0 else { throw RawClientError(description: "recv failed or timed out: errno \(errno)") }
        buffer += chunk[0..<count]
        return true
    }
}

/// Runs blocking client code on a new thread, off Swift's cooperative pool, and returns its result.
func runOnThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
