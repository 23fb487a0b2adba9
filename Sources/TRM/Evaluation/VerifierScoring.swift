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

    /// Returns the lowest whole-answer probability over the windows of an analysed answer.
    public static func score(_ analysis: AnswerAnalysis, network: TRMNetwork, members: [Parameters]) -> Float {
        VerifierWindow.windows(analysis, configuration: network.configuration)
            .map { network.predict($0, members: members).answerProbability }
            .min() ?? 0
    }
}
