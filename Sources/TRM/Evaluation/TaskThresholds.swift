import Tensor

/// Decision thresholds fitted separately for answers to a question and for summaries, which have no question.
///
/// The two tasks' scores are distributed differently: one training run fitted 0.76 for question answers and
/// 0.46 for summaries. One threshold fitted on both tasks fits neither well on a new domain.
public struct TaskThresholds: Sendable, Codable, Equatable {
    public var question: Float
    public var summary: Float

    public init(question: Float, summary: Float) {
        self.question = question
        self.summary = summary
    }

    /// Returns the threshold for an answer with or without a question.
    public func threshold(hasQuestion: Bool) -> Float {
        hasQuestion ? question : summary
    }

    /// Returns each score minus its task's threshold, so that 0 is the decision point for every record.
    public func margins(scores: [Float], hasQuestion: [Bool]) -> [Float] {
        zip(scores, hasQuestion).map { score, question in score - threshold(hasQuestion: question) }
    }

    /// Fits each task's threshold on its own records, maximising the mean balanced accuracy over their sources.
    ///
    /// A task with no records gets the threshold fitted on all records.
    public static func fit(scores: [Float], labels: [Int], sources: [String], hasQuestion: [Bool]) -> TaskThresholds {
        func fitted(_ indices: [Int]) -> Float {
            let chosen = indices.isEmpty ? Array(scores.indices) : indices
            return ClassificationMetrics.bestThreshold(
                scores: chosen.map { scores[$0] }, labels: chosen.map { labels[$0] }, groups: chosen.map { sources[$0] }
            )
        }
        return TaskThresholds(
            question: fitted(scores.indices.filter { hasQuestion[$0] }),
            summary: fitted(scores.indices.filter { !hasQuestion[$0] }))
    }
}
