extension AnswerMarkup {
    /// Nouns that name the passages an answer draws on: "According to the context, ...".
    static let attributedSources: Set<String> = [
        "context", "contexts", "passage", "passages", "document", "documents", "text", "texts", "source", "sources",
        "information", "article", "articles", "excerpt", "excerpts",
    ]

    /// Words that may stand between a lead-in and its source noun: "According to the provided context, ...".
    static let sourceModifiers: Set<String> = [
        "the", "this", "these", "those", "provided", "given", "retrieved", "above", "supplied", "available",
    ]

    /// Verbs of "The context says ..." and "The documents say ...", present tense.
    static let reportingVerbs: Set<String> = [
        "says", "states", "shows", "mentions", "indicates", "notes", "explains", "reports", "say", "state", "show",
        "mention", "indicate", "note", "explain", "report",
    ]

    /// Words after a reporting verb that make the sentence say the passages lack something, so it stays a refusal:
    /// "The context says nothing about the date."
    static let negatingWords: Set<String> = ["not", "nothing", "no", "n't", "neither", "never"]

    /// Returns the indices of the lead-ins that attribute a sentence to the passages and are no part of its claim:
    /// "According to the context,", "Based on the passages,", "Per the documents,", "The context says (that)" and
    /// an "Answer:" label. A generator writes them often, and no training answer has them: "According to the
    /// context, Delhi." was read as a refusal, and "Answer: Delhi" scored 0.001 where "Delhi" scored 0.99.
    ///
    /// A lead-in counts only at the start of the answer or after a sentence's closing punctuation, and only when a
    /// claim follows it.
    public static func attributionIndices(in tokens: [Token]) -> Set<Int> {
        var found = Set<Int>()
        for start in tokens.indices where opensSentence(tokens, at: start) {
            guard let end = leadInEnd(tokens, from: start), end < tokens.count, tokens[end].kind != .punctuation,
                !negatingWords.contains(tokens[end].normalized)
            else { continue }
            found.formUnion(start..<end)
        }
        return found
    }

    private static func opensSentence(_ tokens: [Token], at index: Int) -> Bool {
        index == 0 || [".", "!", "?"].contains(tokens[index - 1].text)
    }

    /// Returns the index just past a lead-in starting at `start`, or nil when none starts there.
    private static func leadInEnd(_ tokens: [Token], from start: Int) -> Int? {
        let words = tokens[start...].prefix(8).map(\.normalized)
        guard let first = words.first else { return nil }
        if first == "answer" || (first == "final" && words.dropFirst().first == "answer") {
            let colon = start + (first == "answer" ? 1 : 2)
            return colon < tokens.count && tokens[colon].text == ":" ? colon + 1 : nil
        }
        var index = start
        let prepositional: [[String]] = [["according", "to"], ["based", "on"], ["per"], ["from"]]
        if let phrase = prepositional.first(where: { words.starts(with: $0) }) {
            index += phrase.count
            while index < tokens.count, sourceModifiers.contains(tokens[index].normalized) { index += 1 }
            guard index < tokens.count, attributedSources.contains(tokens[index].normalized) else { return nil }
            index += 1
            return index < tokens.count && tokens[index].text == "," ? index + 1 : nil
        }
        guard first == "the" else { return nil }
        index += 1
        while index < tokens.count, sourceModifiers.contains(tokens[index].normalized) { index += 1 }
        guard index + 1 < tokens.count, attributedSources.contains(tokens[index].normalized),
            reportingVerbs.contains(tokens[index + 1].normalized)
        else { return nil }
        index += 2
        return index < tokens.count && tokens[index].normalized == "that" ? index + 1 : index
    }
}
