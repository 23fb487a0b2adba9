extension FeatureExtractor {
    /// Longest run of unmatched context tokens that still counts as the words an answer token replaced.
    static let maximumReplacementGap = 4

    /// Aligns one answer sentence to its best context sentence and fills the alignment features of its tokens.
    ///
    /// - Returns: The evidence sentence, or nil when the sentence shares no content word with the contexts.
    func alignSentence(
        _ members: [Int], _ tokens: [Token], _ stems: [String], _ contexts: ContextIndex, _ features: inout [[Float]],
        cache: inout [String: (Int, Float)?]
    ) -> Evidence? {
        let content = members.filter { FeatureExtractor.isContent(tokens[$0]) }
        guard let (best, score) = bestSentence(content.map { stems[$0] }, contexts, cache: &cache) else { return nil }
        let sentence = contexts.sentences[best]

        let answerStems = members.map { stems[$0] }
        let matches = SequenceAlignment.match(answerStems, sentence.stems)
        let matchedContent = members.indices.filter { position in
            matches[position] != nil && FeatureExtractor.isContent(tokens[members[position]])
        }
        let coverage = content.isEmpty ? 1 : Float(matchedContent.count) / Float(content.count)
        let answerNegations = members.filter { Lexicon.negations.contains(tokens[$0].normalized) }.count

        for (position, index) in members.enumerated() {
            var row = features[index]
            row[TokenFeatures.alignedSentenceScore] = score
            row[TokenFeatures.sentenceCoverage] = coverage
            row[TokenFeatures.stemInAlignedSentence] = sentence.stemSet.contains(stems[index]) ? 1 : 0
            row[TokenFeatures.alignedSentenceHasNegation] = sentence.negationCount > 0 ? 1 : 0
            row[TokenFeatures.negationMismatch] = answerNegations != sentence.negationCount ? 1 : 0
            if tokens[index].kind == .number, let value = Lexicon.numericValue(tokens[index].text) {
                let found = sentence.tokens.contains { Lexicon.numericValue($0.text) == value }
                row[TokenFeatures.numberInAlignedSentence] = found ? 1 : 0
            }
            writeReplacement(position, matches, tokens[index], sentence, &row)
            features[index] = row
        }
        return Evidence(context: sentence.context, start: sentence.start, end: sentence.end, score: score)
    }

    /// Returns the context sentence with the highest IDF-weighted overlap with `stems`, and that overlap.
    ///
    /// Results are cached per set of stems, so an answer that repeats a sentence pays for it once.
    private func bestSentence(
        _ stems: [String], _ contexts: ContextIndex, cache: inout [String: (Int, Float)?]
    ) -> (Int, Float)? {
        // Sums run in first-occurrence order: a Set's order changes with each process's hash seed, which would
        // change the float sums' rounding and make features, and so training, differ from run to run.
        var seen = Set<String>()
        let unique = stems.filter { seen.insert($0).inserted }
        let key = unique.joined(separator: " ")
        if let cached = cache[key] { return cached }

        let total = unique.reduce(Float(0)) { $0 + contexts.idf($1) }
        var best: (Int, Float)?
        if total > 0 {
            for index in contexts.candidateSentences(sharing: unique) {
                let sentence = contexts.sentences[index]
                let shared = unique.reduce(Float(0)) { sum, stem in
                    sentence.stemSet.contains(stem) ? sum + contexts.idf(stem) : sum
                }
                if shared > (best?.1 ?? 0) { best = (index, shared) }
            }
        }
        let result = best.map { ($0.0, $0.1 / total) }
        cache[key] = result
        return result
    }

    /// Marks a token as matched, inserted, or replacing context words, with its relation to the replaced words.
    private func writeReplacement(
        _ position: Int, _ matches: [Int?], _ token: Token, _ sentence: ContextIndex.Sentence, _ row: inout [Float]
    ) {
        guard matches[position] == nil else {
            row[TokenFeatures.matchedInAlignment] = 1
            return
        }
        let previous: Int = matches[..<position].compactMap { $0 }.last ?? -1
        let next: Int = matches[(position + 1)...].compactMap { $0 }.first ?? sentence.tokens.count
        let gap = (previous + 1)..<max(previous + 1, next)
        guard !gap.isEmpty, gap.count <= FeatureExtractor.maximumReplacementGap else {
            row[TokenFeatures.inserted] = 1
            return
        }

        row[TokenFeatures.replaced] = 1
        let relations = gap.map { lexicalRelation(token, sentence.tokens[$0]) }
        let strongest = relations.min { $0.priority < $1.priority } ?? .unknown
        row[TokenFeatures.relation + strongest.rawValue] = 1
    }

    private func lexicalRelation(_ answerToken: Token, _ contextToken: Token) -> LexicalRelation {
        guard answerToken.kind == .word, contextToken.kind == .word, let wordNet else { return .unknown }
        return wordNet.relation(between: answerToken.normalized, and: contextToken.normalized)
    }
}

extension LexicalRelation {
    /// Order in which a relation wins when a token replaced several context words: the most telling first.
    var priority: Int {
        switch self {
        case .antonym: return 0
        case .same: return 1
        case .synonym: return 2
        case .hypernym: return 3
        case .cohyponym: return 4
        case .unrelated: return 5
        case .unknown: return 6
        }
    }
}
