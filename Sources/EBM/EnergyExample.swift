import Text

/// One labelled answer prepared for the energy model: its edit space, the network's input, and, for an
/// unsupported answer with a reference, the choices that bring it closest to that reference.
public struct EnergyExample: Sendable {
    public var source: String
    public var label: Int
    /// True for an answer to a question, false for a summary.
    public var hasQuestion: Bool
    public var space: EditSpace
    public var input: EnergyInput
    public var reference: String?
    /// Choices whose edited answer is closer to the reference than the original, in word edit distance; nil
    /// when no choice is, or when there is no reference.
    public var target: [Int]?

    /// Analyses `record` and finds its edit space and target choices.
    public init(record: LabelledRecord, extractor: FeatureExtractor) {
        let contexts = ContextIndex(contexts: record.contexts)
        let analysis = extractor.analyze(answer: record.answer, question: record.question, contexts: contexts)
        let space = EditSpace(
            answer: record.answer, analysis: analysis, contexts: contexts, question: record.question)
        self.init(
            source: record.source, label: record.label, space: space,
            input: EnergyInput(space: space, analysis: analysis), reference: record.label == 0 ? record.reference : nil,
            hasQuestion: record.question.isPresentQuestion)
    }

    public init(
        source: String, label: Int, space: EditSpace, input: EnergyInput, reference: String?, hasQuestion: Bool = false
    ) {
        self.source = source
        self.label = label
        self.hasQuestion = hasQuestion
        self.space = space
        self.input = input
        self.reference = reference
        self.target = reference.flatMap { EnergyExample.closestChoices(space, to: $0) }
    }

    /// Picks, span by span, the option that most shortens the word edit distance to `reference`. It makes one
    /// greedy pass, judging each span with the choices already made for the spans before it.
    ///
    /// Replacements are tried before deletion and a later option must be strictly better, so a tie goes to the
    /// replacement. Against a reference shorter than the answer, such as a one-phrase answer to a question,
    /// deleting a wrong name scores as well as replacing it, yet "The head office is in." is no repair.
    static func closestChoices(_ space: EditSpace, to reference: String) -> [Int]? {
        var choices = space.keepAll
        let original = WordEditDistance.distance(space.answer, reference)
        var best = original
        for (span, options) in space.spans.map(\.options).enumerated() {
            let replacementsFirst = options.indices.dropFirst().sorted { first, second in
                (options[first] == .delete ? 1 : 0, first) < (options[second] == .delete ? 1 : 0, second)
            }
            for option in replacementsFirst {
                var trial = choices
                trial[span] = option
                let distance = WordEditDistance.distance(space.apply(trial).text, reference)
                if distance < best {
                    best = distance
                    choices = trial
                }
            }
        }
        return best < original ? choices : nil
    }
}
