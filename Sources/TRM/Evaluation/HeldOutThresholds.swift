import Tensor

/// Decision thresholds fitted on scores of sources that the scoring model was not trained on.
///
/// A threshold fitted on a model's own training records sits where the model is overconfident: those records
/// score further from the boundary than a new domain's will. Here each source of a task is scored by a model
/// trained without it, and the task's threshold is fitted on those held-out scores. A task with a single
/// source has nothing to hold out and keeps its fallback threshold.
public struct HeldOutThresholds: Sendable {
    /// What the held-out scores of one source measured, at the threshold fitted on all held-out sources.
    public struct SourceResult: Sendable {
        public var source: String
        public var records: Int
        public var auroc: Double?
        public var balancedAccuracy: Double?
    }

    public var thresholds: TaskThresholds
    public var results: [SourceResult]

    /// Scores each held-out source and fits the thresholds.
    ///
    /// - Parameters:
    ///   - labels, sources, hasQuestion: One entry per record.
    ///   - fallback: Thresholds kept for a task with fewer than two sources.
    ///   - scoreHeldOut: Trains on the records at `training` and returns the scores of the records at `heldOut`,
    ///     in that order.
    public init(
        labels: [Int], sources: [String], hasQuestion: [Bool], fallback: TaskThresholds,
        scoreHeldOut: (_ training: [Int], _ heldOut: [Int]) throws -> [Float]
    ) rethrows {
        var thresholds = fallback
        var results: [SourceResult] = []
        for question in [true, false] {
            let taskSources = Set(sources.indices.filter { hasQuestion[$0] == question }.map { sources[$0] }).sorted()
            guard taskSources.count >= 2 else { continue }
            var indices: [Int] = []
            var scores: [Float] = []
            for source in taskSources {
                let heldOut = sources.indices.filter { sources[$0] == source }
                let training = sources.indices.filter { sources[$0] != source }
                indices += heldOut
                scores += try scoreHeldOut(training, heldOut)
            }
            let taskLabels = indices.map { labels[$0] }
            let taskGroups = indices.map { sources[$0] }
            let threshold = ClassificationMetrics.bestThreshold(scores: scores, labels: taskLabels, groups: taskGroups)
            if question { thresholds.question = threshold } else { thresholds.summary = threshold }
            for source in taskSources {
                let positions = taskGroups.indices.filter { taskGroups[$0] == source }
                let sourceScores = positions.map { scores[$0] }
                let sourceLabels = positions.map { taskLabels[$0] }
                results.append(
                    SourceResult(
                        source: source, records: positions.count,
                        auroc: ClassificationMetrics.auroc(scores: sourceScores, labels: sourceLabels),
                        balancedAccuracy: ClassificationMetrics.balancedAccuracy(
                            scores: sourceScores, labels: sourceLabels, threshold: threshold)))
            }
        }
        self.thresholds = thresholds
        self.results = results
    }
}
