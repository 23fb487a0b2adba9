/// Levenshtein distance between two texts counted in words, for measuring how far a repair moved an answer.
public enum WordEditDistance {
    /// Returns the number of word insertions, deletions and substitutions that turn `first` into `second`.
    ///
    /// Words are the texts' word, number and ideograph tokens, compared in normalised form, so case, accents
    /// and punctuation do not count.
    public static func distance(_ first: String, _ second: String) -> Int {
        let a = words(first)
        let b = words(second)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    static func words(_ text: String) -> [String] {
        Tokenizer.tokenize(text).filter { $0.kind != .punctuation }.map(\.normalized)
    }
}
