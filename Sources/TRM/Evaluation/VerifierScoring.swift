import Tensor
import Text

/// Scores labelled records outside the serving actor, for training metrics and evaluation.
public enum VerifierScoring {
    /// Returns the probability that the record's answer is supported: the lowest over its windows.
    public static func score(
        _ record: LabelledRecord, network: TRMNetwork, members: [Parameters], extractor: FeatureExtractor
    ) -> Float {
        let contexts = ContextIndex(contexts: record.contexts)
        let analysis = extractor.analyze(answer: record.answer, question: record.question, contexts: contexts)
        return score(analysis, network: network, members: members)
    }

    /// Returns the lowest whole-answer probability over the windows of an analysed answer, or 0 when a sentence
    /// makes a claim that shares no content word with the contexts, as serving scores it.
    public static func score(_ analysis: AnswerAnalysis, network: TRMNetwork, members: [Parameters]) -> Float {
        guard !analysis.sentences.indices.contains(where: analysis.isUngrounded(sentence:)) else { return 0 }
        return VerifierWindow.windows(analysis, configuration: network.configuration)
            .map { network.predict($0, members: members).answerProbability }
            .min() ?? 0
    }
}
