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

/// Runs CPU-heavy work on a Dispatch thread, so that a large request does not hold one of the few threads of
/// Swift's cooperative pool and delay every other request, health probes included.
public func offCooperativePool<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
    await withCheckedContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(returning: work())
        }
    }
}
