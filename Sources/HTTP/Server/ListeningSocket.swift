#if canImport(Glibc)
    import Glibc
#endif

/// A TCP socket bound to an address and listening for connections.
struct ListeningSocket: Sendable {
    let descriptor: Int32

    /// Resolves `host`, then binds and listens on the first address that accepts the bind.
    ///
    /// - Parameters:
    ///   - host: Numeric IPv4 or IPv6 address, or a name such as `localhost`.
    ///   - port: TCP port, or 0 to let the kernel pick a free one.
    ///   - backlog: Length of the queue of connections not yet accepted.
    /// - Throws: `SocketError` when the host does not resolve or no address can be bound.
    static func listen(host: String, port: Int, backlog: Int32) throws(SocketError) -> ListeningSocket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV

        var addresses: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &addresses)
        guard status == 0, let first = addresses else {
            throw SocketError(
                "getaddrinfo", detail: "cannot resolve host '\(host)': \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(first) }

        var lastError = SocketError("bind", detail: "no address found for host '\(host)'")
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            do {
                return try bindAndListen(address.pointee, backlog: backlog)
            } catch {
                lastError = error
            }
            candidate = address.pointee.ai_next
        }
        throw lastError
    }

    private static func bindAndListen(_ address: addrinfo, backlog: Int32) throws(SocketError) -> ListeningSocket {
        let descriptor = socket(
            address.ai_family, address.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), address.ai_protocol)
        guard descriptor >= 0 else { throw SocketError("socket") }

        var enabled: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &enabled, socklen_t(MemoryLayout<Int32>.size))
        guard bind(descriptor, address.ai_addr, address.ai_addrlen) == 0 else {
            let error = SocketError("bind")
            _ = Glibc.close(descriptor)
            throw error
        }
        guard Glibc.listen(descriptor, backlog) == 0 else {
            let error = SocketError("listen")
            _ = Glibc.close(descriptor)
            throw error
        }
        return ListeningSocket(descriptor: descriptor)
    }

    /// Returns the bound port, which is the kernel's choice when the requested port was 0.
    func localPort() throws(SocketError) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard status == 0 else { throw SocketError("getsockname") }

        // `sin_port` and `sin6_port` both follow the 2-byte family field, in network byte order.
        return withUnsafeBytes(of: &storage) { bytes in
            Int(UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
        }
    }

    /// Accepts one pending connection.
    ///
    /// The accepted descriptor is marked close-on-exec, so a child process the service starts cannot hold the
    /// connection open.
    ///
    /// - Throws: `SocketError` from `accept`, including `EAGAIN` when no connection is pending.
    func accept() throws(SocketError) -> Socket {
        let client = Glibc.accept(descriptor, nil, nil)
        guard client >= 0 else { throw SocketError("accept") }

        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        return Socket(descriptor: client)
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
