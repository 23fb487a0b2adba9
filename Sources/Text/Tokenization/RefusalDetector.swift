/// Recognises answers that decline to answer or make no claim, which are labelled `abstain`, never scored.
public enum RefusalDetector {
    /// Phrases that decline in the first person, whatever they refer to.
    private static let firstPerson = [
        "i cannot answer", "i can't answer", "i can not answer", "i am unable to", "i'm unable to", "i don't know",
        "i do not know", "i cannot determine", "i can't determine", "i am sorry", "i'm sorry", "i cannot find",
        "i can't find", "i could not find", "i couldn't find",
    ]

    /// Phrases stating that the answer cannot be found, without naming who looked.
    private static let impersonal = [
        "cannot be determined", "can't be determined", "not enough information", "insufficient information",
        "unable to answer", "unable to determine", "cannot be answered", "can't be answered",
    ]

    /// Words that name the sources, which turn a negated statement into a refusal.
    private static let sources = ["document", "documents", "context", "contexts", "passage", "passages", "text"]
    private static let absence = [
        "does not mention", "do not mention", "doesn't mention", "don't mention", "does not say", "do not say",
        "does not provide", "do not provide", "doesn't provide", "don't provide", "does not contain",
        "do not contain", "doesn't contain", "don't contain", "not mentioned in", "not stated in",
        "not specified in", "no information",
    ]

    /// Checks whether `answer` is a refusal ("I cannot answer that from the documents").
    ///
    /// Phrases match whole words only, so "casino answered" does not match "no answer". A negated statement
    /// counts only when it also names the sources, so "Patients cannot answer questions" is a claim.
    public static func isRefusal(_ answer: String) -> Bool {
        let words = Tokenizer.tokenize(answer).filter { $0.kind != .punctuation }.map(\.normalized)
        guard words.count <= 60 else { return false }
        let text = " " + words.joined(separator: " ") + " "
        func has(_ phrase: String) -> Bool { text.contains(" " + phrase + " ") }

        if firstPerson.contains(where: has) || impersonal.contains(where: has) { return true }
        return absence.contains(where: has) && sources.contains(where: has)
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
