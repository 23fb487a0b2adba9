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
    /// NOTE: a cancelled task keeps its place and still runs `work` when admitted, because callers expect a
    /// result. A request whose client left still costs its turn.
    public func run<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await acquire()
        defer { release() }
        return await offCooperativePool(work)
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
