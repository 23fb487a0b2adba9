import EBM
import Foundation
import Logging
import TRM

/// Trains energy models for jobs and publishes them through the model registry.
public struct EBMTrainingEngine: TrainingEngine {
    public let kind = "ebm"
    let registry: ModelRegistry
    let logger: Logger
    /// Versions kept per model after a new one is written.
    let retainedVersions: Int
    /// Network sizes of trained models.
    let configuration: EnergyConfiguration

    public init(
        registry: ModelRegistry, logger: Logger, retainedVersions: Int,
        configuration: EnergyConfiguration = EnergyConfiguration()
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
        if let method = parameters.method, EnergyTrainer.Method(rawValue: method) == nil {
            throw .invalidField("method", "\(method) is invalid: use cd1, pcd or fpcd")
        }
        guard !target.kinds.contains("trm") else { return }
        if parameters.members != nil {
            throw .invalidField("members", "applies to targets trm and both only; leave it out for target ebm")
        }
        if parameters.augment != nil {
            throw .invalidField("augmentation", "applies to targets trm and both only; leave it out for target ebm")
        }
    }

    public func train(_ spec: TrainingSpec, control: TrainingControl) async throws -> EBMCheckpoint {
        guard let extractor = await registry.featureExtractor else {
            throw APIError(status: 503, code: "not_ready", message: "models are still loading; retry shortly")
        }
        let run = EnergyTrainingRun(extractor: extractor, settings: settings(for: spec))
        let records = spec.records
        let checkpoint: EBMCheckpoint
        do {
            checkpoint = try await BackgroundThread.run(name: "refiner-train-ebm") {
                try run.run(records, isCancelled: { control.isCancelled }) { progress in
                    control.report(Self.snapshot(progress, after: control.snapshot))
                }
            }
        } catch is CancellationError {
            throw TrainingCancelled()
        }
        if let served = await registry.energyModel(named: spec.model) {
            try Self.checkReplacement(checkpoint.header.metrics, model: spec.model)
            let servedCheckpoint = await served.checkpoint
            let heldOut = run.split(records).heldOut
            let servedAUROC = try await BackgroundThread.run(name: "refiner-train-ebm") {
                let examples = heldOut.map { EnergyExample(record: $0, extractor: extractor) }
                return EnergyTrainer.measure(
                    examples, network: EnergyNetwork(configuration: servedCheckpoint.header.configuration),
                    parameters: servedCheckpoint.parameters
                ).auroc
            }
            try Self.checkAgainstServed(checkpoint.header.metrics, servedAUROC: servedAUROC, model: spec.model)
        }
        return checkpoint
    }

    /// Rejects an energy model that ranks the job's held-out records clearly worse than the one it would replace, by
    /// the verifier's margin: a one-epoch job had replaced the default energy model, after which the README's wrong
    /// city scored 0.94.
    ///
    /// - Throws: `APIError` 422 `model_rejected`, whose message becomes the failed job's `error`.
    public static func checkAgainstServed(_ metrics: [String: Double], servedAUROC: Double?, model: String)
        throws(APIError)
    {
        guard let servedAUROC, let auroc = metrics["held_out_auroc"],
            auroc < servedAUROC - TRMTrainingEngine.servedMargin
        else { return }
        throw APIError(
            status: 422, code: "model_rejected",
            message: "the trained energy model ranks the held-out examples worse than the served \(model) "
                + String(format: "(held_out_auroc %.2f against %.2f)", auroc, servedAUROC)
                + ", so nothing was published: train on more examples or for more epochs, or under another model name")
    }

    /// Rejects an energy model that would replace a served one without the held-out records to show it ranks
    /// answers at all: at least `TRMTrainingEngine.minimumHeldOutForQuality` of both labels, ranked better than
    /// chance. A job of two examples had otherwise replaced the default energy model.
    ///
    /// - Throws: `APIError` 422 `model_rejected`, whose message becomes the failed job's `error`.
    public static func checkReplacement(_ metrics: [String: Double], model: String) throws(APIError) {
        let heldOut = Int(metrics["held_out_examples"] ?? 0)
        let minimum = TRMTrainingEngine.minimumHeldOutForQuality
        guard let auroc = metrics["held_out_auroc"], heldOut >= minimum else {
            throw APIError(
                status: 422, code: "model_rejected",
                message: "the job held out \(heldOut) records, and replacing the served energy model \(model) needs "
                    + "at least \(minimum), with both labels among them, to check the new one on, so nothing was published: send "
                    + "more examples, or train under another model name")
        }
        guard auroc <= 0.5 else { return }
        throw APIError(
            status: 422, code: "model_rejected",
            message: "the trained energy model ranks the held-out examples no better than chance (held_out_auroc "
                + String(format: "%.2f", auroc)
                + "), so nothing was published: send more varied examples of both labels")
    }

    public func publish(_ checkpoint: EBMCheckpoint, model: String) async throws -> PublishedVersion {
        let path = try await registry.publishEnergy(checkpoint, model: model, keep: retainedVersions, logger: logger)
        return PublishedVersion(
            kind: kind, version: checkpoint.header.version,
            checkpoint: CheckpointStore.energyFolderName + "/" + URL(fileURLWithPath: path).lastPathComponent,
            metrics: checkpoint.header.metrics)
    }

    /// Returns the run settings: the job's hyper-parameters over the trainer's defaults, with features extracted on
    /// the training thread.
    ///
    /// NOTE: `EnergyTrainer` splits each batch over two threads and `ScheduleFit` spreads its grid over every core
    /// through Dispatch, so parts of an energy job run beside serving at normal priority.
    func settings(for spec: TrainingSpec) -> EnergyTrainingRun.Settings {
        var settings = EnergyTrainingRun.Settings()
        settings.configuration = configuration
        settings.parallel = false
        settings.heldOutFraction = spec.heldOutFraction
        settings.dataHash = spec.dataHash
        let parameters = spec.parameters
        var options = settings.options
        options.method = parameters.method.flatMap(EnergyTrainer.Method.init(rawValue:)) ?? options.method
        options.epochs = parameters.epochs ?? options.epochs
        options.batchSize = parameters.batchSize ?? options.batchSize
        options.learningRate = parameters.learningRate ?? options.learningRate
        options.seed = parameters.seed ?? options.seed
        settings.options = options
        return settings
    }

    /// Returns `previous` updated with a run's progress; a report without a finished epoch keeps the last loss.
    static func snapshot(
        _ progress: EnergyTrainingRun.Progress, after previous: TrainingControl.Snapshot
    ) -> TrainingControl.Snapshot {
        var snapshot = previous
        snapshot.progress = progress.fraction
        snapshot.epochs = progress.epochs
        if let epoch = progress.epoch {
            snapshot.epoch = epoch.epoch
            snapshot.loss = epoch.loss.isFinite ? Double(epoch.loss) : nil
        }
        return snapshot
    }
}
