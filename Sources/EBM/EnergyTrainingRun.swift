import Foundation
import Tensor
import Text

/// A whole energy model training run: examples, held-out split, contrastive divergence, refinement schedules,
/// calibration and the checkpoint header.
///
/// The `train --target ebm` command and `POST /train` jobs both train through this type, so they fit the same
/// model from the same records and settings.
public struct EnergyTrainingRun: Sendable {
    /// The options of a run: hyper-parameters, network sizes and data handling.
    public struct Settings: Sendable {
        public var options = EnergyTrainer.Options()
        public var configuration = EnergyConfiguration()
        /// Share of the records kept out of training, chosen by a hash of each record's id, 0-0.5. Default: 0.1.
        public var heldOutFraction = 0.1
        /// Extracts features on every core. Default: true. A background job beside a serving process sets false
        /// so that extraction stays on its own thread.
        public var parallel = true
        /// FNV-1a 64 hash of the training data, stored in the checkpoint header.
        public var dataHash = ""
        /// Descent steps each candidate schedule runs while refinement's schedules are fitted. Default: 3.
        public var scheduleSteps = 3

        public init() {}
    }

    /// The position of a run, reported after feature extraction and after every epoch.
    public struct Progress: Sendable {
        /// The last finished epoch, nil before the first.
        public var epoch: EnergyTrainer.EpochReport?
        public var epochs: Int
        /// Share of the run's work done, 0-1.
        public var fraction: Double
    }

    /// Figures of one fitted schedule, for a training log.
    public struct ScheduleReport: Sendable {
        public var hasQuestion: Bool
        public var schedule: Refinement.Schedule
        public var outcomes: [ScheduleFit.Outcome]
    }

    /// A run that cannot start, such as one whose records are all held out.
    public struct SetupError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Share of the progress fraction given to feature extraction.
    static let featureShare = 0.05
    /// Share of the progress fraction reached when contrastive divergence ends; schedule fitting fills the rest.
    static let trainingShare = 0.9

    public let extractor: FeatureExtractor
    public let settings: Settings

    public init(extractor: FeatureExtractor, settings: Settings) {
        self.extractor = extractor
        self.settings = settings
    }

    /// Trains on `records` and returns the checkpoint, with held-out metrics when any record is held out.
    ///
    /// - Parameters:
    ///   - isCancelled: Checked between feature extractions, between optimizer updates and between schedule fits.
    ///   - progress: Called after feature extraction and after each epoch.
    ///   - schedules: Called with each fitted schedule and the outcome of every schedule tried.
    /// - Throws: `SetupError` when no record is left to train on, `CancellationError` once `isCancelled` returned
    ///   true.
    public func run(
        _ records: [LabelledRecord], isCancelled: () -> Bool = { false }, progress: (Progress) -> Void = { _ in },
        schedules: (ScheduleReport) -> Void = { _ in }
    ) throws -> EBMCheckpoint {
        let options = settings.options
        let (trainingRecords, heldOutRecords) = split(records)
        guard !trainingRecords.isEmpty else {
            throw SetupError(description: "no records left to train on after keeping the held-out share")
        }
        let training = try examples(trainingRecords, isCancelled: isCancelled)
        let heldOut = try examples(heldOutRecords, isCancelled: isCancelled)
        progress(Progress(epoch: nil, epochs: options.epochs, fraction: Self.featureShare))

        let network = EnergyNetwork(configuration: settings.configuration)
        let trainer = EnergyTrainer(network: network, options: options)
        let parameters = trainer.train(training, heldOut: heldOut, shouldStop: isCancelled) { report in
            let done = Double(report.epoch) / Double(max(options.epochs, 1))
            let fraction = Self.featureShare + (Self.trainingShare - Self.featureShare) * done
            progress(Progress(epoch: report, epochs: options.epochs, fraction: fraction))
        }
        if isCancelled() { throw CancellationError() }

        let (schedule, summarySchedule) = try fitSchedules(
            training, network: network, parameters: parameters, isCancelled: isCancelled, report: schedules)
        let calibration = Self.calibrate(training, network: network, parameters: parameters)
        var metrics: [String: Double] = [
            "train_examples": Double(training.count), "held_out_examples": Double(heldOut.count),
        ]
        if !heldOut.isEmpty {
            let (gap, auroc) = EnergyTrainer.measure(heldOut, network: network, parameters: parameters)
            metrics["held_out_energy_gap"] = Double(gap)
            metrics["held_out_auroc"] = auroc
        }

        let stamp = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
        let header = EBMCheckpoint.Header(
            version: EBMCheckpoint.makeVersion(createdAt: stamp, method: options.method, dataHash: settings.dataHash),
            createdAt: stamp, configuration: settings.configuration, trainingDataHash: settings.dataHash,
            options: options, schedule: schedule, summarySchedule: summarySchedule, calibration: calibration,
            metrics: metrics)
        progress(Progress(epoch: nil, epochs: options.epochs, fraction: 1))
        return EBMCheckpoint(header: header, parameters: parameters)
    }

    /// Splits off the records whose id hashes into the held-out share, so every run keeps the same ones out.
    public func split(_ records: [LabelledRecord]) -> (training: [LabelledRecord], heldOut: [LabelledRecord]) {
        let fraction = min(max(settings.heldOutFraction, 0), 0.5)
        var training: [LabelledRecord] = []
        var heldOut: [LabelledRecord] = []
        for record in records {
            if Self.isHeldOut(record.id, fraction: fraction) {
                heldOut.append(record)
            } else {
                training.append(record)
            }
        }
        return (training, heldOut)
    }

    /// Tells whether the record `id` falls in the held-out `fraction`, by the FNV-1a 64 hash of the id.
    ///
    /// The three lowest decimal digits of the hash are read in reverse, lowest first, as a position from 0 to
    /// 999. A fraction of 0.1 thus holds out exactly the ids whose hash ends in the digit 0.
    public static func isHeldOut(_ id: String, fraction: Double) -> Bool {
        let hash = fnv1a(Data(id.utf8))
        let position = (hash % 10) * 100 + (hash / 10 % 10) * 10 + hash / 100 % 10
        return Double(position) < fraction * 1000
    }

    /// Returns the FNV-1a 64 hash of `data`, which is the same in every process, unlike Swift's `Hasher`.
    public static func fnv1a(_ data: Data) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    private func examples(_ records: [LabelledRecord], isCancelled: () -> Bool) throws -> [EnergyExample] {
        let extractor = extractor
        guard !settings.parallel else {
            return records.parallelMap { EnergyExample(record: $0, extractor: extractor) }
        }
        var examples: [EnergyExample] = []
        for record in records {
            if isCancelled() { throw CancellationError() }
            examples.append(EnergyExample(record: record, extractor: extractor))
        }
        return examples
    }

    /// Fits one schedule for answers to a question and one for summaries, as the verifier fits a threshold each.
    ///
    /// - Returns: The schedule for answers to a question and the one for summaries. A task without training
    ///   examples takes the other task's schedule, or a fixed fallback when neither task has any.
    private func fitSchedules(
        _ training: [EnergyExample], network: EnergyNetwork, parameters: Parameters, isCancelled: () -> Bool,
        report: (ScheduleReport) -> Void
    ) throws -> (Refinement.Schedule, Refinement.Schedule) {
        var fitted: [Bool: Refinement.Schedule] = [:]
        for hasQuestion in [true, false] {
            let task = training.filter { $0.hasQuestion == hasQuestion }
            guard !task.isEmpty else { continue }
            if isCancelled() { throw CancellationError() }
            let (schedule, outcomes) = ScheduleFit.fit(
                task, network: network, parameters: parameters, steps: settings.scheduleSteps,
                seed: settings.options.seed)
            report(ScheduleReport(hasQuestion: hasQuestion, schedule: schedule, outcomes: outcomes))
            fitted[hasQuestion] = schedule
        }
        let fallback = Refinement.Schedule(stepSize: 1, noise: 0, startLogit: settings.configuration.choiceLogit)
        let schedule = fitted[true] ?? fitted[false] ?? fallback
        return (schedule, fitted[false] ?? schedule)
    }

    private static func calibrate(
        _ training: [EnergyExample], network: EnergyNetwork, parameters: Parameters
    ) -> EnergyCalibration {
        let energies = training.map { example in
            network.energy(
                example.input, logits: network.configuration.logits(choosing: example.space.keepAll, in: example.input),
                parameters
            ).energy
        }
        return EnergyCalibration.fit(energies: energies, labels: training.map(\.label))
    }
}

extension EBMCheckpoint {
    /// Returns a version identifier that sorts by creation time: `ebm-`, the 17 digits of the UTC time to the
    /// millisecond, the contrastive divergence method, and the first 8 hexadecimal digits of the data hash.
    public static func makeVersion(createdAt iso8601: String, method: EnergyTrainer.Method, dataHash: String) -> String
    {
        var digits = String(iso8601.filter(\.isNumber).prefix(17))
        while digits.count < 17 { digits += "0" }
        let hash = dataHash.isEmpty ? "00000000" : String(dataHash.prefix(8))
        return "ebm-\(digits)-\(method.rawValue)-\(hash)"
    }
}
