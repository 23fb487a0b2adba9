import Foundation

extension FeatureExtractor {
    /// Computes the features of one token that need no sentence alignment.
    func lexicalFeatures(
        _ index: Int, _ tokens: [Token], _ stems: [String], _ questionStems: Set<String>, _ contexts: ContextIndex
    ) -> [Float] {
        let token = tokens[index]
        let stem = stems[index]
        var row = [Float](repeating: 0, count: TokenFeatures.count)
        func set(_ column: Int, _ condition: Bool) { row[column] = condition ? 1 : 0 }

        set(TokenFeatures.present, true)
        set(TokenFeatures.isWord, token.kind == .word || token.kind == .ideograph)
        set(TokenFeatures.isNumber, token.kind == .number)
        set(TokenFeatures.isPunctuation, token.kind == .punctuation)
        set(TokenFeatures.isIdeograph, token.kind == .ideograph)
        set(TokenFeatures.isStopWord, Lexicon.stopWords.contains(token.normalized))
        set(TokenFeatures.wordInContexts, contexts.containsWord(token.normalized))
        set(TokenFeatures.stemInContexts, contexts.containsStem(stem))
        set(TokenFeatures.stemInQuestion, questionStems.contains(stem))
        set(TokenFeatures.negation, Lexicon.negations.contains(token.normalized))
        set(TokenFeatures.hasQuestion, !questionStems.isEmpty)

        if index > 0 { set(TokenFeatures.leftBigramInContexts, contexts.containsBigram(stems[index - 1], stem)) }
        if index + 1 < stems.count {
            set(TokenFeatures.rightBigramInContexts, contexts.containsBigram(stem, stems[index + 1]))
        }
        if index > 0, index + 1 < stems.count {
            set(TokenFeatures.trigramInContexts, contexts.containsTrigram(stems[index - 1], stem, stems[index + 1]))
        }

        if token.kind == .number, let value = Lexicon.numericValue(token.text) {
            set(TokenFeatures.numberInContexts, contexts.containsNumber(value))
            set(TokenFeatures.numberMissing, !contexts.containsNumber(value))
            set(
                TokenFeatures.numberApproximate, !contexts.containsNumber(value) && contexts.containsNumber(near: value)
            )
        }
        let startsSentence = index == 0 || [".", "!", "?", "\u{3002}"].contains(tokens[index - 1].text)
        // "Yes" and "True" open an answer in capitals but name nothing. As names they were always missing, so a
        // bare "Yes" scored 0.001 where "yes" scored 0.87.
        if token.kind == .word, token.isCapitalized, !Lexicon.stopWords.contains(token.normalized),
            !Lexicon.answerParticles.contains(token.normalized)
        {
            // A capital at the start of a sentence may be a plain word, so there any spelling in the contexts counts.
            let found =
                startsSentence ? contexts.containsWord(token.normalized) : contexts.containsName(token.normalized)
            set(TokenFeatures.isCapitalized, true)
            set(TokenFeatures.nameInContexts, found)
            set(TokenFeatures.nameMissing, !found)
        }

        row[TokenFeatures.inverseFrequency] = min(contexts.idf(stem) / 6, 1)
        row[TokenFeatures.contextCount] = min(log(1 + Float(contexts.count(of: stem))) / 4, 1)
        writeHashedIdentity(token.normalized, into: &row)
        return row
    }

    /// Writes a signed random projection of the token's identity, FNV-1a hashed, into the hashed columns.
    private func writeHashedIdentity(_ normalized: String, into row: inout [Float]) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in normalized.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        for column in 0..<TokenFeatures.hashedWidth {
            row[TokenFeatures.hashed + column] = (hash >> UInt64(column)) & 1 == 1 ? 0.5 : -0.5
        }
    }
}
