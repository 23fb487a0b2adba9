import Foundation
import Testing

@testable import Tensor

@Suite(.timeLimit(.minutes(1))) struct WorkLimiterTests {
    /// Counts pieces of work running at once and remembers the most seen.
    final class Gauge: @unchecked Sendable {
        // The lock guards `current`, `highest` and `finished`.
        private let lock = NSLock()
        private var current = 0
        private(set) var highest = 0
        private(set) var finished: [Int] = []

        func enter() {
            lock.withLock {
                current += 1
                highest = max(highest, current)
            }
        }

        func leave(_ label: Int) {
            lock.withLock {
                current -= 1
                finished.append(label)
            }
        }
    }

    @Test func runsAtMostTheLimitAtOnce() async throws {
        let limiter = WorkLimiter(limit: 2)
        let gauge = Gauge()

        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for label in 0..<8 {
                group.addTask {
                    try await limiter.run { _ in
                        gauge.enter()
                        usleep(20_000)
                        gauge.leave(label)
                        return label
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }

        #expect(results.sorted() == Array(0..<8))
        #expect(gauge.highest == 2)
        #expect(limiter.runningCount == 0)
    }

    @Test func admitsWaitersInArrivalOrder() async throws {
        let limiter = WorkLimiter(limit: 1)
        let gauge = Gauge()
        let gate = DispatchSemaphore(value: 0)

        let first = Task {
            try await limiter.run { _ in
                gate.wait()
                gauge.leave(0)
            }
        }
        while limiter.runningCount < 1 { try await Task.sleep(for: .milliseconds(1)) }
        var waiters: [Task<Void, any Error>] = []
        for label in 1...4 {
            waiters.append(Task { try await limiter.run { _ in gauge.leave(label) } })
            while limiter.waitingCount < label { try await Task.sleep(for: .milliseconds(1)) }
        }

        gate.signal()
        try await first.value
        for waiter in waiters { try await waiter.value }

        #expect(gauge.finished == [0, 1, 2, 3, 4])
    }

    /// A waiter whose task is cancelled before its turn gives the turn up without running its work.
    @Test func cancelledWaiterSkipsItsWork() async throws {
        let limiter = WorkLimiter(limit: 1)
        let gauge = Gauge()
        let gate = DispatchSemaphore(value: 0)

        let first = Task { try await limiter.run { _ in gate.wait() } }
        while limiter.runningCount < 1 { try await Task.sleep(for: .milliseconds(1)) }
        let waiter = Task { try await limiter.run { _ in gauge.leave(1) } }
        while limiter.waitingCount < 1 { try await Task.sleep(for: .milliseconds(1)) }
        waiter.cancel()
        gate.signal()
        try await first.value

        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(gauge.finished.isEmpty)
        #expect(limiter.runningCount == 0)
    }

    /// Work running when its task is cancelled sees the flag, and its result is dropped.
    @Test func cancelledWorkSeesTheFlag() async throws {
        let limiter = WorkLimiter(limit: 1)
        let started = DispatchSemaphore(value: 0)

        let task = Task {
            try await limiter.run { cancellation in
                started.signal()
                while !cancellation.isCancelled { usleep(1_000) }
                return 1
            }
        }
        started.wait()
        task.cancel()

        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(limiter.runningCount == 0)
    }

    @Test func limitIsAtLeastOne() {
        #expect(WorkLimiter(limit: 0).limit == 1)
    }
}
