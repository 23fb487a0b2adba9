import Foundation

/// A value guarded by a lock, for state shared between the server's threads.
final class LockedValue<Value>: @unchecked Sendable {
    // Every access to `value` goes through `withLock`.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value and returns its result.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
