import Tensor
import Text

/// A window with its supervision targets: a label per token slot and one for the whole window.
public struct TrainingWindow: Sendable {
    public var features: Matrix
    /// `slots x 1`: 1 for a supported token, 0 for an unsupported one.
    public var tokenTargets: Matrix
    /// `slots x 1`: 1 where a token target is known, 0 for padding, punctuation and unknown tokens.
    public var tokenWeights: Matrix
    /// 1 when the window's text is supported.
    public var label: Float
    public var source: String

    /// Builds the training windows of one labelled record.
    ///
    /// Token targets come from the record: every token of a supported answer is supported; in an
    /// unsupported answer with a reference, the tokens that a longest-common-subsequence alignment cannot
    /// match to the reference are unsupported and the rest supported; without a reference they stay unknown.
    public static func windows(
        _ record: LabelledRecord, extractor: FeatureExtractor, configuration: TRMConfiguration
    ) -> [TrainingWindow] {
        let contexts = ContextIndex(contexts: record.contexts)
        let analysis = extractor.analyze(answer: record.answer, question: record.question, contexts: contexts)
        let targets = tokenTargets(record, analysis)

        return VerifierWindow.windows(analysis, configuration: configuration).map { window in
            var tokenTargets = Matrix(rows: configuration.slots, columns: 1)
            var tokenWeights = Matrix(rows: configuration.slots, columns: 1)
            for (slot, index) in window.tokenIndices.enumerated() {
                guard let target = targets[index], analysis.tokens[index].kind != .punctuation else { continue }
                tokenTargets[slot + 1, 0] = target
                tokenWeights[slot + 1, 0] = 1
            }
            let windowTargets = window.tokenIndices.compactMap { targets[$0] }
            let label: Float = record.label == 1 || (!windowTargets.isEmpty && !windowTargets.contains(0)) ? 1 : 0
            return TrainingWindow(
                features: window.features, tokenTargets: tokenTargets, tokenWeights: tokenWeights,
                label: record.answer.isEmpty ? 0 : (record.label == 1 ? 1 : label), source: record.source)
        }
    }

    private static func tokenTargets(_ record: LabelledRecord, _ analysis: AnswerAnalysis) -> [Float?] {
        if record.label == 1 { return analysis.tokens.map { _ in 1 } }
        guard let reference = record.reference else { return analysis.tokens.map { _ in nil } }

        let answerStems = analysis.tokens.map(ContextIndex.stem(of:))
        let referenceStems = Tokenizer.tokenize(reference).map(ContextIndex.stem(of:))
        return SequenceAlignment.match(answerStems, referenceStems).map { $0 == nil ? 0 : 1 }
    }
}
