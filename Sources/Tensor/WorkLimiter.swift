import Foundation

/// Runs CPU-heavy work on threads of its own, at most `limit` at once, admitting the rest in arrival order.
///
/// Each piece of work for a request (feature extraction of up to 32 contexts of 20,000 characters, then a
/// model) can take tens of megabytes while it runs. Without a limit, 64 such requests at once took 1.6 GB of
/// resident memory. More threads than cores would not finish the work sooner, and arrival order keeps the
/// latency of a request from depending on luck.
public final class WorkLimiter: @unchecked Sendable {
    // The lock guards `running`, `waiting` and `nextWaiter`.
    private let lock = NSLock()
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var nextWaiter = 0
    public let limit: Int

    /// Creates a limiter of `limit` pieces of work at once, at least 1.
    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Creates a limiter of twice the active cores, so a thread that waits on memory or a lock leaves a core
    /// busy with another piece of work.
    public static func twicePerCore() -> WorkLimiter {
        WorkLimiter(limit: 2 * ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Waits for a free slot, runs `work` on a thread of its own, and returns its result.
    ///
    /// A task cancelled before its turn gives the turn up without running `work`. One cancelled while `work`
    /// runs sets the flag `work` receives, which it checks between its steps so that it can return early.
    ///
    /// - Throws: `CancellationError` when the task was cancelled before `work` started or while it ran, in which
    ///   case any partial result is dropped.
    public func run<Value: Sendable>(
        _ work: @escaping @Sendable (WorkCancellation) -> Value
    ) async throws(CancellationError) -> Value {
        guard !Task.isCancelled else { throw CancellationError() }
        await acquire()
        defer { release() }
        guard !Task.isCancelled else { throw CancellationError() }

        let cancellation = WorkCancellation()
        let value = await withTaskCancellationHandler {
            await offCooperativePool { work(cancellation) }
        } onCancel: {
            cancellation.cancel()
        }
        guard !cancellation.isCancelled else { throw CancellationError() }
        return value
    }

    /// Number of pieces of work running now, for tests.
    var runningCount: Int {
        lock.withLock { running }
    }

    /// Number of pieces of work waiting for a slot, for tests.
    var waitingCount: Int {
        lock.withLock { waiting.count - nextWaiter }
    }

    private func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let admitted = lock.withLock {
                guard running < limit else {
                    waiting.append(continuation)
                    return false
                }
                running += 1
                return true
            }
            if admitted {
                continuation.resume()
            }
        }
    }

    /// Frees a slot, handing it straight to the longest waiter when there is one.
    private func release() {
        let next: CheckedContinuation<Void, Never>? = lock.withLock {
            guard nextWaiter < waiting.count else {
                running -= 1
                return nil
            }
            let waiter = waiting[nextWaiter]
            nextWaiter += 1
            if nextWaiter == waiting.count {
                waiting.removeAll(keepingCapacity: true)
                nextWaiter = 0
            }
            return waiter
        }
        next?.resume()
    }
}

/// A flag set when the task that submitted a piece of work is cancelled, which the work checks between its
/// steps.
public final class WorkCancellation: @unchecked Sendable {
    // The lock guards `cancelled`.
    private let lock = NSLock()
    private var cancelled = false

    public var isCancelled: Bool {
        lock.withLock { cancelled }
    }

    func cancel() {
        lock.withLock { cancelled = true }
    }
}
