import Text

/// Lexical relevance of an answer to its question.
enum Relevance {
    /// Scores how much of the question's IDF-weighted content the answer and its aligned evidence address.
    ///
    /// The score is the IDF-weighted cosine similarity between the content stems of the question and of the
    /// answer, so 0 means no shared content word and 1 the same words. It is lexical: a correct answer
    /// that shares no word with the question ("Delhi" for "in what city…") scores low.
    static func score(question: String, answer: [Token], contexts: ContextIndex) -> Float {
        let questionWeights = weights(Tokenizer.tokenize(question), contexts)
        let answerWeights = weights(answer, contexts)
        let dot = questionWeights.keys.sorted().reduce(Float(0)) { sum, key in
            sum + (questionWeights[key] ?? 0) * (answerWeights[key] ?? 0)
        }
        let norms = norm(questionWeights) * norm(answerWeights)
        return norms > 0 ? min(max(dot / norms, 0), 1) : 0
    }

    private static func weights(_ tokens: [Token], _ contexts: ContextIndex) -> [String: Float] {
        tokens.filter(FeatureExtractor.isContent).reduce(into: [:]) { weights, token in
            let stem = ContextIndex.stem(of: token)
            weights[stem, default: 0] += contexts.idf(stem)
        }
    }

    private static func norm(_ weights: [String: Float]) -> Float {
        weights.keys.sorted().reduce(Float(0)) { sum, key in sum + (weights[key] ?? 0) * (weights[key] ?? 0) }
            .squareRoot()
    }
}
