import Foundation

/// The state of one training job, as `GET /train/{job}` returns it.
public struct TrainingJob: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        case queued, running, succeeded, failed, cancelled

        /// True once the job can change no more.
        public var isFinished: Bool {
            self == .succeeded || self == .failed || self == .cancelled
        }
    }

    public var id: String
    public var target: TrainingTarget
    public var model: String
    public var state: State = .queued
    /// Examples the job trains and measures on.
    public var examples: Int
    public var progress = TrainingControl.Snapshot()
    /// Set after a `DELETE` while the training thread has not yet stopped.
    public var cancelRequested = false
    public var published: [PublishedVersion] = []
    public var error: String?
    public var createdAt = Date()
    public var startedAt: Date?
    public var finishedAt: Date?

    /// The status URL of the job.
    public var statusURL: String { "/train/\(id)" }
}

extension TrainingJob: Encodable {
    enum CodingKeys: String, CodingKey {
        case job, statusURL = "status_url", target, model, state, examples, progress, epoch, epochs, step
        case stepsPerEpoch = "steps_per_epoch", loss, metrics, checkpoint, version, published, error
        case cancelRequested = "cancel_requested", createdAt = "created_at", startedAt = "started_at"
        case finishedAt = "finished_at"
    }

    /// Writes every field, with null for the ones not known yet, so that clients see one shape in every state.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .job)
        try container.encode(statusURL, forKey: .statusURL)
        try container.encode(target.rawValue, forKey: .target)
        try container.encode(model, forKey: .model)
        try container.encode(state.rawValue, forKey: .state)
        try container.encode(examples, forKey: .examples)
        try container.encode((progress.progress * 1000).rounded() / 1000, forKey: .progress)
        try container.encode(progress.epoch, forKey: .epoch)
        try container.encode(progress.epochs, forKey: .epochs)
        try container.encode(progress.step, forKey: .step)
        try container.encode(progress.stepsPerEpoch, forKey: .stepsPerEpoch)
        try container.encode(progress.loss.map { ($0 * 10_000).rounded() / 10_000 }, forKey: .loss)
        try container.encode(metrics, forKey: .metrics)
        try container.encode(published.last?.checkpoint, forKey: .checkpoint)
        try container.encode(published.last?.version, forKey: .version)
        try container.encode(publishedByKind, forKey: .published)
        try container.encode(error, forKey: .error)
        try container.encode(cancelRequested, forKey: .cancelRequested)
        try container.encode(Self.timestamp(createdAt), forKey: .createdAt)
        try container.encode(startedAt.map(Self.timestamp), forKey: .startedAt)
        try container.encode(finishedAt.map(Self.timestamp), forKey: .finishedAt)
    }

    /// Metrics of every published version, prefixed with the engine kind when the job trained several.
    var metrics: [String: Double] {
        var metrics: [String: Double] = [:]
        for version in published {
            for (name, value) in version.metrics where value.isFinite {
                let key = published.count > 1 ? "\(version.kind).\(name)" : name
                metrics[key] = (value * 10_000).rounded() / 10_000
            }
        }
        return metrics
    }

    /// Version and checkpoint of every published version, by engine kind, so that a job that trained several
    /// reports each one and not only the last.
    var publishedByKind: [String: [String: String]] {
        var byKind: [String: [String: String]] = [:]
        for version in published {
            byKind[version.kind] = ["version": version.version, "checkpoint": version.checkpoint]
        }
        return byKind
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
    }
}
