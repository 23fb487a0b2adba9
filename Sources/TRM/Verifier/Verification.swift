import Text

/// How well one span of the answer is supported.
public struct SpanVerdict: Sendable, Equatable {
    /// Scalar offsets into the answer, `end` exclusive.
    public var start: Int
    public var end: Int
    public var text: String
    public var supported: Bool
    /// Probability that the span is supported, 0-1.
    public var score: Float
    /// The context sentence best aligned with the span, or nil when none shares a content word.
    public var evidence: Evidence?
}

/// The verifier's judgement of one answer.
public struct Verification: Sendable, Equatable {
    public enum Label: String, Sendable {
        case supported
        case unsupported
        /// A refusal, or an answer with no claim to check.
        case abstain
    }

    public var label: Label
    /// Probability that the whole answer is supported, 0-1.
    public var score: Float
    /// Share of the answer's content tokens that lie in supported spans, 0-1.
    public var faithfulness: Float
    /// Lexical relevance of the answer to the question, 0-1; nil without a question.
    public var relevance: Float?
    public var spans: [SpanVerdict]
    /// Supervision steps used, summed over windows for long answers.
    public var steps: Int
    /// True when the halting head stopped every window before the step limit.
    public var halted: Bool
    /// Name of the model that judged the answer.
    public var model: String
}
