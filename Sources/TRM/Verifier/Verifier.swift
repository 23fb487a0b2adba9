import Tensor
import Text

/// Serves one trained verifier: turns an item into features, runs the recursion and reads off spans.
///
/// The actor owns the weights, so a reload never races a request. A request takes the current weights as a
/// `Weights` value in one actor hop and runs feature extraction and the model on a thread of its own, so
/// concurrent requests use every core. Running the model inside the actor limited `/verify` to one core.
public actor Verifier {
    /// The weights and sizes one request runs on, copied out of the actor.
    public struct Weights: Sendable {
        let name: String
        let checkpoint: TRMCheckpoint
        let network: TRMNetwork
        let members: [Parameters]

        init(name: String, checkpoint: TRMCheckpoint) {
            self.name = name
            self.checkpoint = checkpoint
            network = TRMNetwork(configuration: checkpoint.header.configuration)
            members = checkpoint.memberParameters()
        }
    }

    public nonisolated let name: String
    public private(set) var weights: Weights
    public nonisolated let extractor: FeatureExtractor
    /// Bounds how many requests extract features and run the model at once.
    nonisolated let limiter: WorkLimiter

    /// Creates a verifier. Engines that share `limiter` share its bound on work running at once.
    public init(
        name: String, checkpoint: TRMCheckpoint, extractor: FeatureExtractor,
        limiter: WorkLimiter = .twicePerCore()
    ) {
        self.name = name
        self.weights = Weights(name: name, checkpoint: checkpoint)
        self.extractor = extractor
        self.limiter = limiter
    }

    /// The checkpoint being served.
    public var checkpoint: TRMCheckpoint { weights.checkpoint }

    /// Version identifier of the checkpoint being served.
    public var version: String { weights.checkpoint.header.version }

    /// Replaces the served weights. Requests already running finish on the weights they took.
    public func load(_ checkpoint: TRMCheckpoint) {
        weights = Weights(name: name, checkpoint: checkpoint)
    }

    /// Judges which parts of `answer` the contexts support.
    ///
    /// Feature extraction and the model run on a thread of its own, off the actor and the cooperative pool, once
    /// the limiter has a free slot.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled, for example because its client left.
    public nonisolated func verify(question: String?, contexts: [String], answer: String)
        async throws(CancellationError) -> Verification
    {
        let extractor = extractor
        let weights = await weights
        let verification = try await limiter.run { cancellation -> Verification? in
            let index = ContextIndex(contexts: contexts)
            guard !cancellation.isCancelled else { return nil }
            let analysis = extractor.analyze(answer: answer, question: question, contexts: index)
            guard !cancellation.isCancelled else { return nil }
            let verification = weights.verify(analysis, question: question, contexts: index)
            guard Self.judgesAsStatement(verification, analysis), !cancellation.isCancelled else { return verification }
            let statement = extractor.analyze(answer: answer, question: nil, contexts: index)
            var asStatement = weights.verify(statement, question: nil, contexts: index)
            guard asStatement.score >= Self.statementThreshold else { return verification }
            asStatement.relevance = verification.relevance
            return asStatement
        }
        guard let verification else { throw CancellationError() }
        return verification
    }

    /// Words an answer to a question needs before an unsupported verdict is checked again as a statement.
    public static let statementWords = 7

    /// Score of the statement path from which a sentence answering a question counts as supported.
    public static let statementThreshold: Float = 0.95

    /// Checks whether an answer to a question that the question path found unsupported is a full sentence, to be
    /// judged again without the question.
    ///
    /// The question path learned HaluEval's answers, almost all names of up to 6 words, so it rejects most right
    /// answers written as sentences. The statement path, trained on summaries, judges sentences. At 0.95 it
    /// accepted 3 more of 22 right sentence answers that testers wrote and none of their 13 wrong ones, and
    /// 13 more of HaluEval's 552 wrong training answers of 7 words or more, none of its dev ones.
    static func judgesAsStatement(_ verification: Verification, _ analysis: AnswerAnalysis) -> Bool {
        verification.relevance != nil && verification.label == .unsupported
            && analysis.tokens.count { $0.kind == .word || $0.kind == .number } >= statementWords
    }

    /// Judges an answer already analysed against its contexts.
    public func verify(_ analysis: AnswerAnalysis, question: String?, contexts: ContextIndex) -> Verification {
        weights.verify(analysis, question: question, contexts: contexts)
    }
}

extension Verifier.Weights {
    /// Judges an answer already analysed against its contexts.
    public func verify(_ analysis: AnswerAnalysis, question: String?, contexts: ContextIndex) -> Verification {
        // NOTE: answers to a question are judged by a path trained on HaluEval, whose right answers are almost all
        // names of up to 6 words, so a right answer written as a sentence is often labelled unsupported. `verify`
        // judges such an answer again as a statement, but only at 0.95 or more (trade-off in docs/benchmarks.md).
        // NOTE: a bare "yes" or "no" is scored from the training prior (about 0.86), not checked against the
        // contexts. Judging the question's statement instead got 11 of 23 right HaluEval yes-or-no answers right.
        let relevance =
            question.isPresentQuestion
            ? Relevance.score(question: question ?? "", answer: analysis.tokens, contexts: contexts) : nil
        // The analysis has already cut a sentence that claims and refuses at once into two, and it has the
        // answer's tokens, so reading the refusals tokenizes nothing again.
        let reading = RefusalDetector.read(
            sentences: analysis.tokensOfSentence.map { $0.map { analysis.tokens[$0] } }, refusals: analysis.refusals,
            tokens: analysis.tokens, hasQuestion: question.isPresentQuestion, ungrounded: analysis.ungrounded)
        if reading.abstains { return abstention(analysis, relevance: relevance) }
        let refusals = reading.refusals
        let claims = reading.claims

        let windows = VerifierWindow.windows(
            analysis, configuration: network.configuration, sentences: refusals.isEmpty ? nil : claims)
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
            hasQuestion: question.isPresentQuestion, refusals: refusals)
    }
}
