import Foundation

/// The link between a running job and its training thread: the cancellation flag one way, progress the other.
///
/// The training thread and the job actor both use it, so every field is guarded by `lock`.
public final class TrainingControl: @unchecked Sendable {
    /// The last progress a training thread reported.
    public struct Snapshot: Sendable, Equatable {
        /// Share of the job done, 0-1. A snapshot passed to `report` gives the running engine's share instead.
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
    /// The engine running now and the number of engines in the job, which place its progress in the job's.
    private var stage = (index: 0, count: 1)

    public init() {}

    /// Asks the training thread to stop at its next check, between two optimizer steps.
    public func cancel() {
        lock.withLock { cancelled = true }
    }

    public var isCancelled: Bool {
        lock.withLock { cancelled }
    }

    /// Starts the progress of engine `index` (from 0) of `count`, with the previous engine's epochs and loss cleared.
    ///
    /// A job that trains several models runs one engine after the other, so its progress rises through each
    /// engine's equal share instead of falling back to 0 when the next engine starts.
    public func beginStage(_ index: Int, of count: Int) {
        lock.withLock {
            stage = (max(index, 0), max(count, 1))
            var cleared = Snapshot()
            cleared.progress = Double(stage.index) / Double(stage.count)
            latest = cleared
        }
    }

    /// Records the newest progress of the training thread, whose `progress` is its own engine's share done, 0-1.
    ///
    /// `snapshot` then returns `progress` as the share of the whole job done.
    public func report(_ snapshot: Snapshot) {
        lock.withLock {
            var scaled = snapshot
            let engineShare = min(max(snapshot.progress, 0), 1)
            scaled.progress = (Double(stage.index) + engineShare) / Double(stage.count)
            latest = scaled
        }
    }

    public var snapshot: Snapshot {
        lock.withLock { latest }
    }
}
