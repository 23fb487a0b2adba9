/// Finds the tokens of an answer that belong to its form rather than its claims: citation markers and Markdown
/// emphasis.
///
/// Retrieval-augmented generators cite their passages ("October 2023 [1].", "[^2]", "[3, 4]", "【1】",
/// "(source 2)") and format with Markdown ("**October 2023**"). None of that is in the passages, and no training
/// answer has it, so the verifier read those tokens as unsupported words: "Python 3.12 was released in October
/// 2023 [1]." scored 0.0004 where the same sentence without the marker scored 0.99.
public enum AnswerMarkup {
    /// Words that name what a parenthesised citation points at, as in "(source 2)" or "(Document 1)".
    static let sourceWords: Set<String> = [
        "source", "sources", "doc", "docs", "document", "documents", "passage", "passages", "context", "contexts",
        "ref", "refs", "reference", "references", "citation", "citations",
    ]

    /// Punctuation that marks emphasis or code in Markdown.
    static let emphasis: Set<String> = ["*", "_", "`", "~"]

    /// Punctuation that may separate or prefix the numbers inside a citation: "[1, 2]", "[1-3]", "[^1]".
    static let citationPunctuation: Set<String> = [",", ";", "-", "\u{2013}", "^", ":", "#"]

    /// Openers of a citation and the closer each needs.
    static let closers: [String: String] = ["[": "]", "\u{3010}": "\u{3011}", "(": ")"]

    /// The longest citation, in tokens between its brackets.
    static let maxCitationTokens = 12

    /// Returns the indices into `tokens` of the markup tokens.
    ///
    /// A citation is a bracket holding numbers, with commas, dashes or a caret between them and source words
    /// beside them. In parentheses it also needs a source word, since "(1990)" or "(2)" can be part of a claim.
    public static func indices(in tokens: [Token]) -> Set<Int> {
        var markup = Set<Int>()
        var index = 0
        while index < tokens.count {
            if let end = citationEnd(tokens, from: index) {
                markup.formUnion(index..<end)
                index = end
                continue
            }
            if tokens[index].kind == .punctuation, emphasis.contains(tokens[index].text) {
                markup.insert(index)
            }
            index += 1
        }
        return markup
    }

    /// Returns the index just past the citation that opens at `start`, or nil when none does.
    private static func citationEnd(_ tokens: [Token], from start: Int) -> Int? {
        guard tokens[start].kind == .punctuation, let closer = closers[tokens[start].text] else { return nil }
        var hasNumber = false
        var hasSourceWord = false
        var index = start + 1
        while index < tokens.count, index - start <= maxCitationTokens + 1 {
            let token = tokens[index]
            if token.kind == .punctuation, token.text == closer {
                let isCitation = hasNumber && (closer != ")" || hasSourceWord)
                return isCitation ? index + 1 : nil
            }
            switch token.kind {
            case .number:
                hasNumber = true
            case .word where sourceWords.contains(token.normalized):
                hasSourceWord = true
            case .punctuation where citationPunctuation.contains(token.text):
                break
            default:
                return nil
            }
            index += 1
        }
        return nil
    }
}
