import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// Maps the elements on all cores, keeping their order.
    public func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        let results = ResultSlots<Result>(count: count)
        let source = self
        DispatchQueue.concurrentPerform(iterations: count) { index in
            results.set(index, transform(source[index]))
        }
        return results.values()
    }
}

/// Write-once result slots filled from several threads; the lock guards `slots`.
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    func values() -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}

/// Runs CPU-heavy work on a thread of its own, off Swift's cooperative pool and off Dispatch's global queue.
///
/// On Linux the global queue runs only as many blocks at once as there are cores, so one small request waited
/// there behind a few maximum-size ones for over 30 seconds. On threads of their own the kernel shares the cores.
public func offCooperativePool<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
    await withCheckedContinuation { continuation in
        let thread = Thread {
            continuation.resume(returning: work())
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
