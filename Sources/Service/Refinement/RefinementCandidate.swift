import EBM
import TRM

/// One answer the hybrid loop considered, with the three objectives of its Pareto front.
struct RefinementCandidate: Sendable {
    /// The stage that wrote the answer.
    enum Source: String, Sendable {
        /// The caller's answer, or the upstream's first answer when the caller sent none.
        case original
        case generated
        case ebm
        case upstream
    }

    var answer: String
    var source: Source
    var verification: Verification
    var energy: EnergyModel.Score?

    /// Share of the answer's content words in supported spans, 0-1; 0 for a refusal.
    var support: Double { Double(verification.faithfulness.isFinite ? verification.faithfulness : 0) }
    /// Lexical relevance to the question, 0-1; 1 without a question, since nothing can be off topic.
    var relevance: Double {
        guard let relevance = verification.relevance, relevance.isFinite else { return 1 }
        return Double(relevance)
    }
    /// The energy model's probability that the answer is faithful, 0-1; 0.5 when no energy was measured.
    var energyScore: Double {
        guard let probability = energy?.probability, probability.isFinite else { return 0.5 }
        return Double(probability)
    }
    /// Spans the verifier found unsupported.
    var unsupportedSpans: [SpanVerdict] { verification.spans.filter { !$0.supported } }

    /// Returns the weighted sum of support, relevance and energy score, divided by the weights' sum.
    func combinedScore(_ weights: ServiceConfiguration.Refinement.Weights) -> Double {
        let total = weights.support + weights.relevance + weights.energy
        guard total > 0 else { return 0 }
        return (weights.support * support + weights.relevance * relevance + weights.energy * energyScore) / total
    }

    /// True when this candidate is at least as good on every objective and better on one.
    func dominates(_ other: RefinementCandidate) -> Bool {
        let mine = [support, relevance, energyScore]
        let theirs = [other.support, other.relevance, other.energyScore]
        return zip(mine, theirs).allSatisfy { $0 >= $1 } && zip(mine, theirs).contains { $0 > $1 }
    }
}

extension [RefinementCandidate] {
    /// Indices of the candidates no other candidate dominates, in order.
    var paretoFront: [Int] {
        indices.filter { index in !contains { $0.dominates(self[index]) } }
    }

    /// Index of the candidate on the Pareto front with the best combined score.
    ///
    /// The earliest candidate wins a tie, so the caller's answer is kept unless a change scores higher.
    func bestIndex(_ weights: ServiceConfiguration.Refinement.Weights) -> Int? {
        var best: (index: Int, score: Double)?
        for index in paretoFront {
            let score = self[index].combinedScore(weights)
            if best == nil || score > (best?.score ?? 0) { best = (index, score) }
        }
        return best?.index
    }
}
