/// Closed word lists and word-shape helpers shared by the feature extractor and the refusal detector.
public enum Lexicon {
    /// English function words, which carry little evidence on their own.
    public static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "if", "of", "in", "on", "at", "to", "for", "from", "by", "with",
        "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those",
        "he", "she", "they", "them", "his", "her", "their", "we", "our", "you", "your", "i", "me", "my", "which",
        "who", "whom", "whose", "what", "when", "where", "how", "why", "do", "does", "did", "has", "have", "had",
        "will", "would", "can", "could", "should", "may", "might", "must", "shall", "also", "than", "then",
        "there", "here", "so", "such", "into", "about", "over", "after", "before", "up", "down", "out", "all",
        "any", "each", "both", "more", "most", "other", "some", "very", "just", "not", "no", "s", "'s",
    ]

    /// Words that answer a yes-or-no question. They need no word of the contexts to be supported: "Yes." to "Is
    /// the tower in Paris?" is checked against the contexts through the question.
    public static let answerParticles: Set<String> = ["yes", "yeah", "yep", "no", "nope", "true", "false"]

    /// Words that negate a clause.
    public static let negations: Set<String> = [
        "not", "no", "never", "none", "nor", "neither", "without", "cannot", "n't", "nothing", "nobody",
        "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't", "wouldn't", "can't",
        "couldn't", "shouldn't", "hasn't", "haven't", "hadn't", "excluding", "except", "lack", "lacks",
    ]

    /// Returns a crude stem for matching inflected forms: "increasing", "increased" and "increases" share one.
    public static func stem(_ word: String) -> String {
        guard word.count > 4 else { return word }
        for suffix in ["ingly", "edly", "ing", "ies", "ied", "ed", "es", "ly", "s"] {
            if word.hasSuffix(suffix), word.count - suffix.count >= 3 {
                var base = String(word.dropLast(suffix.count))
                if suffix == "ies" || suffix == "ied" { base += "y" }
                if let last = base.last, base.count > 3, base.dropLast().last == last, !"lsz".contains(last) {
                    base.removeLast()
                }
                return base.hasSuffix("e") ? String(base.dropLast()) : base
            }
        }
        return word.hasSuffix("e") ? String(word.dropLast()) : word
    }

    /// Parses the numeric value of a number token such as "1,250.5" or "3rd"; nil when it has none.
    public static func numericValue(_ text: String) -> Double? {
        let digits = text.filter { $0 != "," }.prefix { $0.isNumber || $0 == "." }
        return Double(digits)
    }
}
