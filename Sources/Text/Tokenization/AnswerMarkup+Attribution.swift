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

    /// Nouns that name an answer in a label such as "Answer:" or "Short answer:".
    static let answerLabels: Set<String> = ["answer", "response", "reply"]
    /// Other words such a label may hold.
    static let labelWords: Set<String> = ["the", "my", "final", "short", "brief", "is", "our"]

    /// Verbs of "The context says ..." and "The documents say ...", present tense.
    static let reportingVerbs: Set<String> = [
        "says", "states", "shows", "mentions", "indicates", "notes", "explains", "reports", "say", "state", "show",
        "mention", "indicate", "note", "explain", "report",
    ]

    /// Words after a reporting verb that make the sentence say the passages lack something, so it stays a refusal:
    /// "The context says nothing about the date."
    static let negatingWords: Set<String> = ["not", "nothing", "n't", "neither", "never"]

    /// Returns the indices of the lead-ins that attribute a sentence to the passages and are no part of its claim:
    /// "According to the context,", "Based on the passages:", "Per the documents,", "The context says (that)",
    /// "The answer is" and an "Answer:" label. A generator writes them often, and no training answer has them:
    /// "According to the context, Delhi." was read as a refusal, and "Answer: Delhi" scored 0.001 where "Delhi"
    /// scored 0.99.
    ///
    /// Tokens in `markup` are read through, so "**Answer:** 1934" counts. A lead-in counts at the start of the answer,
    /// after a sentence's closing punctuation or after another lead-in, and only when a claim follows it.
    public static func attributionIndices(in tokens: [Token], besides markup: Set<Int> = []) -> Set<Int> {
        let unmarked = tokens.indices.filter { !markup.contains($0) }
        let words = unmarked.map { tokens[$0] }
        var found = Set<Int>()
        var start = 0
        while start < words.count {
            let opens =
                start == 0 || [".", "!", "?"].contains(words[start - 1].text) || found.contains(unmarked[start - 1])
            // A claim must follow, perhaps after an opening quotation mark: "According to the context, \"Lion\"".
            guard opens, let end = leadInEnd(words, from: start),
                words[end...].contains(where: { $0.kind != .punctuation })
            else {
                start += 1
                continue
            }
            found.formUnion(unmarked[start..<end])
            start = end
        }
        return found
    }

    /// Returns the index just past a lead-in starting at `start`, or nil when none starts there.
    private static func leadInEnd(_ tokens: [Token], from start: Int) -> Int? {
        let words = tokens[start...].prefix(8).map(\.normalized)
        guard let first = words.first else { return nil }
        // A label of up to three words that names an answer and ends in a colon: "Answer:", "Final answer:", "The
        // answer is:", "Short answer:", "Response:".
        if let colon = words.prefix(4).firstIndex(of: ":"), colon > 0,
            words[..<colon].contains(where: answerLabels.contains),
            words[..<colon].allSatisfy({ answerLabels.contains($0) || labelWords.contains($0) })
        {
            return start + colon + 1
        }
        if words.starts(with: ["the", "answer", "is"]) || words.starts(with: ["my", "answer", "is"]) {
            return start + 3
        }

        var index = start
        let prepositional: [[String]] = [["according", "to"], ["based", "on"], ["per"], ["from"]]
        if let phrase = prepositional.first(where: { words.starts(with: $0) }) {
            index += phrase.count
            while index < tokens.count, sourceModifiers.contains(tokens[index].normalized) { index += 1 }
            guard index < tokens.count, attributedSources.contains(tokens[index].normalized) else { return nil }
            index += 1
            return index < tokens.count && [",", ":"].contains(tokens[index].text) ? index + 1 : nil
        }

        // "The context says (that) ...".
        guard first == "the" else { return nil }
        index += 1
        while index < tokens.count, sourceModifiers.contains(tokens[index].normalized) { index += 1 }
        guard index + 1 < tokens.count, attributedSources.contains(tokens[index].normalized),
            reportingVerbs.contains(tokens[index + 1].normalized)
        else { return nil }
        index += 2
        if index < tokens.count, tokens[index].normalized == "that" { index += 1 }
        return index < tokens.count && !negatingWords.contains(tokens[index].normalized) ? index : nil
    }
}
