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

    /// Runs the async handler as a task whose jobs the connection thread runs itself while it waits, so the
    /// wait never blocks a thread of Swift's cooperative pool.
    ///
    /// While it waits, the thread cancels the task when the client resets the connection or the drain deadline
    /// passes, so handlers that check for cancellation stop early.
    func runHandler(request: HTTPRequest) -> HandlerOutcome {
        let executor = HandlerExecutor()
        defer { executor.release() }
        let handler = context.handler
        let task = Task(executorPreference: executor) {
            executor.fill(await handler(request))
        }

        while true {
            if let response = executor.runJobs(milliseconds: Self.handlerWatchMilliseconds) {
                return .response(response)
            }
            if socket.peerHasReset() {
                task.cancel()
                context.statistics.recordCancelledHandler()
                _ = executor.runJobs(milliseconds: Self.cancelledHandlerGraceMilliseconds)
                return .clientGone
            }
            if let drain = context.registry.drainDeadline, drain.hasPassed {
                task.cancel()
                context.statistics.recordCancelledHandler()
                let response = executor.runJobs(milliseconds: Self.cancelledHandlerGraceMilliseconds)
                return response.map(HandlerOutcome.response) ?? .drainExpired
            }
        }
    }
}
