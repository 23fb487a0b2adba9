import Dispatch
import Foundation

extension Connection {
    /// Runs the async handler as a task and blocks the connection thread, never a pool thread, until it returns.
    static func runHandler(_ handler: @escaping HTTPServer.Handler, request: HTTPRequest) -> HTTPResponse {
        let slot = ResponseSlot()
        Task {
            slot.fill(await handler(request))
        }
        return slot.waitForResponse(requestID: request.requestID)
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

    /// Blocks until `fill` has run and returns its response.
    func waitForResponse(requestID: String) -> HTTPResponse {
        filled.wait()
        let stored = lock.withLock { response }
        // `fill` always stores a response before it signals, so the fallback only keeps this free of a force
        // unwrap.
        return stored
            ?? .error(
                status: 500, code: "internal_error", message: "Handler produced no response.", requestID: requestID)
    }
}
