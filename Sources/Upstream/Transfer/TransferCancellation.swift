import Foundation

/// A flag that the task side sets and the transfer thread's progress callback reads.
final class TransferCancellation: @unchecked Sendable {
    // Every access to `cancelled` takes `lock`.
    private let lock = NSLock()
    private var cancelled = false

    var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    func cancel() {
        lock.lock()
        defer { lock.unlock() }
        cancelled = true
    }
}

/// Runs blocking work on a thread of its own and returns its result, leaving the cooperative pool's few threads
/// free while the work waits on the network.
func runOnDedicatedThread<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
    await withCheckedContinuation { continuation in
        let thread = Thread {
            continuation.resume(returning: work())
        }
        thread.name = "upstream-transfer"
        thread.start()
    }
}
