import Foundation
import Tensor
import Text

/// A whole verifier training run: features, ensemble members, decision thresholds, metrics and the checkpoint.
public struct TRMTrainingRun: Sendable {
    /// The options of a run: hyper-parameters, network sizes, data handling and the checkpoint to resume.
    public struct Settings: Sendable {
        public var options = TRMTrainer.Options()
        public var configuration = TRMConfiguration()
        /// Adds synthetic copied and changed sentences to the records. Default: true.
        public var augment = true
        /// Share of the records kept out of training and used only to measure the result, 0-0.5. Default: 0.
        public var heldOutFraction = 0.0
        /// Spreads feature extraction and batches over every core. Default: true. A background job beside a
        /// serving process sets false so that the run stays on its own thread.
        public var parallel = true
        /// Checkpoint whose members the run continues from; nil trains from a seeded initialisation.
        public var resume: TRMCheckpoint?
        /// FNV-1a 64 hash of the training data, stored in the checkpoint header.
        public var dataHash = ""

        public init() {}
    }

    /// The position of a run, reported after feature extraction and after every optimizer step.
    public struct Progress: Sendable {
        /// Member being trained, from 1.
        public var member: Int
        public var members: Int
        /// The last optimizer step, nil before the first.
        public var step: TrainingProgress?
        /// Share of the run's work done, 0-1.
        public var fraction: Double
    }

    /// A run that cannot start, such as a resume checkpoint of a different shape.
    public struct SetupError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public let extractor: FeatureExtractor
    public let settings: Settings

    public init(extractor: FeatureExtractor, settings: Settings) {
        self.extractor = extractor
        self.settings = settings
    }

    /// Trains every member on `records` and returns the checkpoint, with held-out metrics when a share is kept.
    ///
    /// - Throws: `SetupError` for unusable records or resume checkpoint, `TrainingCancelled` when `isCancelled`
    ///   returned true between two optimizer steps.
    public func run(
        _ records: [LabelledRecord], isCancelled: () -> Bool = { false }, progress: (Progress) -> Void = { _ in }
    ) throws -> TRMCheckpoint {
        let configuration = settings.resume?.header.configuration ?? settings.configuration
        let memberCount = settings.resume?.memberCount ?? settings.options.members
        let (training, heldOut) = split(records)
        guard !training.isEmpty else {
            throw SetupError(description: "no records left to train on after keeping the held-out share")
        }

        let windows = try trainingWindows(training, configuration: configuration, isCancelled: isCancelled)
        progress(Progress(member: 1, members: memberCount, step: nil, fraction: Self.featureShare))
        let members = try trainMembers(
            windows, configuration: configuration, count: memberCount, isCancelled: isCancelled, progress: progress)

        if isCancelled() { throw TrainingCancelled() }
        let network = TRMNetwork(configuration: configuration)
        let (metrics, thresholds) = measure(training: training, heldOut: heldOut, network, members)
        progress(Progress(member: memberCount, members: memberCount, step: nil, fraction: 1))

        var options = settings.options
        options.members = memberCount
        let stamp = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
        let header = TRMCheckpoint.Header(
            version: TRMCheckpoint.makeVersion(createdAt: stamp, dataHash: settings.dataHash), createdAt: stamp,
            configuration: configuration, trainingDataHash: settings.dataHash, options: options, metrics: metrics,
            thresholds: thresholds)
        return TRMCheckpoint(header: header, members: members)
    }

    /// Share of the progress fraction given to feature extraction; training fills the rest.
    static let featureShare = 0.05

    /// Splits off the held-out share with a seeded shuffle, so the same seed keeps the same records out.
    ///
    /// Copies of one record (same question, contexts and answer) stay on one side, so the held-out figures never
    /// score a record the model trained on. Without copies the split is a plain shuffle of the records.
    public func split(_ records: [LabelledRecord]) -> (training: [LabelledRecord], heldOut: [LabelledRecord]) {
        let fraction = min(max(settings.heldOutFraction, 0), 0.5)
        let heldOutCount = Int(Double(records.count) * fraction)
        guard heldOutCount >= 2 else { return (records, []) }

        struct Content: Hashable {
            var question: String?
            var contexts: [String]
            var answer: String
        }
        var groups: [[Int]] = []
        var groupOfContent: [Content: Int] = [:]
        for (index, record) in records.enumerated() {
            let content = Content(question: record.question, contexts: record.contexts, answer: record.answer)
            if let group = groupOfContent[content] {
                groups[group].append(index)
            } else {
                groupOfContent[content] = groups.count
                groups.append([index])
            }
        }

        var generator = SeededGenerator(seed: settings.options.seed &+ 101)
        var heldOutIndices: [Int] = []
        var trainingIndices: [Int] = []
        for group in groups.shuffled(using: &generator) {
            if heldOutIndices.count < heldOutCount {
                heldOutIndices += group
            } else {
                trainingIndices += group
            }
        }
        guard !trainingIndices.isEmpty else { return (records, []) }
        return (trainingIndices.sorted().map { records[$0] }, heldOutIndices.sorted().map { records[$0] })
    }

    private func trainingWindows(
        _ records: [LabelledRecord], configuration: TRMConfiguration, isCancelled: () -> Bool
    ) throws(TrainingCancelled) -> [TrainingWindow] {
        var augmentation = Augmentation(records: records, seed: settings.options.seed)
        let all = records + (settings.augment ? augmentation.records(from: records) : [])
        let extractor = extractor
        let windowsOf = { @Sendable (record: LabelledRecord) in
            TrainingWindow.windows(record, extractor: extractor, configuration: configuration)
        }
        guard !settings.parallel else { return all.parallelMap(windowsOf).flatMap { $0 } }

        var windows: [TrainingWindow] = []
        for record in all {
            if isCancelled() { throw TrainingCancelled() }
            windows += windowsOf(record)
        }
        return windows
    }

    private func trainMembers(
        _ windows: [TrainingWindow], configuration: TRMConfiguration, count: Int, isCancelled: () -> Bool,
        progress: (Progress) -> Void
    ) throws -> [Parameters] {
        let network = TRMNetwork(configuration: configuration)
        let starts = settings.resume?.memberParameters()
        var members: [Parameters] = []
        for member in 0..<count {
            var options = settings.options
            options.seed = settings.options.seed &+ UInt64(member) &* 7919
            var trainer = TRMTrainer(network: network, options: options)
            trainer.parallelSlices = settings.parallel ? 2 : 1
            let trained = try trainer.train(
                windows, startingFrom: starts?[member], isCancelled: isCancelled
            ) { step in
                let done = Double((step.epoch - 1) * step.stepsPerEpoch + step.step)
                let total = Double(step.epochs * step.stepsPerEpoch)
                let share = (Double(member) + done / total) / Double(count)
                progress(
                    Progress(
                        member: member + 1, members: count, step: step,
                        fraction: Self.featureShare + (0.99 - Self.featureShare) * share))
            }
            members.append(trained)
        }
        return members
    }

    /// Fits the decision thresholds on the training records and measures them there and on the held-out share.
    private func measure(
        training: [LabelledRecord], heldOut: [LabelledRecord], _ network: TRMNetwork, _ members: [Parameters]
    ) -> ([String: Double], TaskThresholds) {
        let trainingScores = score(training, network, members)
        let thresholds = TaskThresholds.fit(
            scores: trainingScores, labels: training.map(\.label), sources: training.map(\.source),
            hasQuestion: training.map(\.question.isPresentQuestion))
        var metrics = Self.metrics(training, scores: trainingScores, thresholds: thresholds, prefix: "train")
        if !heldOut.isEmpty {
            let heldOutScores = score(heldOut, network, members)
            metrics.merge(
                Self.metrics(heldOut, scores: heldOutScores, thresholds: thresholds, prefix: "held_out")
            ) { _, new in new }
        }
        return (metrics, thresholds)
    }

    private func score(_ records: [LabelledRecord], _ network: TRMNetwork, _ members: [Parameters]) -> [Float] {
        let extractor = extractor
        let scoreOne = { @Sendable (record: LabelledRecord) in
            VerifierScoring.score(record, network: network, members: members, extractor: extractor)
        }
        return settings.parallel ? records.parallelMap(scoreOne) : records.map(scoreOne)
    }

    /// Returns AUROC, balanced accuracy at the fitted thresholds and the record count, under `prefix`.
    ///
    /// AUROC is left out when the records hold only one label, because it is undefined there.
    static func metrics(
        _ records: [LabelledRecord], scores: [Float], thresholds: TaskThresholds, prefix: String
    ) -> [String: Double] {
        let labels = records.map(\.label)
        let margins = thresholds.margins(scores: scores, hasQuestion: records.map(\.question.isPresentQuestion))
        var metrics = [prefix + "_examples": Double(records.count)]
        metrics[prefix + "_auroc"] = ClassificationMetrics.auroc(scores: scores, labels: labels)
        metrics[prefix + "_balanced_accuracy"] = ClassificationMetrics.balancedAccuracy(
            scores: margins, labels: labels, threshold: 0)
        return metrics
    }
}

extension TRMCheckpoint {
    /// Returns a version identifier that sorts by creation time: `trm-`, the 17 digits of the UTC time to the
    /// millisecond, `-` and the first 8 hexadecimal digits of the data hash.
    public static func makeVersion(createdAt iso8601: String, dataHash: String) -> String {
        var digits = String(iso8601.filter(\.isNumber).prefix(17))
        while digits.count < 17 { digits += "0" }
        let hash = dataHash.isEmpty ? "00000000" : String(dataHash.prefix(8))
        return "trm-\(digits)-\(hash)"
    }
}
