/// Splits text into sentences, handling CJK full stops, abbreviations and a missing final full stop.
public enum SentenceSplitter {
    /// A sentence as a half-open range of Unicode scalar offsets, trimmed of surrounding white space.
    public struct Sentence: Sendable, Equatable {
        public var start: Int
        public var end: Int
        public var text: String
    }

    private static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "inc", "ltd", "co", "corp", "fig",
        "e.g", "i.e", "u.s", "u.k", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec", "approx", "est", "dept", "gen", "gov", "sen", "rep", "mt", "ft",
    ]

    /// Returns the sentences of `text` in order; text after the last terminator forms a final sentence.
    ///
    /// With `listItems`, a line break before a list marker ("- ", "* ", "• ", "1. ", "2) ") also ends a sentence,
    /// so each item of a list answer is judged on its own. Contexts keep the splitting the models were trained on.
    public static func split(_ text: String, listItems: Bool = false) -> [Sentence] {
        let scalars = Array(text.unicodeScalars)
        var sentences: [Sentence] = []
        var start = 0
        var index = 0

        while index < scalars.count {
            if let end = sentenceEnd(scalars, at: index) ?? (listItems ? listItemStart(scalars, at: index) : nil) {
                append(scalars, start, end, to: &sentences)
                start = end
                index = end
            } else {
                index += 1
            }
        }
        append(scalars, start, scalars.count, to: &sentences)
        return sentences
    }

    /// Returns the offset just past a sentence terminator at `index`, or nil when `index` ends no sentence.
    private static func sentenceEnd(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        let scalar = scalars[index]
        switch scalar {
        case "\u{3002}", "\u{FF01}", "\u{FF1F}", "\u{FF0E}":
            return skipClosers(scalars, from: index + 1)
        case "!", "?":
            return followedByBreak(scalars, index + 1) ? skipClosers(scalars, from: index + 1) : nil
        case ".":
            guard followedByBreak(scalars, index + 1) || joinsSentences(scalars, period: index),
                !isAbbreviation(scalars, period: index)
            else { return nil }
            return skipClosers(scalars, from: index + 1)
        case "\n":
            return index + 1 < scalars.count && scalars[index + 1] == "\n" ? index + 2 : nil
        default:
            return nil
        }
    }

    /// Returns the offset just past a line break at `index` that a list marker follows, or nil.
    private static func listItemStart(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        guard scalars[index] == "\n" else { return nil }
        var next = index + 1
        while next < scalars.count, scalars[next] == " " || scalars[next] == "\t" { next += 1 }
        guard next < scalars.count else { return nil }
        var marker = next
        if ["-", "*", "\u{2022}"].contains(scalars[marker]) {
            marker += 1
        } else {
            while marker < scalars.count, ("0"..."9").contains(scalars[marker]) { marker += 1 }
            guard marker > next, marker < scalars.count, scalars[marker] == "." || scalars[marker] == ")" else {
                return nil
            }
            marker += 1
        }
        return marker < scalars.count && (scalars[marker] == " " || scalars[marker] == "\t") ? index + 1 : nil
    }

    private static func skipClosers(_ scalars: [Unicode.Scalar], from index: Int) -> Int {
        var end = index
        while end < scalars.count, isCloser(scalars[end]) || scalars[end] == "\u{300D}" || scalars[end] == "\u{300F}" {
            end += 1
        }
        return end
    }

    private static func followedByBreak(_ scalars: [Unicode.Scalar], _ index: Int) -> Bool {
        var next = index
        while next < scalars.count, isCloser(scalars[next]) {
            next += 1
        }
        return next >= scalars.count || isWhitespace(scalars[next])
    }

    /// Checks for a closing quotation mark or bracket that may follow a terminator: `"`, `'`, `)`, `]`, `”` or `’`.
    private static func isCloser(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\"", "'", ")", "]", "\u{201D}", "\u{2019}": return true
        default: return false
        }
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        ScalarProperties.of(scalar).contains(.whitespace)
    }

    /// Checks for a full stop with no space between two sentences, as in "the 19th century.First for Women": a
    /// lower-case letter before it and a capitalised word after it. "U.S.A" and "Node.js" do not match.
    private static func joinsSentences(_ scalars: [Unicode.Scalar], period: Int) -> Bool {
        guard period > 0, period + 2 < scalars.count else { return false }
        return ScalarProperties.of(scalars[period - 1]).contains(.lowercase)
            && ScalarProperties.of(scalars[period + 1]).contains(.uppercase)
            && ScalarProperties.of(scalars[period + 2]).contains(.lowercase)
    }

    /// Checks whether the word before a period is an abbreviation or an initial such as "J." in "J. Smith".
    private static func isAbbreviation(_ scalars: [Unicode.Scalar], period: Int) -> Bool {
        var wordStart = period
        while wordStart > 0, !isWhitespace(scalars[wordStart - 1]) {
            wordStart -= 1
        }
        var word = ""
        word.unicodeScalars.append(contentsOf: scalars[wordStart..<period])
        let lowered = word.lowercased().trimmingPrefix(while: { "\"'(".contains($0) })
        if lowered == "no" {
            // "No. 5" abbreviates "number"; "the documents say no." ends a sentence.
            let next = scalars[(period + 1)...].first { !isWhitespace($0) }
            return next.map { ScalarProperties.of($0).contains(.decimalDigit) } ?? false
        }
        if lowered.count == 1, let first = lowered.unicodeScalars.first,
            ScalarProperties.of(first).contains(.alphabetic)
        {
            return word.unicodeScalars.first.map { ScalarProperties.of($0).contains(.uppercase) } ?? false
        }
        return abbreviations.contains(String(lowered))
    }

    private static func append(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int, to sentences: inout [Sentence]) {
        var lower = start
        var upper = end
        while lower < upper, isWhitespace(scalars[lower]) { lower += 1 }
        while upper > lower, isWhitespace(scalars[upper - 1]) { upper -= 1 }
        guard lower < upper else { return }

        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[lower..<upper])
        sentences.append(Sentence(start: lower, end: upper, text: text))
    }
}

extension StringProtocol {
    fileprivate func trimmingPrefix(while predicate: (Character) -> Bool) -> SubSequence {
        self[(firstIndex { !predicate($0) } ?? endIndex)...]
    }
}
