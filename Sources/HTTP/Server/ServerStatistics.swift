import Foundation

/// Counts of the requests and connections the server turns away itself, before any handler runs.
///
/// These requests never reach the handler, so a metrics exporter reads them here: 408 counts slow clients,
/// 413, 414 and 431 count oversized requests, and rejected connections count the times the connection limit was
/// reached.
public final class ServerStatistics: Sendable {
    /// The counts at one moment.
    public struct Snapshot: Sendable, Equatable {
        /// Requests the server rejected itself with an error response, by status code.
        public var rejectedRequests: [Int: Int] = [:]
        /// Connections closed with 503 at accept because `maxConnections` were open.
        public var rejectedConnections = 0
        /// Connections accepted and served.
        public var acceptedConnections = 0
        /// Requests whose header section did not arrive before `headerTimeout`, also counted under 408.
        public var headerTimeouts = 0
        /// Requests whose body did not arrive before `bodyTimeout`, also counted under 408.
        public var bodyTimeouts = 0
        /// Handlers cancelled because the client reset the connection or the shutdown drain timeout passed.
        public var cancelledHandlers = 0
    }

    private let counts = LockedValue(Snapshot())

    init() {}

    /// The counts now.
    public var snapshot: Snapshot {
        counts.withLock { $0 }
    }

    func recordRejectedRequest(status: Int) {
        counts.withLock { $0.rejectedRequests[status, default: 0] += 1 }
    }

    func recordRejectedConnection() {
        counts.withLock { $0.rejectedConnections += 1 }
    }

    func recordAcceptedConnection() {
        counts.withLock { $0.acceptedConnections += 1 }
    }

    func recordTimeout(inHeaderSection: Bool) {
        counts.withLock { counts in
            if inHeaderSection {
                counts.headerTimeouts += 1
            } else {
                counts.bodyTimeouts += 1
            }
        }
    }

    func recordCancelledHandler() {
        counts.withLock { $0.cancelledHandlers += 1 }
    }
}
