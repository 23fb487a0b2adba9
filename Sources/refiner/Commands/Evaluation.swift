import Foundation
import TRM
import Tensor
import Text

/// Scores of the verifier and the two baselines on every evaluated record, with per-source summaries.
///
/// Each score is stored minus its task's decision threshold, so 0 is the decision point for every record. Within
/// one source the threshold is constant, so AUROC is the same as on the raw scores.
struct Evaluation {
    struct Scored {
        var source: String
        var label: Int
        var verifier: Float
        var length: Float
        var regression: Float
    }

    let scored: [Scored]

    init(
        checkpoint: TRMCheckpoint, extractor: FeatureExtractor, evaluated: [LabelledRecord],
        baselineTraining: [LabelledRecord]
    ) {
        let network = TRMNetwork(configuration: checkpoint.header.configuration)
        let members = checkpoint.memberParameters()
        let analyse = { @Sendable (record: LabelledRecord) -> AnswerAnalysis in
            extractor.analyze(
                answer: record.answer, question: record.question, contexts: ContextIndex(contexts: record.contexts))
        }

        // Baselines are fitted on the training file only, the direction of length and every threshold included.
        let training = baselineTraining.parallelMap(analyse)
        let trainingLabels = baselineTraining.map(\.label)
        let regression = LogisticRegression(rows: training.map(PooledFeatures.pool), labels: trainingLabels)
        let trainingLengths = training.map { Float($0.tokens.count) }
        let lengthSign: Float =
            (ClassificationMetrics.auroc(scores: trainingLengths, labels: trainingLabels) ?? 0.5) >= 0.5 ? 1 : -1
        let fit = { (scores: [Float]) in
            TaskThresholds.fit(
                scores: scores, labels: trainingLabels, sources: baselineTraining.map(\.source),
                hasQuestion: baselineTraining.map(\.question.isPresentQuestion))
        }
        let lengthThresholds = fit(trainingLengths.map { $0 * lengthSign })
        // The regression's thresholds are fitted as `refiner calibrate` fits the verifier's: on each source scored by
        // a regression trained without it, so both decide a new domain on the same footing.
        let pooled = training.map(PooledFeatures.pool)
        let regressionThresholds = HeldOutThresholds(
            labels: trainingLabels, sources: baselineTraining.map(\.source),
            hasQuestion: baselineTraining.map(\.question.isPresentQuestion),
            fallback: fit(pooled.map { Float(regression.probability($0)) })
        ) { trainingIndices, heldOut in
            let heldOutRegression = LogisticRegression(
                rows: trainingIndices.map { pooled[$0] }, labels: trainingIndices.map { trainingLabels[$0] })
            return heldOut.map { Float(heldOutRegression.probability(pooled[$0])) }
        }.thresholds

        let analyses = evaluated.parallelMap(analyse)
        let verifierScores = analyses.parallelMap { analysis in
            VerifierScoring.score(analysis, network: network, members: members)
        }
        scored = zip(evaluated, zip(analyses, verifierScores)).map { record, pair in
            let hasQuestion = record.question.isPresentQuestion
            let regressionScore = Float(regression.probability(PooledFeatures.pool(pair.0)))
            return Scored(
                source: record.source, label: record.label,
                verifier: pair.1 - checkpoint.header.thresholds.threshold(hasQuestion: hasQuestion),
                length: Float(pair.0.tokens.count) * lengthSign - lengthThresholds.threshold(hasQuestion: hasQuestion),
                regression: regressionScore - regressionThresholds.threshold(hasQuestion: hasQuestion))
        }
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
            func cells(_ margins: [Float]) -> String {
                let auroc = ClassificationMetrics.auroc(scores: margins, labels: labels)
                let accuracy = ClassificationMetrics.balancedAccuracy(scores: margins, labels: labels, threshold: 0)
                return "\(format(auroc)) | \(format(accuracy))"
            }
            lines.append(
                "| \(source) | \(rows.count) | \(cells(rows.map(\.verifier))) | \(cells(rows.map(\.length))) | "
                    + "\(cells(rows.map(\.regression))) |")
        }
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double?) -> String {
        value.map { String(format: "%.3f", $0) } ?? "n/a"
    }
}
