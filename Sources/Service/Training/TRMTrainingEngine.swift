import Foundation
import Logging
import TRM
import Tensor
import Text

/// Trains TRM verifiers for jobs and publishes them through the model registry.
public struct TRMTrainingEngine: TrainingEngine {
    public let kind = "trm"
    let registry: ModelRegistry
    let logger: Logger
    /// Versions kept per model after a new one is written.
    let retainedVersions: Int
    /// Network sizes of trained models; a resumed model keeps its own.
    let configuration: TRMConfiguration

    public init(
        registry: ModelRegistry, logger: Logger, retainedVersions: Int,
        configuration: TRMConfiguration = TRMConfiguration()
    ) {
        self.registry = registry
        self.logger = logger
        self.retainedVersions = retainedVersions
        self.configuration = configuration
    }

    public func plannedEpochs(_ spec: TrainingSpec) -> Int {
        settings(for: spec).options.epochs
    }

    public func validate(_ parameters: TrainingParameters, target: TrainingTarget) throws(APIError) {
        if parameters.method != nil, !target.kinds.contains("ebm") {
            throw .invalidField("method", "applies to targets ebm and both only; leave it out for target trm")
        }
    }

    public func train(_ spec: TrainingSpec, control: TrainingControl) async throws -> TRMCheckpoint {
        guard let extractor = await registry.featureExtractor else {
            throw APIError(status: 503, code: "not_ready", message: "models are still loading; retry shortly")
        }
        let settings = settings(for: spec)
        let run = TRMTrainingRun(extractor: extractor, settings: settings)
        let records = spec.records
        let checkpoint = try await BackgroundThread.run(name: "refiner-train-trm") {
            try run.run(records, isCancelled: { control.isCancelled }) { progress in
                control.report(Self.snapshot(progress, after: control.snapshot))
            }
        }
        try Self.checkQuality(checkpoint.header.metrics)
        if let served = await registry.verifier(named: spec.model) {
            let servedCheckpoint = await served.checkpoint
            let heldOut = run.split(records).heldOut
            let servedAUROC = try await BackgroundThread.run(name: "refiner-train-trm") {
                Self.heldOutAUROC(of: servedCheckpoint, on: heldOut, extractor: extractor)
            }
            try Self.checkAgainstServed(checkpoint.header.metrics, servedAUROC: servedAUROC, model: spec.model)
        }
        return checkpoint
    }

    /// How far below the served verifier's held-out AUROC a new verifier may rank and still replace it.
    public static let servedMargin = 0.05

    /// Returns the AUROC of `checkpoint` on `records`, nil without records of both labels.
    static func heldOutAUROC(of checkpoint: TRMCheckpoint, on records: [LabelledRecord], extractor: FeatureExtractor)
        -> Double?
    {
        let network = TRMNetwork(configuration: checkpoint.header.configuration)
        let members = checkpoint.memberParameters()
        let scores = records.map { VerifierScoring.score($0, network: network, members: members, extractor: extractor) }
        return ClassificationMetrics.auroc(scores: scores, labels: records.map(\.label))
    }

    /// Rejects a verifier that ranks the job's held-out records clearly worse than the verifier it would replace,
    /// so retraining a model on a few examples cannot silently make it worse than the one served. Without
    /// `minimumHeldOutForQuality` held-out records of both labels there is nothing to compare on, so the served
    /// model stays: two examples had replaced the default verifier, whose dev accuracy fell from 0.86 to 0.43.
    ///
    /// - Throws: `APIError` 422 `model_rejected`, whose message becomes the failed job's `error`.
    public static func checkAgainstServed(_ metrics: [String: Double], servedAUROC: Double?, model: String)
        throws(APIError)
    {
        let heldOut = Int(metrics["held_out_examples"] ?? 0)
        guard let servedAUROC, let auroc = metrics["held_out_auroc"], heldOut >= minimumHeldOutForQuality else {
            throw APIError(
                status: 422, code: "model_rejected",
                message: "the job held out \(heldOut) records, and replacing the served \(model) needs at least "
                    + "\(minimumHeldOutForQuality), with both labels among them, to compare the two on, so nothing was "
                    + "published: send more examples, or train under another model name")
        }
        guard auroc < servedAUROC - servedMargin else { return }
        throw APIError(
            status: 422, code: "model_rejected",
            message: "the trained verifier ranks the held-out examples worse than the served \(model) (held_out_auroc "
                + String(format: "%.2f against %.2f", auroc, servedAUROC)
                + "), so nothing was published: train on more examples or for more epochs, or under another model name")
    }

    /// Held-out records needed before the held-out AUROC can reject a verifier. With fewer, a verifier that
    /// learned something can rank them no better than chance by luck.
    public static let minimumHeldOutForQuality = 20

    /// Rejects a verifier that ranks its own training examples no better than chance, so a job that learned
    /// nothing or learned the labels backwards never replaces a served model. Given at least
    /// `minimumHeldOutForQuality` held-out records of both labels, it also rejects one that ranks those no
    /// better: it learned only its own examples.
    ///
    /// - Throws: `APIError` 422 `model_rejected`, whose message becomes the failed job's `error`.
    public static func checkQuality(_ metrics: [String: Double]) throws(APIError) {
        // The AUROC is missing when the records left for training after the held-out share have one label only,
        // as when copies of one example are all held out together.
        guard let auroc = metrics["train_auroc"] else {
            throw APIError(
                status: 422, code: "model_rejected",
                message: "the records left for training after the held-out share have only one label, so nothing "
                    + "was published: send more distinct examples of each label")
        }
        guard auroc > 0.5 else {
            throw APIError(
                status: 422, code: "model_rejected",
                message: "the trained verifier ranks its own training examples no better than chance (train_auroc "
                    + String(format: "%.2f", auroc)
                    + "), so nothing was published: send more examples of both labels, or train for more epochs")
        }
        guard let heldOutAUROC = metrics["held_out_auroc"],
            (metrics["held_out_examples"] ?? 0) >= Double(minimumHeldOutForQuality), heldOutAUROC <= 0.5
        else { return }
        throw APIError(
            status: 422, code: "model_rejected",
            message: "the trained verifier ranks the held-out examples no better than chance (held_out_auroc "
                + String(format: "%.2f", heldOutAUROC)
                + "), so nothing was published: send more varied examples of both labels")
    }

    public func publish(_ checkpoint: TRMCheckpoint, model: String) async throws -> PublishedVersion {
        let path = try await registry.publish(checkpoint, model: model, keep: retainedVersions, logger: logger)
        return PublishedVersion(
            kind: kind, version: checkpoint.header.version, checkpoint: URL(fileURLWithPath: path).lastPathComponent,
            metrics: checkpoint.header.metrics)
    }

    /// Returns the run settings: the job's hyper-parameters over the trainer's defaults, on one thread.
    func settings(for spec: TrainingSpec) -> TRMTrainingRun.Settings {
        var settings = TRMTrainingRun.Settings()
        settings.configuration = configuration
        settings.parallel = false
        settings.heldOutFraction = spec.heldOutFraction
        settings.dataHash = spec.dataHash
        let parameters = spec.parameters
        settings.options.epochs = parameters.epochs ?? settings.options.epochs
        settings.options.batchSize = parameters.batchSize ?? settings.options.batchSize
        settings.options.learningRate = parameters.learningRate ?? settings.options.learningRate
        settings.options.members = parameters.members ?? settings.options.members
        settings.options.seed = parameters.seed ?? settings.options.seed
        settings.augment = parameters.augment ?? settings.augment
        return settings
    }

    /// Returns `previous` updated with a run's progress; a report without an optimizer step keeps the last one.
    static func snapshot(
        _ progress: TRMTrainingRun.Progress, after previous: TrainingControl.Snapshot
    ) -> TrainingControl.Snapshot {
        var snapshot = previous
        snapshot.progress = progress.fraction
        if let step = progress.step {
            snapshot.epoch = step.epoch
            snapshot.epochs = step.epochs
            snapshot.step = step.step
            snapshot.stepsPerEpoch = step.stepsPerEpoch
            snapshot.loss = step.loss.isFinite ? Double(step.loss) : nil
        }
        return snapshot
    }
}
