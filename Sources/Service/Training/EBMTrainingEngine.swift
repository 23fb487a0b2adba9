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
        do {
            return try await BackgroundThread.run(name: "refiner-train-ebm") {
                try run.run(records, isCancelled: { control.isCancelled }) { progress in
                    control.report(Self.snapshot(progress, after: control.snapshot))
                }
            }
        } catch is CancellationError {
            throw TrainingCancelled()
        }
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
