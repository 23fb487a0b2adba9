import Foundation
import Logging
import TRM

/// The training jobs of this process: one runs at a time, the others wait in a bounded queue.
public actor TrainingJobs {
    private let engines: [String: any TrainingEngine]
    private let queueLength: Int
    private let retainedJobs: Int
    private let logger: Logger

    private var jobs: [String: TrainingJob] = [:]
    private var controls: [String: TrainingControl] = [:]
    private var specs: [String: TrainingSpec] = [:]
    private var queue: [String] = []
    private var running: String?
    /// Finished job ids, oldest first, so the oldest status is dropped past `retainedJobs`.
    private var finished: [String] = []

    /// Creates the job queue over `engines`, keyed by their `kind`.
    public init(engines: [any TrainingEngine], queueLength: Int, retainedJobs: Int, logger: Logger) {
        self.engines = Dictionary(engines.map { ($0.kind, $0) }) { first, _ in first }
        self.queueLength = queueLength
        self.retainedJobs = retainedJobs
        self.logger = logger
    }

    /// Queues a job and starts it when no other job runs.
    ///
    /// - Throws: `APIError` 400 for a target without an engine or hyper-parameters it does not use, 429 when
    ///   the queue is full.
    public func submit(_ spec: TrainingSpec, target: TrainingTarget) throws(APIError) -> TrainingJob {
        let missing = target.kinds.filter { engines[$0] == nil }
        guard missing.isEmpty else {
            throw APIError(
                status: 400, code: "target_not_available",
                message: "target \(target.rawValue) is not available: this service runs no "
                    + "\(missing.joined(separator: ", ")) engine")
        }
        for kind in target.kinds {
            try engines[kind]?.validate(spec.parameters, target: target)
        }
        let waiting = queue.count
        guard running == nil || waiting < queueLength else {
            throw APIError(
                status: 429, code: "queue_full",
                message: "the training queue is full: \(waiting) jobs wait behind the running one; retry after one "
                    + "finishes")
        }

        var job = TrainingJob(
            id: Self.makeID(), target: target, model: spec.model, examples: spec.records.count)
        // A queued job shows the epochs it will train, not 0, until its first engine reports.
        job.progress.epochs = target.kinds.first.flatMap { engines[$0]?.plannedEpochs(spec) } ?? 0
        jobs[job.id] = job
        specs[job.id] = spec
        controls[job.id] = TrainingControl()
        queue.append(job.id)
        logger.info(
            "training job queued",
            [
                "train.job": .string(job.id), "model": .string(spec.model), "target": .string(target.rawValue),
                "examples": .integer(job.examples),
            ])
        startNext()
        return job
    }

    /// Returns a job's current status, nil for an unknown id.
    /// Number of jobs kept in each state, by the state's name.
    public func stateCounts() -> [String: Int] {
        jobs.values.reduce(into: [:]) { counts, job in counts[job.state.rawValue, default: 0] += 1 }
    }

    public func status(_ id: String) -> TrainingJob? {
        guard var job = jobs[id] else { return nil }
        if job.state == .running, let control = controls[id] {
            job.progress = control.snapshot
        }
        return job
    }

    /// Cancels a queued job at once, or sets the cancellation flag of a running one, which stops after its current
    /// optimizer step.
    ///
    /// - Returns: The job's status after the request, nil for an unknown id.
    /// - Throws: `APIError` 409 for a job that already finished.
    public func cancel(_ id: String) throws(APIError) -> TrainingJob? {
        guard let job = jobs[id] else { return nil }
        switch job.state {
        case .queued:
            queue.removeAll { $0 == id }
            finish(id, state: .cancelled, error: nil)
        case .running:
            controls[id]?.cancel()
            jobs[id]?.cancelRequested = true
            logger.info("training job cancel requested", ["train.job": id])
        case .succeeded, .failed, .cancelled:
            throw APIError(
                status: 409, code: "job_finished", message: "job \(id) already finished as \(job.state.rawValue)")
        }
        return status(id)
    }

    private func startNext() {
        guard running == nil, !queue.isEmpty else { return }
        let id = queue.removeFirst()
        guard let spec = specs[id], let control = controls[id], let job = jobs[id] else { return }
        running = id
        jobs[id]?.state = .running
        jobs[id]?.startedAt = Date()
        logger.info("training job started", ["train.job": id, "model": spec.model])

        let engines = job.target.kinds.compactMap { self.engines[$0] }
        Task { [logger] in
            do {
                // Every model is trained before any is published, so that a job cancelled or failed during training
                // leaves the served versions as they were.
                var publications: [Publication] = []
                for (index, engine) in engines.enumerated() {
                    control.beginStage(index, of: engines.count)
                    publications.append(try await Self.train(engine, spec: spec, control: control))
                }
                try await publish(id, publications)
                finish(id, state: .succeeded, error: nil)
            } catch is TrainingCancelled {
                finish(id, state: .cancelled, error: nil)
            } catch {
                let message = Self.message(for: error)
                logger.error("training job failed", ["train.job": id, "error": message])
                finish(id, state: .failed, error: message)
            }
        }
    }

    /// A closure that writes one trained model as a new version and starts serving it.
    private typealias Publication = @Sendable () async throws -> PublishedVersion

    /// Trains with one engine, opening the existential so its trained value keeps its type until it is published.
    ///
    /// - Throws: `TrainingCancelled` when the job was cancelled during training, or the engine's error.
    private static func train(
        _ engine: some TrainingEngine, spec: TrainingSpec, control: TrainingControl
    ) async throws -> Publication {
        let trained = try await engine.train(spec, control: control)
        if control.isCancelled { throw TrainingCancelled() }
        return { try await engine.publish(trained, model: spec.model) }
    }

    /// Publishes a job's trained models in order, unless the job was cancelled after its last training step.
    ///
    /// NOTE: When writing a later model fails, the earlier ones stay published, because the registry cannot take a
    /// version back.
    private func publish(_ id: String, _ publications: [Publication]) async throws {
        if controls[id]?.isCancelled ?? false { throw TrainingCancelled() }
        var published: [PublishedVersion] = []
        for publication in publications {
            published.append(try await publication())
            jobs[id]?.published = published
        }
    }

    private func finish(_ id: String, state: TrainingJob.State, error: String?) {
        if let control = controls[id] {
            jobs[id]?.progress = control.snapshot
        }
        if state == .succeeded { jobs[id]?.progress.progress = 1 }
        jobs[id]?.state = state
        jobs[id]?.error = error
        jobs[id]?.finishedAt = Date()
        controls[id] = nil
        specs[id] = nil
        logger.info("training job finished", ["train.job": id, "state": state.rawValue])

        finished.append(id)
        while finished.count > retainedJobs {
            jobs[finished.removeFirst()] = nil
        }
        if running == id {
            running = nil
            startNext()
        }
    }

    private static func message(for error: Error) -> String {
        if let error = error as? APIError { return error.message }
        return "\(error)"
    }

    /// Returns a job id: `job-` and 16 random hexadecimal digits.
    private static func makeID() -> String {
        let value = UInt64.random(in: 0...UInt64.max)
        let digits = String(value, radix: 16)
        return "job-" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}
