import Text

extension Verifier.Weights {
    /// Groups token probabilities into sentence spans and derives the answer's label and faithfulness.
    ///
    /// A span's score is the lowest probability among its content tokens, since one unsupported word (a
    /// changed number, a swapped antonym) makes the whole claim unsupported. The sentences in `refusals` make no
    /// claim: their spans are unsupported with score 0, as in an abstention, and faithfulness leaves them out.
    func summarize(
        _ analysis: AnswerAnalysis, _ tokenProbabilities: [Float], score: Float, relevance: Float?, steps: Int,
        halted: Bool, hasQuestion: Bool, refusals: Set<Int> = []
    ) -> Verification {
        let threshold = checkpoint.header.thresholds.threshold(hasQuestion: hasQuestion)
        var spans: [SpanVerdict] = []
        var supportedContent = 0
        var totalContent = 0

        for (sentenceIndex, sentence) in analysis.sentences.enumerated() {
            guard !refusals.contains(sentenceIndex) else {
                spans.append(
                    SpanVerdict(
                        start: sentence.start, end: sentence.end, text: sentence.text, supported: false, score: 0,
                        evidence: analysis.evidence[sentenceIndex]))
                continue
            }
            let content = analysis.tokensOfSentence[sentenceIndex].filter {
                FeatureExtractor.isContent(analysis.tokens[$0])
            }
            let spanScore = content.map { tokenProbabilities[$0] }.min() ?? 1
            let supported = spanScore >= threshold
            totalContent += content.count
            supportedContent += supported ? content.count : 0
            spans.append(
                SpanVerdict(
                    start: sentence.start, end: sentence.end, text: sentence.text, supported: supported,
                    score: spanScore, evidence: analysis.evidence[sentenceIndex]))
        }

        // NOTE: the label follows the whole-answer head, and the spans follow the token head. The two can
        // disagree, for example an unsupported label with every span supported.
        let faithfulness = totalContent == 0 ? 0 : Float(supportedContent) / Float(totalContent)
        return Verification(
            label: score >= threshold ? .supported : .unsupported, score: score, faithfulness: faithfulness,
            relevance: relevance, spans: spans, steps: steps, halted: halted, model: name)
    }

    /// Builds the result for a refusal or an answer without a claim: no span is scored as supported.
    func abstention(_ analysis: AnswerAnalysis, relevance: Float?) -> Verification {
        let spans = analysis.sentences.enumerated().map { index, sentence in
            SpanVerdict(
                start: sentence.start, end: sentence.end, text: sentence.text, supported: false, score: 0,
                evidence: analysis.evidence[index])
        }
        return Verification(
            label: .abstain, score: 0, faithfulness: 0, relevance: relevance, spans: spans, steps: 0, halted: false,
            model: name)
    }
}
