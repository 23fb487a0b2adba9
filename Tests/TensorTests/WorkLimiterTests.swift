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

    @Test func runsAtMostTheLimitAtOnce() async {
        let limiter = WorkLimiter(limit: 2)
        let gauge = Gauge()

        let results = await withTaskGroup(of: Int.self) { group in
            for label in 0..<8 {
                group.addTask {
                    await limiter.run {
                        gauge.enter()
                        usleep(20_000)
                        gauge.leave(label)
                        return label
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
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
            await limiter.run {
                gate.wait()
                gauge.leave(0)
            }
        }
        while limiter.runningCount < 1 { try await Task.sleep(for: .milliseconds(1)) }
        var waiters: [Task<Void, Never>] = []
        for label in 1...4 {
            waiters.append(Task { await limiter.run { gauge.leave(label) } })
            while limiter.waitingCount < label { try await Task.sleep(for: .milliseconds(1)) }
        }

        gate.signal()
        await first.value
        for waiter in waiters { await waiter.value }

        #expect(gauge.finished == [0, 1, 2, 3, 4])
    }

    @Test func limitIsAtLeastOne() {
        #expect(WorkLimiter(limit: 0).limit == 1)
    }
}
