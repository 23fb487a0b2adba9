#if canImport(Glibc)
    import Glibc
#endif

// NOTE: the server builds on Linux only, because it imports Glibc and sends with MSG_NOSIGNAL, which Darwin
// lacks. Darwin would need SO_NOSIGPIPE on each socket instead.

/// A connected TCP socket, read and written with deadlines.
///
/// The descriptor stays blocking. `recv` runs after `poll` reports input, or with `SO_RCVTIMEO` set to the time
/// left, and `send` uses `MSG_DONTWAIT`, so no call waits past its deadline. `MSG_NOSIGNAL` turns a write to a
/// closed peer into `EPIPE` instead of `SIGPIPE`.
struct Socket: Sendable {
    /// Outcome of a read.
    enum ReceiveResult: Equatable {
        /// This many bytes were written to the front of the buffer.
        case received(Int)
        /// The peer closed its side of the connection.
        case closed
        /// The deadline passed before any byte arrived.
        case timedOut
        /// The wake descriptor became readable before any byte arrived.
        case woken
    }

    let descriptor: Int32

    /// Waits until bytes arrive, the peer closes, the deadline passes or `wakeDescriptor` becomes readable.
    ///
    /// Once the deadline has passed the result is `.timedOut`, even if bytes are queued.
    ///
    /// - Parameters:
    ///   - buffer: Storage for the bytes, whose count is the maximum read.
    ///   - deadline: Time by which a byte must arrive.
    ///   - wakeDescriptor: Descriptor whose input ends the wait, or nil to wait on the socket alone.
    /// - Throws: `SocketError` when `poll` or `recv` fails.
    func receive(
        into buffer: inout [UInt8],
        deadline: Deadline,
        wakeDescriptor: Int32? = nil
    ) throws(SocketError) -> ReceiveResult {
        while true {
            // Checked first, so a client that keeps a trickle of bytes queued cannot outlast the deadline.
            guard !deadline.hasPassed else { return .timedOut }
            var descriptors = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
            if let wakeDescriptor {
                descriptors.append(pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0))
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), deadline.pollTimeout())
            if ready < 0 {
                guard errno == EINTR else { throw SocketError("poll") }
                continue
            }
            if descriptors[0].revents != 0 {
                if let result = try receiveReady(into: &buffer) {
                    return result
                }
            } else if descriptors.count > 1 && descriptors[1].revents != 0 {
                return .woken
            }
        }
    }

    /// Maximum length of one wait in `receiveWhileIdle`, in milliseconds, after which it checks `shouldStop` again.
    static let idleCheckMilliseconds: Int32 = 250

    /// Waits for the first bytes of a request with a blocking `recv` and no `poll`.
    ///
    /// A keep-alive connection waits here between requests, and leaving out `poll` saves a system call per
    /// request. `SO_RCVTIMEO` ends each wait after `idleCheckMilliseconds` or at the deadline, whichever comes
    /// first, so the deadline is kept and a shutdown is noticed within that interval.
    ///
    /// - Parameters:
    ///   - buffer: Storage for the bytes, whose count is the maximum read.
    ///   - deadline: Time by which a byte must arrive.
    ///   - receiveTimeout: Milliseconds of `SO_RCVTIMEO` now set on the socket, 0 before the first call. The call
    ///     changes the option only when this value must change, and updates it.
    ///   - shouldStop: Returns true once waiting should end with `.woken`.
    /// - Throws: `SocketError` when `recv` or `setsockopt` fails.
    func receiveWhileIdle(
        into buffer: inout [UInt8],
        deadline: Deadline,
        receiveTimeout: inout Int32,
        shouldStop: () -> Bool
    ) throws(SocketError) -> ReceiveResult {
        while true {
            guard !deadline.hasPassed else { return .timedOut }
            let wait = min(Self.idleCheckMilliseconds, deadline.pollTimeout())
            if wait != receiveTimeout {
                try setReceiveTimeout(milliseconds: wait)
                receiveTimeout = wait
            }

            // A slice that ends without input leaves `recv` with EAGAIN, which `receiveReady` reports as nil.
            if let result = try receiveReady(into: &buffer) {
                return result
            }
            if shouldStop() {
                return .woken
            }
        }
    }

    private func setReceiveTimeout(milliseconds: Int32) throws(SocketError) {
        var timeout = timeval(tv_sec: Int(milliseconds / 1000), tv_usec: Int(milliseconds % 1000) * 1000)
        let size = socklen_t(MemoryLayout<timeval>.size)
        guard setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, size) == 0 else {
            throw SocketError("setsockopt")
        }
    }

    /// Calls `recv` and returns its result, or nil when it was interrupted or timed out and must be retried.
    private func receiveReady(into buffer: inout [UInt8]) throws(SocketError) -> ReceiveResult? {
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            return .received(count)
        }
        if count == 0 {
            return .closed
        }
        guard errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK else {
            throw SocketError("recv")
        }
        return nil
    }

    /// Writes all of `bytes`, waiting for buffer space until the deadline.
    ///
    /// Each round sends first and polls only when the socket buffer is full, so a response that fits the
    /// buffer, as most do, costs one system call.
    ///
    /// - Throws: `SocketError` when `poll` or `send` fails, or when the deadline passes first.
    func send(_ bytes: [UInt8], deadline: Deadline) throws(SocketError) {
        var offset = 0
        while offset < bytes.count {
            let sent = sendWithoutWaiting(bytes[offset...])
            if sent > 0 {
                offset += sent
                continue
            }
            guard sent < 0, errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK else {
                throw SocketError("send")
            }
            try waitUntilWritable(deadline: deadline)
        }
    }

    private func waitUntilWritable(deadline: Deadline) throws(SocketError) {
        var descriptors = [pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)]
        let ready = poll(&descriptors, 1, deadline.pollTimeout())
        if ready < 0 && errno != EINTR {
            throw SocketError("poll")
        }
        if ready == 0 && deadline.hasPassed {
            throw SocketError("send", detail: "client did not read the response before the write timeout")
        }
    }

    /// Sends what fits in the socket buffer now, without waiting.
    ///
    /// - Returns: The number of bytes sent, or -1 with `errno` set.
    @discardableResult
    func sendWithoutWaiting(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return Glibc.send(descriptor, base, buffer.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
        }
    }

    /// Reads and drops bytes that are already queued, without waiting, up to `limit` bytes.
    func discardQueuedInput(limit: Int) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var discarded = 0
        while discarded < limit {
            let count = buffer.withUnsafeMutableBytes {
                recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT))
            }
            guard count > 0 else { return }
            discarded += count
        }
    }

    /// Returns whether the peer reset the connection, without waiting or reading.
    ///
    /// A FIN alone does not count, because a client may half-close after its last request and still read the
    /// response.
    func peerHasReset() -> Bool {
        var descriptors = [pollfd(fd: descriptor, events: 0, revents: 0)]
        guard poll(&descriptors, 1, 0) > 0 else { return false }
        return descriptors[0].revents & Int16(POLLERR | POLLHUP) != 0
    }

    /// Sends FIN, so the client reads the end of the response while the server may still read from it.
    func shutdownWrite() {
        _ = Glibc.shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Disables Nagle's algorithm, so small responses leave without delay.
    func disableNagle() {
        var enabled: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &enabled, socklen_t(MemoryLayout<Int32>.size))
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
