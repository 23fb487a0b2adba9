import Text

extension Verifier.Weights {
    /// Groups token probabilities into sentence spans and derives the answer's label and faithfulness.
    ///
    /// A span's score is the lowest probability among its content tokens, since one unsupported word (a
    /// changed number, a swapped antonym) makes the whole claim unsupported. The sentences in `refusals` make no
    /// claim: their spans are unsupported with score 0, as in an abstention, and faithfulness leaves them out.
    /// A sentence in `splits` gives two spans in text order: its claim clause, judged, and its refusal clause, as a
    /// refusal sentence is.
    func summarize(
        _ analysis: AnswerAnalysis, _ tokenProbabilities: [Float], score: Float, relevance: Float?, steps: Int,
        halted: Bool, hasQuestion: Bool, refusals: Set<Int> = [], splits: [Int: RefusalDetector.Split] = [:]
    ) -> Verification {
        let threshold = checkpoint.header.thresholds.threshold(hasQuestion: hasQuestion)
        var spans: [SpanVerdict] = []
        var supportedContent = 0
        var totalContent = 0

        func judge(_ tokens: [Int], start: Int, end: Int, text: String, evidence: Evidence?) -> SpanVerdict {
            let content = tokens.filter { FeatureExtractor.isContent(analysis.tokens[$0]) }
            let spanScore = content.map { tokenProbabilities[$0] }.min() ?? 1
            let supported = spanScore >= threshold
            totalContent += content.count
            supportedContent += supported ? content.count : 0
            return SpanVerdict(
                start: start, end: end, text: text, supported: supported, score: spanScore, evidence: evidence)
        }

        for (sentenceIndex, sentence) in analysis.sentences.enumerated() {
            let positions = analysis.tokensOfSentence[sentenceIndex]
            if refusals.contains(sentenceIndex) {
                spans.append(
                    SpanVerdict(
                        start: sentence.start, end: sentence.end, text: sentence.text, supported: false, score: 0,
                        evidence: analysis.evidence[sentenceIndex]))
            } else if let split = splits[sentenceIndex], let claim = clause(split.claim, positions, sentence, analysis),
                let refusal = clause(split.refusal, positions, sentence, analysis)
            {
                let claimSpan = judge(
                    split.claim.map { positions[$0] }, start: claim.start, end: claim.end, text: claim.text,
                    evidence: analysis.evidence[sentenceIndex])
                let refusalSpan = SpanVerdict(
                    start: refusal.start, end: refusal.end, text: refusal.text, supported: false, score: 0,
                    evidence: nil)
                spans += claim.start < refusal.start ? [claimSpan, refusalSpan] : [refusalSpan, claimSpan]
            } else {
                spans.append(
                    judge(
                        positions, start: sentence.start, end: sentence.end, text: sentence.text,
                        evidence: analysis.evidence[sentenceIndex]))
            }
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

/// Returns the offsets and text of a clause, given as positions in a sentence's tokens; nil for an empty clause.
private func clause(
    _ range: Range<Int>, _ positions: [Int], _ sentence: SentenceSplitter.Sentence, _ analysis: AnswerAnalysis
) -> (start: Int, end: Int, text: String)? {
    guard let first = range.first, let last = range.last, positions.indices.contains(last) else { return nil }
    let start = analysis.tokens[positions[first]].start
    let end = analysis.tokens[positions[last]].end
    let scalars = Array(sentence.text.unicodeScalars)
    let lower = start - sentence.start
    let upper = end - sentence.start
    guard 0 <= lower, lower < upper, upper <= scalars.count else { return nil }
    var text = ""
    text.unicodeScalars.append(contentsOf: scalars[lower..<upper])
    return (start, end, text)
}
