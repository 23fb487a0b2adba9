import Dispatch
import Foundation

extension Connection {
    /// Result of a handler run.
    enum HandlerOutcome {
        case response(HTTPResponse)
        /// The client reset the connection, so the handler was cancelled and its response dropped.
        case clientGone
        /// The shutdown drain timeout passed, and the handler did not return within the grace time after it was
        /// cancelled.
        case drainExpired
    }

    /// Interval at which the waiting connection thread checks the client and the drain deadline.
    static let handlerWatchMilliseconds = 100
    /// Time a cancelled handler gets to return before the connection stops waiting for it.
    static let cancelledHandlerGraceMilliseconds = 1000

    /// Runs the async handler as a task and blocks the connection thread, never a pool thread, until it returns.
    ///
    /// While it waits, the thread cancels the task when the client resets the connection or the drain deadline
    /// passes, so handlers that check for cancellation stop early.
    func runHandler(request: HTTPRequest) -> HandlerOutcome {
        let slot = ResponseSlot()
        let handler = context.handler
        let task = Task {
            slot.fill(await handler(request))
        }

        while true {
            if let response = slot.waitForResponse(milliseconds: Self.handlerWatchMilliseconds) {
                return .response(response)
            }
            if socket.peerHasReset() {
                task.cancel()
                context.statistics.increment(\.handlersCancelled)
                _ = slot.waitForResponse(milliseconds: Self.cancelledHandlerGraceMilliseconds)
                return .clientGone
            }
            if let drain = context.registry.drainDeadline, drain.hasPassed {
                task.cancel()
                context.statistics.increment(\.handlersCancelled)
                let response = slot.waitForResponse(milliseconds: Self.cancelledHandlerGraceMilliseconds)
                return response.map(HandlerOutcome.response) ?? .drainExpired
            }
        }
    }
}

/// A response handed from the handler's task to the waiting connection thread.
private final class ResponseSlot: @unchecked Sendable {
    // The lock guards `response`, and the semaphore orders `fill` before the read in `waitForResponse`.
    private let lock = NSLock()
    private let filled = DispatchSemaphore(value: 0)
    private var response: HTTPResponse?

    func fill(_ response: HTTPResponse) {
        lock.withLock { self.response = response }
        filled.signal()
    }

    /// Waits up to `milliseconds` for `fill` and returns its response, or nil when it has not run yet.
    ///
    /// Once a wait has returned the response, later waits return nil, because the semaphore is signalled once.
    func waitForResponse(milliseconds: Int) -> HTTPResponse? {
        guard filled.wait(timeout: .now() + .milliseconds(milliseconds)) == .success else { return nil }
        return lock.withLock { response }
    }
}
