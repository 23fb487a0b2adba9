import Foundation
import Tensor
import Upstream

/// GEPA-style prompt optimization: reflective mutation by the upstream LLM, a pool of prompts scored per
/// record, parents drawn from the Pareto front by records won, and a budget counted in upstream calls.
///
/// Records are split in two: a Pareto set on which every kept prompt is scored in full, and a feedback set
/// from which each iteration draws a minibatch. A child prompt joins the pool only when it beats its parent
/// on the minibatch, strictly.
public struct PromptOptimizer: Sendable {
    /// A question with its passages; the answer is what each prompt makes the upstream write.
    public struct Record: Sendable, Equatable {
        public var id: String
        public var question: String?
        public var contexts: [String]

        public init(id: String, question: String?, contexts: [String]) {
            self.id = id
            self.question = question
            self.contexts = contexts
        }
    }

    public struct Settings: Sendable {
        /// Upstream calls the whole run may make, generation and reflection together.
        public var budget: Int
        /// Records per iteration's minibatch. Default: 3.
        public var minibatchSize = 3
        /// Records every kept prompt is scored on. Default: 8.
        public var paretoSize = 8
        public var seed: UInt64 = 0
        /// Characters of feedback in one reflection. Default: 6,000.
        public var maxFeedbackCharacters = 6000
        /// Maximum length of a prompt a reflection proposes. Default: 2,000 characters.
        public var maxPromptCharacters = 2000

        public init(budget: Int) {
            self.budget = budget
        }
    }

    /// A prompt in the pool with its score on each record of the Pareto set.
    public struct Candidate: Sendable {
        public var prompt: String
        /// Index of the prompt it was mutated from; nil for the seed.
        public var parent: Int?
        /// Combined score per Pareto record; nil where the upstream failed to answer.
        public var scores: [Double?]

        /// Mean over the records that were answered; 0 when none was.
        public var mean: Double {
            let known = scores.compactMap { $0 }
            return known.isEmpty ? 0 : known.reduce(0, +) / Double(known.count)
        }
    }

    /// One iteration as printed and written to the result file.
    public struct Iteration: Sendable {
        public var number: Int
        public var parent: Int
        public var parentScore: Double
        /// The child's minibatch score; nil when the reflection was rejected or the upstream failed.
        public var childScore: Double?
        /// Index of the child in the pool when it was kept.
        public var kept: Int?
        public var note: String
        public var calls: Int
    }

    public struct Result: Sendable {
        public var candidates: [Candidate]
        public var best: Int
        /// Indices of the prompts on the Pareto front, with the records each wins.
        public var front: [(index: Int, wins: Int)]
        public var iterations: [Iteration]
        public var calls: Int
        public var paretoRecords: [String]
    }

    /// A run that cannot start.
    public struct SetupError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    let upstream: any ChatCompleting
    let scorer: PromptScorer
    let prompts: RefinementPrompts
    let settings: Settings

    public init(upstream: any ChatCompleting, scorer: PromptScorer, prompts: RefinementPrompts, settings: Settings) {
        self.upstream = upstream
        self.scorer = scorer
        self.prompts = prompts
        self.settings = settings
    }
}
