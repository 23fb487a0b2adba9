import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal blocking HTTP/1.1 client for the stub's control endpoints on 127.0.0.1.
enum LoopbackHTTP {
    struct Response {
        var status: Int
        var body: Data
    }

    /// Sends one request with `Connection: close` and reads the response until the server closes.
    static func exchange(port: Int, method: String, path: String, body: Data?) throws -> Response {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else {
            throw UpstreamStubError("failed to open a socket: \(String(cString: strerror(errno)))")
        }
        defer { close(socketDescriptor) }
        try connect(socketDescriptor, port: port)

        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let body {
            head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n"
        }
        try sendAll(socketDescriptor, Array((head + "\r\n").utf8) + Array(body ?? Data()))

        return try parse(try readAll(socketDescriptor), method: method, path: path)
    }

    private static func connect(_ socketDescriptor: Int32, port: Int) throws {
        // A stub that stops responding fails the test after 10 s instead of hanging it.
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        let timeoutSize = socklen_t(MemoryLayout<timeval>.size)
        setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, timeoutSize)
        setsockopt(socketDescriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, timeoutSize)

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                Glibc.connect(socketDescriptor, address, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            throw UpstreamStubError(
                "failed to connect to the upstream stub on port \(port): \(String(cString: strerror(errno)))")
        }
    }

    private static func sendAll(_ socketDescriptor: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(socketDescriptor, $0.baseAddress, $0.count, 0) }
            guard sent > 0 else {
                throw UpstreamStubError("failed to send to the upstream stub: \(String(cString: strerror(errno)))")
            }
            offset += sent
        }
    }

    private static func readAll(_ socketDescriptor: Int32) throws -> [UInt8] {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = recv(socketDescriptor, &chunk, chunk.count, 0)
            if count == 0 {
                return received
            }
            guard count > 0 else {
                throw UpstreamStubError("failed to read from the upstream stub: \(String(cString: strerror(errno)))")
            }
            received += chunk[..<count]
        }
    }

    private static func parse(_ bytes: [UInt8], method: String, path: String) throws -> Response {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let headEnd = bytes.firstRange(of: separator) else {
            throw UpstreamStubError("the upstream stub sent an incomplete response to \(method) \(path)")
        }
        let statusLine = String(decoding: bytes[..<headEnd.lowerBound], as: UTF8.self).prefix { $0 != "\r" }
        let fields = statusLine.split(separator: " ")
        guard fields.count >= 2, let status = Int(fields[1]) else {
            throw UpstreamStubError("the upstream stub sent the status line \"\(statusLine)\" to \(method) \(path)")
        }
        return Response(status: status, body: Data(bytes[headEnd.upperBound...]))
    }
}
