extension HTTPServer {
    /// Counts of connection and request events since the server started, for metrics.
    public struct Statistics: Sendable, Equatable {
        /// Connections accepted and served.
        public var connectionsAccepted = 0
        /// Connections rejected with 503 and closed because `maxConnections` were open.
        public var connectionsRejected = 0
        /// Requests whose header section did not arrive before `headerTimeout`, rejected with 408.
        public var headerTimeouts = 0
        /// Requests whose body did not arrive before `bodyTimeout`, rejected with 408.
        public var bodyTimeouts = 0
        /// Requests the server rejected itself before the handler ran: malformed, over a limit or incomplete.
        public var requestsRejected = 0
        /// Handlers cancelled because the client reset the connection or the drain timeout passed during shutdown.
        public var handlersCancelled = 0

        public init() {}
    }
}

/// The server's `Statistics`, updated by the accept and connection threads.
final class StatisticsCounter: Sendable {
    private let value = LockedValue(HTTPServer.Statistics())

    var snapshot: HTTPServer.Statistics {
        value.withLock { $0 }
    }

    /// Adds one to the counter at `field`.
    func increment(_ field: WritableKeyPath<HTTPServer.Statistics, Int> & Sendable) {
        value.withLock { $0[keyPath: field] += 1 }
    }
}
