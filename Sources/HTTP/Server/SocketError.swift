#if canImport(Glibc)
    import Glibc
#endif

/// A failed socket system call, with the call's name and `errno`.
struct SocketError: Error, Sendable, CustomStringConvertible {
    /// Name of the system call that failed, such as `recv`.
    let operation: String
    /// Value of `errno` after the call, or 0 for a failure without one, such as a send that timed out.
    let code: Int32
    /// Explanation for failures without an `errno`.
    let detail: String?

    /// Creates an error from the current `errno`.
    init(_ operation: String, code: Int32 = errno) {
        self.operation = operation
        self.code = code
        self.detail = nil
    }

    /// Creates an error without an `errno`.
    init(_ operation: String, detail: String) {
        self.operation = operation
        self.code = 0
        self.detail = detail
    }

    /// Whether the peer went away (reset, broken pipe), which is routine for a server and logged at debug.
    var isDisconnect: Bool {
        [ECONNRESET, EPIPE, ENOTCONN, ECONNABORTED].contains(code)
    }

    var description: String {
        if let detail {
            return "\(operation) failed: \(detail)"
        }
        return "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}
