import EBM
import TRM

/// Scores a generated answer as the hybrid loop would: TRM support and relevance, and the energy, combined
/// with the configured weights. It replaces an LLM judge in prompt optimization.
public struct PromptScorer: Sendable {
    /// The feedback a reflection reads about one generated answer.
    public struct Feedback: Sendable {
        public var answer: String
        /// Combined score, 0-1.
        public var score: Double
        public var label: String
        public var support: Double
        public var relevance: Double
        public var unsupportedSpans: [String]
    }

    let verifier: Verifier
    let energyModel: EnergyModel
    let weights: ServiceConfiguration.Refinement.Weights

    public init(verifier: Verifier, energyModel: EnergyModel, weights: ServiceConfiguration.Refinement.Weights) {
        self.verifier = verifier
        self.energyModel = energyModel
        self.weights = weights
    }

    /// Verifies and scores one answer to a record.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled.
    public func score(_ answer: String, for record: PromptOptimizer.Record) async throws(CancellationError)
        -> Feedback
    {
        let verification = try await verifier.verify(
            question: record.question, contexts: record.contexts, answer: answer)
        let energy = try await energyModel.score(
            question: record.question, contexts: record.contexts, answers: [answer])
        let candidate = RefinementCandidate(
            answer: answer, source: .generated, verification: verification, energy: energy.first)
        return Feedback(
            answer: answer, score: candidate.combinedScore(weights), label: verification.label.rawValue,
            support: candidate.support, relevance: candidate.relevance,
            unsupportedSpans: candidate.unsupportedSpans.map(\.text))
    }
}
