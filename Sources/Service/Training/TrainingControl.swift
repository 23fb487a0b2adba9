import Foundation

/// The link between a running job and its training thread: the cancellation flag one way, progress the other.
///
/// The training thread and the job actor both use it, so every field is guarded by `lock`.
public final class TrainingControl: @unchecked Sendable {
    /// The last progress a training thread reported.
    public struct Snapshot: Sendable, Equatable {
        /// Share of the job done, 0-1.
        public var progress = 0.0
        public var epoch = 0
        public var epochs = 0
        /// Optimizer step within the epoch, from 1.
        public var step = 0
        public var stepsPerEpoch = 0
        /// Mean training loss of the current epoch so far.
        public var loss: Double?

        public init() {}
    }

    private let lock = NSLock()
    private var cancelled = false
    private var latest = Snapshot()

    public init() {}

    /// Asks the training thread to stop at its next check, between two optimizer steps.
    public func cancel() {
        lock.withLock { cancelled = true }
    }

    public var isCancelled: Bool {
        lock.withLock { cancelled }
    }

    /// Records the newest progress of the training thread.
    public func report(_ snapshot: Snapshot) {
        lock.withLock { latest = snapshot }
    }

    public var snapshot: Snapshot {
        lock.withLock { latest }
    }
}
