import EBM
import Text

/// The JSON body of a `/refine` response.
struct RefineResponse: Encodable {
    struct Edit: Encodable {
        var start: Int
        var end: Int
        var before: String
        var after: String
        var reason: String
    }

    struct Energies: Encodable {
        var before: Double
        var after: Double
        /// Energy of the soft state before each descent step and after the last.
        var steps: [Double]
    }

    struct Verifications: Encodable {
        var before: VerifyResponse
        var after: VerifyResponse
    }

    /// One answer the loop considered, with the objectives of the Pareto front and the combined score.
    struct Candidate: Encodable {
        var answer: String
        var source: String
        var energy: Double?
        var score: Double?
        var support: Double
        var relevance: Double
        var combined: Double
        var pareto: Bool
        var chosen: Bool

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(answer, forKey: .answer)
            try container.encode(source, forKey: .source)
            try container.encode(energy, forKey: .energy)
            try container.encode(score, forKey: .score)
            try container.encode(support, forKey: .support)
            try container.encode(relevance, forKey: .relevance)
            try container.encode(combined, forKey: .combined)
            try container.encode(pareto, forKey: .pareto)
            try container.encode(chosen, forKey: .chosen)
        }

        enum CodingKeys: String, CodingKey {
            case answer, source, energy, score, support, relevance, combined, pareto, chosen
        }
    }

    var answer: String
    var original: String
    var edits: [Edit]
    var energy: Energies?
    var verification: Verifications
    var candidates: [Candidate]
    var strategy: String
    var stopReason: String
    var upstreamCalls: Int
    var trace: [RefinementTrace.Stage]
    var model: String

    enum CodingKeys: String, CodingKey {
        case answer, original, edits, energy, verification, candidates, strategy, trace, model
        case stopReason = "stop_reason"
        case upstreamCalls = "upstream_calls"
    }

    init(
        _ outcome: RefinementLoop.Outcome, strategy: RefineRequest.Strategy, model: String,
        weights: ServiceConfiguration.Refinement.Weights
    ) {
        let first = outcome.candidates[0]
        let chosen = outcome.candidates.indices.contains(outcome.chosen) ? outcome.candidates[outcome.chosen] : first
        answer = chosen.answer
        original = outcome.original
        edits = Self.edits(of: chosen, outcome: outcome)
        if let before = first.energy, let after = chosen.energy {
            energy = Energies(
                before: Self.finite(before.energy), after: Self.finite(after.energy),
                steps: outcome.descent?.refinement.stepEnergies.map { Self.finite($0) } ?? [])
        }
        verification = Verifications(
            before: VerifyResponse(first.verification), after: VerifyResponse(chosen.verification))
        let front = Set(outcome.candidates.paretoFront)
        candidates = outcome.candidates.enumerated().map { index, candidate in
            Candidate(
                answer: candidate.answer, source: candidate.source.rawValue,
                energy: candidate.energy.map { Self.finite($0.energy) },
                score: candidate.energy.map { Self.finite($0.probability) }, support: Self.rounded(candidate.support),
                relevance: Self.rounded(candidate.relevance), combined: Self.rounded(candidate.combinedScore(weights)),
                pareto: front.contains(index), chosen: index == outcome.chosen)
        }
        self.strategy = strategy.rawValue
        stopReason = outcome.stopReason
        upstreamCalls = outcome.upstreamCalls
        trace = outcome.trace
        self.model = model
    }

    private static func edits(of chosen: RefinementCandidate, outcome: RefinementLoop.Outcome) -> [Edit] {
        switch chosen.source {
        case .original, .generated:
            return []
        case .ebm:
            return (outcome.descent?.edited.edits ?? []).map { edit in
                Edit(
                    start: edit.start, end: edit.end, before: edit.before, after: edit.after,
                    reason: edit.after.isEmpty
                        ? "deleted: removing it lowered the energy"
                        : "replaced with words of the contexts, which lowered the energy")
            }
        case .upstream:
            return TextDiff.edits(from: outcome.original, to: chosen.answer).edits.map { edit in
                Edit(
                    start: edit.start, end: edit.end, before: edit.before, after: edit.after,
                    reason: "revised by the upstream LLM from the list of unsupported spans")
            }
        }
    }

    /// Rounds to 4 decimals; a non-finite value becomes 0, so no response contains NaN.
    private static func finite(_ value: Float) -> Double {
        VerifyResponse.rounded(value)
    }

    private static func rounded(_ value: Double) -> Double {
        guard value.isFinite else { return 0 }
        return (value * 10_000).rounded() / 10_000
    }
}
