/// Recognises answers that decline to answer or make no claim, which are labelled `abstain`, never scored.
public enum RefusalDetector {
    private static let phrases = [
        "i cannot answer", "i can't answer", "i can not answer", "i am unable to", "i'm unable to",
        "i don't know", "i do not know", "cannot be determined", "can't be determined", "not enough information",
        "no information", "does not mention", "do not mention", "does not say", "do not say", "doesn't mention",
        "don't mention", "does not provide", "do not provide", "doesn't provide", "don't provide",
        "not mentioned in", "not stated in", "not specified in", "unable to answer", "unable to determine",
        "cannot answer", "no answer", "insufficient information", "i'm sorry", "i am sorry",
    ]

    /// Checks whether `answer` is a refusal ("I cannot answer that from the documents").
    public static func isRefusal(_ answer: String) -> Bool {
        let normalized = Tokenizer.normalize(answer).replacingOccurrences(of: "\u{2019}", with: "'")
        let collapsed = normalized.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return phrases.contains { collapsed.contains($0) } && collapsed.count < 400
    }

    /// Checks whether `tokens` hold no claim at all: no number, ideograph or content word.
    public static func hasNoClaim(_ tokens: [Token]) -> Bool {
        !tokens.contains { token in
            switch token.kind {
            case .number, .ideograph: return true
            case .word: return !Lexicon.stopWords.contains(token.normalized)
            case .punctuation: return false
            }
        }
    }
}
