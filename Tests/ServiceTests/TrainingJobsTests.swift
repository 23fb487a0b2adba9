import Foundation
import Logging
import TRM
import Testing

@testable import Service

/// An engine that trains nothing: it records its calls and returns fixed metrics, fails when `fails` is set, and
/// trains until the job is cancelled when `runsUntilCancelled` is set.
private struct RecordingEngine: TrainingEngine {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "engine failed on purpose" }
    }

    let kind: String
    let fails: Bool
    let calls: CallLog
    var runsUntilCancelled = false

    func validate(_ parameters: TrainingParameters, target: TrainingTarget) throws(APIError) {}

    func plannedEpochs(_ spec: TrainingSpec) -> Int { spec.parameters.epochs ?? 7 }

    func train(_ spec: TrainingSpec, control: TrainingControl) async throws -> String {
        calls.append("\(kind).train(\(spec.model))")
        if fails { throw Failure() }
        while runsUntilCancelled {
            if control.isCancelled { throw TrainingCancelled() }
            try await Task.sleep(for: .milliseconds(5))
        }
        return "\(kind)-weights"
    }

    func publish(_ trained: String, model: String) async throws -> PublishedVersion {
        calls.append("\(kind).publish(\(trained))")
        return PublishedVersion(
            kind: kind, version: "\(kind)-v1", checkpoint: "\(model)@\(kind)-v1.ckpt", metrics: ["held_out_auroc": 0.75]
        )
    }
}

/// Calls made to the recording engines, in order; the lock guards `entries`.
private final class CallLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String] = []

    func append(_ entry: String) { lock.withLock { entries.append(entry) } }

    var all: [String] { lock.withLock { entries } }
}

@Suite struct TrainingJobsTests {
    private static func spec() -> TrainingSpec {
        TrainingSpec(
            model: "news", records: syntheticRecords(count: 4), dataHash: "0", parameters: TrainingParameters(),
            heldOutFraction: 0)
    }

    private static func waitUntilFinished(_ jobs: TrainingJobs, _ id: String) async throws -> TrainingJob {
        for _ in 0..<500 {
            if let job = await jobs.status(id), job.state.isFinished { return job }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw RawClientError(description: "job \(id) did not finish")
    }

    private static func jobs(_ engines: [any TrainingEngine]) -> TrainingJobs {
        TrainingJobs(
            engines: engines, queueLength: 2, retainedJobs: 10,
            logger: Logger(label: "jobs-tests", level: .critical, format: .logfmt, sink: .memory()))
    }

    @Test func bothTargetRunsEveryEngineInOrder() async throws {
        let calls = CallLog()
        let jobs = Self.jobs([
            RecordingEngine(kind: "trm", fails: false, calls: calls),
            RecordingEngine(kind: "ebm", fails: false, calls: calls),
        ])

        let submitted = try await jobs.submit(Self.spec(), target: .both)
        let job = try await Self.waitUntilFinished(jobs, submitted.id)

        #expect(job.state == .succeeded)
        #expect(
            calls.all == ["trm.train(news)", "ebm.train(news)", "trm.publish(trm-weights)", "ebm.publish(ebm-weights)"])
        #expect(job.metrics == ["trm.held_out_auroc": 0.75, "ebm.held_out_auroc": 0.75])
        #expect(job.published.last?.checkpoint == "news@ebm-v1.ckpt")
        #expect(
            job.publishedByKind == [
                "trm": ["version": "trm-v1", "checkpoint": "news@trm-v1.ckpt"],
                "ebm": ["version": "ebm-v1", "checkpoint": "news@ebm-v1.ckpt"],
            ])
    }

    @Test func submittedJobShowsItsPlannedEpochs() async throws {
        let calls = CallLog()
        let jobs = Self.jobs([RecordingEngine(kind: "trm", fails: false, calls: calls, runsUntilCancelled: true)])
        var spec = Self.spec()
        spec.parameters.epochs = 5

        let running = try await jobs.submit(Self.spec(), target: .trm)
        let queued = try await jobs.submit(spec, target: .trm)

        #expect(running.progress.epochs == 7)
        #expect(queued.progress.epochs == 5)
        #expect(await jobs.status(queued.id)?.progress.epochs == 5)
        _ = try await jobs.cancel(running.id)
        _ = try await jobs.cancel(queued.id)
    }

    @Test func cancelledBothJobPublishesNothing() async throws {
        let calls = CallLog()
        let jobs = Self.jobs([
            RecordingEngine(kind: "trm", fails: false, calls: calls),
            RecordingEngine(kind: "ebm", fails: false, calls: calls, runsUntilCancelled: true),
        ])
        let submitted = try await jobs.submit(Self.spec(), target: .both)
        for _ in 0..<500 where !calls.all.contains("ebm.train(news)") {
            try await Task.sleep(for: .milliseconds(10))
        }

        _ = try await jobs.cancel(submitted.id)
        let job = try await Self.waitUntilFinished(jobs, submitted.id)

        #expect(job.state == .cancelled)
        #expect(calls.all == ["trm.train(news)", "ebm.train(news)"], "no model is published")
        #expect(job.published.isEmpty)
    }

    @Test func failingSecondEngineFailsJobWithoutPublishing() async throws {
        let calls = CallLog()
        let jobs = Self.jobs([
            RecordingEngine(kind: "trm", fails: false, calls: calls),
            RecordingEngine(kind: "ebm", fails: true, calls: calls),
        ])

        let submitted = try await jobs.submit(Self.spec(), target: .both)
        let job = try await Self.waitUntilFinished(jobs, submitted.id)

        #expect(job.state == .failed)
        #expect(calls.all == ["trm.train(news)", "ebm.train(news)"], "no model is published")
        #expect(job.published.isEmpty)
    }

    @Test func failingEngineFailsJobWithMessage() async throws {
        let calls = CallLog()
        let jobs = Self.jobs([RecordingEngine(kind: "trm", fails: true, calls: calls)])

        let submitted = try await jobs.submit(Self.spec(), target: .trm)
        let job = try await Self.waitUntilFinished(jobs, submitted.id)

        #expect(job.state == .failed)
        #expect(job.error == "engine failed on purpose")
        #expect(calls.all == ["trm.train(news)"])
    }

    @Test func missingEngineIsRejectedBeforeQueueing() async throws {
        let jobs = Self.jobs([RecordingEngine(kind: "trm", fails: false, calls: CallLog())])

        await #expect(throws: APIError.self) { try await jobs.submit(Self.spec(), target: .ebm) }
    }

    @Test func controlPlacesEngineProgressInJob() {
        let control = TrainingControl()
        var snapshot = TrainingControl.Snapshot()
        snapshot.epoch = 3
        snapshot.progress = 1
        control.report(snapshot)

        control.beginStage(1, of: 2)
        let started = control.snapshot
        snapshot.epoch = 1
        snapshot.progress = 0.5
        control.report(snapshot)

        #expect(started.progress == 0.5)
        #expect(started.epoch == 0, "the first engine's epochs are cleared")
        #expect(control.snapshot.progress == 0.75)
        #expect(control.snapshot.epoch == 1)
    }
}
