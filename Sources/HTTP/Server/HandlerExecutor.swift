import Foundation

/// A task executor that runs a handler's jobs on the connection thread while that thread waits for the response.
///
/// A handler that never awaits an actor or another executor, such as a health check, then runs start to finish
/// without a thread switch. Work isolated to an actor still runs on that actor's executor, and only the handler's
/// own code comes back to this thread. Once the connection thread stops waiting, `release()` sends any later job
/// to the global concurrent executor, so no job is left without a thread to run it.
final class HandlerExecutor: TaskExecutor, @unchecked Sendable {
    // The condition's lock guards `jobs`, `isDriven` and `response`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var isDriven = true
    private var response: HTTPResponse?

    func enqueue(_ job: consuming ExecutorJob) {
        let unownedJob = UnownedJob(job)
        condition.lock()
        guard isDriven else {
            condition.unlock()
            Self.forward(unownedJob)
            return
        }
        jobs.append(unownedJob)
        condition.signal()
        condition.unlock()
    }

    /// Stores the handler's response and wakes the connection thread.
    func fill(_ response: HTTPResponse) {
        condition.lock()
        self.response = response
        condition.signal()
        condition.unlock()
    }

    /// Runs jobs on the calling thread until the response is stored or `milliseconds` pass, and returns the
    /// response, or nil when it is not ready yet.
    func runJobs(milliseconds: Int) -> HTTPResponse? {
        let deadline = Date(timeIntervalSinceNow: Double(milliseconds) / 1000)
        condition.lock()
        defer { condition.unlock() }
        while response == nil {
            if jobs.isEmpty {
                guard condition.wait(until: deadline) else { break }
                continue
            }

            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch {
                job.runSynchronously(on: asUnownedTaskExecutor())
            }
            condition.lock()
        }
        return response
    }

    /// Stops running jobs on the connection thread and sends queued and later jobs to the global executor.
    func release() {
        condition.lock()
        isDriven = false
        let leftover = jobs
        jobs.removeAll()
        condition.unlock()
        for job in leftover {
            Self.forward(job)
        }
    }

    private static func forward(_ job: UnownedJob) {
        globalConcurrentExecutor.enqueue(job)
    }
}
