import Foundation

/// Counts open connections against the limit and tracks shutdown until the last connection closes.
final class ConnectionRegistry: @unchecked Sendable {
    // The lock guards every variable below.
    private let lock = NSLock()
    private let maxConnections: Int
    private var openCount = 0
    private var stopping = false
    private var drainDeadlineValue: Deadline?
    private var acceptLoopRunning = false
    private var stopped = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private let onStopped: @Sendable () -> Void

    /// Creates a registry.
    ///
    /// - Parameters:
    ///   - maxConnections: Maximum number of connections open at once.
    ///   - onStopped: Called once, after shutdown began, the accept loop ended and the last connection closed.
    init(maxConnections: Int, onStopped: @escaping @Sendable () -> Void) {
        self.maxConnections = maxConnections
        self.onStopped = onStopped
    }

    /// Number of connections open now.
    var openConnections: Int {
        lock.withLock { openCount }
    }

    /// Whether shutdown has begun, after which connections close after their current response.
    var isStopping: Bool {
        lock.withLock { stopping }
    }

    /// Time by which requests still in flight during shutdown must finish, or nil before shutdown.
    var drainDeadline: Deadline? {
        lock.withLock { drainDeadlineValue }
    }

    /// Counts a new connection, or returns false when the limit is reached or shutdown has begun.
    func reserve() -> Bool {
        lock.withLock {
            guard !stopping, openCount < maxConnections else { return false }
            openCount += 1
            return true
        }
    }

    /// Counts a connection as closed.
    func release() {
        lock.withLock { openCount -= 1 }
        finishIfStopped()
    }

    /// Records that the accept loop runs, so shutdown waits for it to end.
    func acceptLoopStarted() {
        lock.withLock { acceptLoopRunning = true }
    }

    /// Records that the accept loop has ended.
    func acceptLoopEnded() {
        lock.withLock { acceptLoopRunning = false }
        finishIfStopped()
    }

    /// Marks shutdown as begun, with requests in flight given `drainTimeout` seconds, and returns whether this
    /// call began it.
    @discardableResult
    func beginStopping(drainTimeout: Double) -> Bool {
        let began = lock.withLock {
            defer { stopping = true }
            if !stopping {
                drainDeadlineValue = .after(seconds: drainTimeout)
            }
            return !stopping
        }
        finishIfStopped()
        return began
    }

    /// Suspends until shutdown has begun and finished.
    func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = lock.withLock {
                if !stopped {
                    waiters.append(continuation)
                }
                return stopped
            }
            if done {
                continuation.resume()
            }
        }
    }

    private func finishIfStopped() {
        let resumed: [CheckedContinuation<Void, Never>]? = lock.withLock {
            guard stopping, !stopped, !acceptLoopRunning, openCount == 0 else { return nil }
            stopped = true
            defer { waiters = [] }
            return waiters
        }
        guard let resumed else { return }

        onStopped()
        for waiter in resumed {
            waiter.resume()
        }
    }
}
