/// Finds the tokens of an answer that belong to its form rather than its claims: citation markers and Markdown
/// emphasis.
///
/// Retrieval-augmented generators cite their passages ("October 2023 [1].", "[^2]", "[3, 4]", "【1】",
/// "(source 2)") and format with Markdown ("**October 2023**"). None of that is in the passages, and no training
/// answer has it, so the verifier read those tokens as unsupported words: "Python 3.12 was released in October
/// 2023 [1]." scored 0.0004 where the same sentence without the marker scored 0.99.
public enum AnswerMarkup {
    /// Words that name what a parenthesised citation points at, as in "(source 2)" or "(Document 1)", and may
    /// run into its number ("[doc1]").
    static let sourceWords: Set<String> = [
        "source", "sources", "doc", "docs", "document", "documents", "passage", "passages", "context", "contexts",
        "ref", "refs", "reference", "references", "citation", "citations", "see",
    ]

    /// Words that may join the numbers of one citation: "(sources 1 and 2)".
    static let joiningWords: Set<String> = ["and", "or"]

    /// The largest number a citation points at. "[1890]" is a year and "[2.5]" a value, not a citation.
    static let maxCitationNumber = 999

    /// Superscript digits, which number footnotes: "1889¹".
    static let superscriptDigits: Set<Unicode.Scalar> = [
        "\u{00B9}", "\u{00B2}", "\u{00B3}", "\u{2070}", "\u{2074}", "\u{2075}", "\u{2076}", "\u{2077}", "\u{2078}",
        "\u{2079}",
    ]

    /// Punctuation that marks emphasis or code in Markdown, and the ellipsis character, which no training answer
    /// has: read as a word, it took "It was completed in 1889… It is 330 metres tall." from 0.98 to 0.32.
    static let emphasis: Set<String> = ["*", "_", "`", "~", "\u{2026}"]

    /// Punctuation that may separate or prefix the numbers inside a citation: "[1, 2]", "[1-3]", "[^1]".
    static let citationPunctuation: Set<String> = [",", ";", "-", "\u{2013}", "^", ":", "#", ".", "\u{2020}"]

    /// Openers of a citation and the closer each needs.
    static let closers: [String: String] = ["[": "]", "\u{3010}": "\u{3011}", "(": ")"]

    /// The longest citation, in tokens between its brackets.
    static let maxCitationTokens = 12

    /// Returns the indices into `tokens` of the markup tokens.
    ///
    /// A citation is a bracket containing numbers up to `maxCitationNumber`, with commas, dashes or a caret between
    /// them and source words beside them, and no content word right after it: in "It has [12] restaurants." the
    /// number is part of the claim. In parentheses it also needs a source word, since "(1990)" or "(2)" can be
    /// part of a claim. A caret before a number ("^1") and superscript digits are footnote marks.
    public static func indices(in tokens: [Token]) -> Set<Int> {
        var markup = Set<Int>()
        var index = 0
        while index < tokens.count {
            if let end = citationEnd(tokens, from: index) {
                markup.formUnion(index..<end)
                index = end
                continue
            }
            // A number alone in square brackets that is no citation ("completed in [1889]") is part of the claim,
            // so only its brackets are form.
            if isBracketedNumber(tokens, at: index) {
                markup.formUnion([index, index + 2])
                index += 3
                continue
            }
            let token = tokens[index]
            if token.kind == .punctuation, emphasis.contains(token.text) || isSuperscript(token) {
                markup.insert(index)
            } else if token.text == "^", index + 1 < tokens.count, tokens[index + 1].kind == .number,
                tokens[index + 1].start == token.end
            {
                markup.formUnion(index...(index + 1))
                index += 1
            }
            index += 1
        }
        return markup
    }

    /// Returns the punctuation of an answer that is one answer particle and punctuation alone ("Yes.", "No!"), so
    /// it reads as the particle does: the training answers "yes" and "no" have none, and "Yes." scored 0.72 where
    /// "Yes" scored 0.86.
    public static func particlePunctuation(in tokens: [Token], besides markup: Set<Int>) -> Set<Int> {
        let unmarked = tokens.indices.filter { !markup.contains($0) }
        let words = unmarked.filter { tokens[$0].kind != .punctuation }
        guard words.count == 1, let word = words.first, Lexicon.answerParticles.contains(tokens[word].normalized)
        else { return [] }
        return Set(unmarked.filter { $0 != word })
    }

    /// Quote marks that may wrap a whole answer, with the mark that closes each.
    static let wrappingQuotes: [String: String] = [
        "\"": "\"", "'": "'", "\u{201C}": "\u{201D}", "\u{2018}": "\u{2019}", "\u{00AB}": "\u{00BB}",
        "\u{300C}": "\u{300D}",
    ]

    /// Most words an answer may have for its closing "!" to count as tone rather than part of a claim.
    static let maxExclaimedWords = 6

    /// Returns quote marks that wrap a whole answer ("\"Delhi\"") and the "!" that closes a short one ("Delhi!"),
    /// so the answer reads as it would without them: no training answer has either, and they took "Delhi" from 0.99
    /// to 0.017 and 0.038.
    public static func wrappingPunctuation(in tokens: [Token], besides markup: Set<Int>) -> Set<Int> {
        var unmarked = tokens.indices.filter { !markup.contains($0) }
        var found = Set<Int>()
        if let last = unmarked.last, tokens[last].text == "!",
            unmarked.count { tokens[$0].kind != .punctuation } <= maxExclaimedWords,
            !unmarked.dropLast().contains(where: { [".", "!", "?"].contains(tokens[$0].text) })
        {
            found.insert(last)
            unmarked.removeLast()
        }
        // A quoted title that reads as a refusal ("\"I'm Sorry\"") keeps its quotes, which tell the refusal reader
        // that the words are a title.
        let inner = unmarked.dropFirst().dropLast()
        if unmarked.count >= 3, let first = unmarked.first, let last = unmarked.last,
            wrappingQuotes[tokens[first].text] == tokens[last].text,
            !inner.contains(where: { wrappingQuotes[tokens[$0].text] != nil }),
            !RefusalDetector.isRefusal(tokens: inner.map { tokens[$0] }, acrossSentences: true)
        {
            found.formUnion([first, last])
        }
        return found
    }

    /// Checks whether "[", a number and "]" start at `index`.
    private static func isBracketedNumber(_ tokens: [Token], at index: Int) -> Bool {
        index + 2 < tokens.count && tokens[index].text == "[" && tokens[index + 1].kind == .number
            && tokens[index + 2].text == "]"
    }

    private static func isSuperscript(_ token: Token) -> Bool {
        token.text.unicodeScalars.allSatisfy { superscriptDigits.contains($0) }
    }

    /// Checks whether a number token can be a citation's: a whole number no larger than `maxCitationNumber`.
    private static func isCitationNumber(_ token: Token) -> Bool {
        token.text.allSatisfy(\.isASCII) && Int(token.text).map { $0 <= maxCitationNumber } == true
    }

    /// Checks whether a word names a source and its number at once, as "doc1" or "source2" do.
    private static func isNumberedSource(_ token: Token) -> Bool {
        let letters = token.normalized.prefix { !$0.isNumber }
        let digits = token.normalized.dropFirst(letters.count)
        return !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
            && sourceWords.contains(String(letters))
    }

    /// Checks whether the token at `index` is a word that is no stop word.
    private static func contentFollows(_ tokens: [Token], _ index: Int) -> Bool {
        guard index < tokens.count else { return false }
        let token = tokens[index]
        return token.kind == .ideograph
            || (token.kind != .punctuation && !Lexicon.stopWords.contains(token.normalized))
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
                let isCitation = hasNumber && (closer != ")" || hasSourceWord) && !contentFollows(tokens, index + 1)
                return isCitation ? index + 1 : nil
            }
            switch token.kind {
            case .number where isCitationNumber(token):
                hasNumber = true
            case .word where sourceWords.contains(token.normalized):
                hasSourceWord = true
            case .word where isNumberedSource(token):
                hasNumber = true
                hasSourceWord = true
            case .word where joiningWords.contains(token.normalized):
                break
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
