import Foundation
import TRM
import Text

/// Scores of the verifier and the two baselines on every evaluated record, with per-source summaries.
struct Evaluation {
    struct Scored {
        var source: String
        var label: Int
        var verifier: Float
        var length: Float
        var regression: Float
    }

    let scored: [Scored]
    let thresholds: (verifier: Float, length: Float, regression: Float)

    init(
        checkpoint: TRMCheckpoint, extractor: FeatureExtractor, evaluated: [LabelledRecord],
        baselineTraining: [LabelledRecord]
    ) {
        let network = TRMNetwork(configuration: checkpoint.header.configuration)
        let parameters = checkpoint.parameters
        let analyse = { @Sendable (record: LabelledRecord) -> AnswerAnalysis in
            extractor.analyze(
                answer: record.answer, question: record.question, contexts: ContextIndex(contexts: record.contexts))
        }

        // Baselines are fitted on the training file only; direction and threshold of length included.
        let training = baselineTraining.parallelMap(analyse)
        let trainingLabels = baselineTraining.map(\.label)
        let regression = LogisticRegression(rows: training.map(PooledFeatures.pool), labels: trainingLabels)
        let trainingLengths = training.map { Float($0.tokens.count) }
        let lengthSign: Float =
            (ClassificationMetrics.auroc(scores: trainingLengths, labels: trainingLabels) ?? 0.5) >= 0.5 ? 1 : -1
        let trainingSources = baselineTraining.map(\.source)
        let lengthThreshold = ClassificationMetrics.bestThreshold(
            scores: trainingLengths.map { $0 * lengthSign }, labels: trainingLabels, groups: trainingSources)
        let regressionThreshold = ClassificationMetrics.bestThreshold(
            scores: training.map { Float(regression.probability(PooledFeatures.pool($0))) }, labels: trainingLabels,
            groups: trainingSources)

        let analyses = evaluated.parallelMap(analyse)
        let verifierScores = analyses.parallelMap { analysis in
            VerifierScoring.score(analysis, network: network, parameters: parameters)
        }
        scored = zip(evaluated, zip(analyses, verifierScores)).map { record, pair in
            Scored(
                source: record.source, label: record.label, verifier: pair.1,
                length: Float(pair.0.tokens.count) * lengthSign,
                regression: Float(regression.probability(PooledFeatures.pool(pair.0))))
        }
        thresholds = (checkpoint.header.threshold, lengthThreshold, regressionThreshold)
    }

    /// Formats one row per source: records, then AUROC and balanced accuracy of each scorer.
    func markdownTable() -> String {
        var lines = [
            "| source | records | TRM AUROC | TRM bal. acc. | length AUROC | length bal. acc. | LR AUROC | LR bal. acc. |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for source in Set(scored.map(\.source)).sorted() {
            let rows = scored.filter { $0.source == source }
            let labels = rows.map(\.label)
            func cells(_ scores: [Float], _ threshold: Float) -> String {
                let auroc = ClassificationMetrics.auroc(scores: scores, labels: labels)
                let accuracy = ClassificationMetrics.balancedAccuracy(
                    scores: scores, labels: labels, threshold: threshold)
                return "\(format(auroc)) | \(format(accuracy))"
            }
            lines.append(
                "| \(source) | \(rows.count) | \(cells(rows.map(\.verifier), thresholds.verifier)) | "
                    + "\(cells(rows.map(\.length), thresholds.length)) | "
                    + "\(cells(rows.map(\.regression), thresholds.regression)) |")
        }
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double?) -> String {
        value.map { String(format: "%.3f", $0) } ?? "n/a"
    }
}
