import Tensor
import Text

/// Serves one trained verifier: turns an item into features, runs the recursion and reads off spans.
///
/// Feature extraction runs outside the actor, on a thread of its own. Only the model is isolated, so a reload of
/// the weights never races a request.
public actor Verifier {
    public nonisolated let name: String
    public private(set) var checkpoint: TRMCheckpoint
    private var network: TRMNetwork
    private var members: [Parameters]
    public nonisolated let extractor: FeatureExtractor

    public init(name: String, checkpoint: TRMCheckpoint, extractor: FeatureExtractor) {
        self.name = name
        self.checkpoint = checkpoint
        self.network = TRMNetwork(configuration: checkpoint.header.configuration)
        self.members = checkpoint.memberParameters()
        self.extractor = extractor
    }

    /// Version identifier of the checkpoint being served.
    public var version: String { checkpoint.header.version }

    /// Replaces the served weights.
    public func load(_ checkpoint: TRMCheckpoint) {
        self.checkpoint = checkpoint
        network = TRMNetwork(configuration: checkpoint.header.configuration)
        members = checkpoint.memberParameters()
    }

    /// Judges which parts of `answer` the contexts support.
    ///
    /// The features are computed on the caller's task before the model runs inside the actor.
    public nonisolated func verify(question: String?, contexts: [String], answer: String) async -> Verification {
        let extractor = extractor
        let (index, analysis) = await offCooperativePool {
            let index = ContextIndex(contexts: contexts)
            return (index, extractor.analyze(answer: answer, question: question, contexts: index))
        }
        return await verify(analysis, question: question, contexts: index)
    }

    /// Judges an answer already analysed against its contexts.
    public func verify(_ analysis: AnswerAnalysis, question: String?, contexts: ContextIndex) -> Verification {
        let relevance =
            question.isPresentQuestion
            ? Relevance.score(question: question ?? "", answer: analysis.tokens, contexts: contexts) : nil
        let answerText = analysis.sentences.map(\.text).joined(separator: " ")
        if RefusalDetector.isRefusal(answerText) || RefusalDetector.hasNoClaim(analysis.tokens) {
            return abstention(analysis, relevance: relevance)
        }

        let windows = VerifierWindow.windows(analysis, configuration: network.configuration)
        var tokenProbabilities = [Float](repeating: 1, count: analysis.tokens.count)
        var score: Float = 1
        var steps = 0
        var halted = true
        for window in windows {
            let prediction = network.predict(window, members: members)
            for (slot, index) in window.tokenIndices.enumerated() {
                tokenProbabilities[index] = prediction.tokenProbabilities[slot]
            }
            score = min(score, prediction.answerProbability)
            steps += prediction.steps
            halted = halted && prediction.halted
        }
        return summarize(
            analysis, tokenProbabilities, score: score, relevance: relevance, steps: steps, halted: halted,
            hasQuestion: question.isPresentQuestion)
    }
}
