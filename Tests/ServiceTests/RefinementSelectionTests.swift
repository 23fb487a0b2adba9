import Testing

@testable import EBM
@testable import Service
@testable import TRM

@Suite struct RefinementSelectionTests {
    /// Makes a candidate whose support, relevance and energy probability are the given values.
    static func candidate(_ answer: String, support: Float, relevance: Float, energy: Float) -> RefinementCandidate {
        let verification = Verification(
            label: support == 1 ? .supported : .unsupported, score: support, faithfulness: support,
            relevance: relevance, spans: [], steps: 1, halted: true, model: "test")
        return RefinementCandidate(
            answer: answer, source: .original, verification: verification,
            energy: EnergyModel.Score(energy: 0, probability: energy))
    }

    static let weights = ServiceConfiguration.Refinement.Weights()

    @Test func frontLeavesOutDominatedCandidates() {
        let candidates = [
            Self.candidate("a", support: 0.5, relevance: 0.5, energy: 0.5),
            Self.candidate("b", support: 0.6, relevance: 0.5, energy: 0.5),
            Self.candidate("c", support: 0.4, relevance: 0.9, energy: 0.5),
            Self.candidate("d", support: 0.6, relevance: 0.4, energy: 0.4),
        ]

        #expect(candidates.paretoFront == [1, 2])
    }

    @Test func choosesTheBestCombinedScore() {
        let candidates = [
            Self.candidate("original", support: 0.5, relevance: 0.5, energy: 0.5),
            Self.candidate("revision", support: 1, relevance: 0.6, energy: 0.7),
        ]

        #expect(RefinementLoop.choose(candidates, weights: Self.weights) == 1)
    }

    @Test func neverTradesSupportForRelevanceOrEnergy() {
        // The second candidate's combined score is higher, but it is less supported than the original.
        let candidates = [
            Self.candidate("original", support: 0.8, relevance: 0.1, energy: 0.1),
            Self.candidate("fluent", support: 0.7, relevance: 1, energy: 1),
        ]
        #expect(candidates[1].combinedScore(Self.weights) > candidates[0].combinedScore(Self.weights))

        #expect(RefinementLoop.choose(candidates, weights: Self.weights) == 0)
    }

    /// A supported original changes only to a candidate the verifier scores at least as high.
    @Test func keepsASupportedOriginalsScore() {
        var original = Self.candidate("The company is raising its dividend.", support: 1, relevance: 1, energy: 0.5)
        original.verification.score = 0.61
        var edited = Self.candidate("The dividend.", support: 1, relevance: 1, energy: 0.9)
        edited.verification.score = 0.52
        var better = edited
        better.verification.score = 0.7

        #expect(RefinementLoop.choose([original, edited], weights: Self.weights) == 0)
        #expect(RefinementLoop.choose([original, better], weights: Self.weights) == 1)
    }

    @Test func keepsTheOriginalOnATie() {
        let candidates = [
            Self.candidate("original", support: 0.5, relevance: 0.5, energy: 0.5),
            Self.candidate("same scores", support: 0.5, relevance: 0.5, energy: 0.5),
        ]

        #expect(RefinementLoop.choose(candidates, weights: Self.weights) == 0)
    }

    @Test func combinedScoreIsTheWeightedMean() {
        var weights = ServiceConfiguration.Refinement.Weights()
        weights.support = 2
        weights.relevance = 1
        weights.energy = 1
        let candidate = Self.candidate("a", support: 1, relevance: 0, energy: 0.5)

        #expect(abs(candidate.combinedScore(weights) - 0.625) < 1e-6)
    }
}
