/// Splits text into sentences, handling CJK full stops, abbreviations and a missing final full stop.
public enum SentenceSplitter {
    /// A sentence as a half-open range of Unicode scalar offsets, trimmed of surrounding white space.
    public struct Sentence: Sendable, Equatable {
        public var start: Int
        public var end: Int
        public var text: String
    }

    /// Scalars that mark a bulleted list item: "-", "*" and "•".
    private static let bullets: Set<Unicode.Scalar> = ["-", "*", "\u{2022}"]

    private static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "inc", "ltd", "co", "corp", "fig",
        "e.g", "i.e", "u.s", "u.k", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec", "approx", "est", "dept", "gen", "gov", "sen", "rep", "mt", "ft", "ca", "al", "cf", "vol", "pp",
        "nr", "z.b", "d.h", "u.a", "bzw", "vgl", "ref", "refs",
    ]

    /// Returns the sentences of `text` in order; text after the last terminator forms a final sentence.
    ///
    /// An answer (`asAnswer`) is split with three more rules; contexts keep the splitting the models were trained on.
    /// A line break before a capital letter or a "[" ends a sentence, so "Sources: [1]" on a line of its own is set
    /// aside as "Sources: [1]." would be. See `lineContinues` for the lines that run on; so does one followed by a
    /// lower-case word or a figure ("The height is\n330 m.").
    /// A list marker at the start of a line ("- ", "* ", "• ", "1. ", "2) ", "a. ", "(1) ") ends a sentence, so each
    /// item of a list answer is judged on its own. The marker belongs to no sentence: the item's sentence starts
    /// after it, so "1." is neither a sentence nor part of the claim. And a full stop before a word in lower case
    /// ends none, as after an abbreviation the list lacks ("It is 330 m. tall.").
    public static func split(_ text: String, asAnswer: Bool = false) -> [Sentence] {
        let scalars = Array(text.unicodeScalars)
        var sentences: [Sentence] = []
        var start = 0
        var index = 0

        while index < scalars.count {
            if asAnswer, let itemStart = listMarkerEnd(scalars, at: index) {
                append(scalars, start, index, to: &sentences)
                start = itemStart
                index = itemStart
            } else if asAnswer, scalars[index] == "\n", startsNewLine(scalars, after: index + 1),
                !lineContinues(scalars, before: index)
            {
                append(scalars, start, index, to: &sentences)
                start = index + 1
                index += 1
            } else if let end = sentenceEnd(scalars, at: index),
                !(asAnswer && scalars[index] == "." && continuesInLowerCase(scalars, after: end))
            {
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
        case "\u{2026}":
            // An ellipsis can trail off inside a sentence ("It rose… then fell.") or end one, so the next word's
            // case decides.
            guard followedByBreak(scalars, index + 1), !continuesInLowerCase(scalars, after: index + 1) else {
                return nil
            }
            return skipClosers(scalars, from: index + 1)
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

    /// Returns the offset just past a list marker at `index`, or nil when no marker opens a line there.
    ///
    /// A marker is the first thing on its line after spaces or tabs, and either a space or tab and the item's text
    /// follow it, or nothing else is on the line, an empty item ("- "). It is a bullet ("-", "*", "•"), 1 or 2 digits
    /// or one letter before "." or ")" ("1.", "12)", "a.", "b)"), or 1 or 2 digits or one letter in parentheses
    /// ("(1)", "(a)"). Three or four digits are a figure or a year, as in "330. That is the height." or "1889. It
    /// opened.", and an upper-case letter before a full stop is an initial, as in "J. Smith built it.", so neither
    /// is a marker.
    private static func listMarkerEnd(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        guard let end = markerEnd(scalars, from: index), opensLine(scalars, at: index) else { return nil }
        var next = end
        while next < scalars.count, isBlank(scalars[next]) { next += 1 }
        let endsLine = next >= scalars.count || scalars[next] == "\n" || scalars[next] == "\r"
        // A number or letter alone on the only line is an answer ("42."), not an empty list item.
        let isBullet = end == index + 1 && bullets.contains(scalars[index])
        let emptyItem = endsLine && (isBullet || scalars.contains("\n"))
        return emptyItem || (!endsLine && next > end) ? end : nil
    }

    /// Checks whether the line starting at `index`, after spaces or tabs, opens with a capital letter or a "[".
    private static func startsNewLine(_ scalars: [Unicode.Scalar], after index: Int) -> Bool {
        var next = index
        while next < scalars.count, isBlank(scalars[next]) || scalars[next] == "\r" { next += 1 }
        guard next < scalars.count else { return false }
        return scalars[next].properties.isUppercase || scalars[next] == "["
    }

    /// Most words on a line that ends a sentence at its line break: a label or a sources line, not a hard-wrapped
    /// line of prose.
    static let maxLabelLineWords = 4

    /// Checks whether the next line carries on the sentence of the line ending at the line break `index`. It does
    /// after a comma, a hyphen or a stop word, and after a line of more than `maxLabelLineWords` words unless that
    /// line ends in a bracket or a colon: hard-wrapped text had been split inside "The common equity / Tier 1" and
    /// "non- / GAAP".
    private static func lineContinues(_ scalars: [Unicode.Scalar], before index: Int) -> Bool {
        var end = index
        while end > 0, isBlank(scalars[end - 1]) || scalars[end - 1] == "\r" { end -= 1 }
        guard end > 0 else { return false }
        if [",", "-"].contains(scalars[end - 1]) { return true }
        var start = end
        while start > 0, scalars[start - 1].properties.isAlphabetic { start -= 1 }
        let word = String(String.UnicodeScalarView(scalars[start..<end]))
        if !word.isEmpty && Lexicon.stopWords.contains(word.lowercased()) { return true }
        var lineStart = end
        while lineStart > 0, scalars[lineStart - 1] != "\n" { lineStart -= 1 }
        let line = String(String.UnicodeScalarView(scalars[lineStart..<end]))
        let wordCount = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).count
        return wordCount > maxLabelLineWords && ![")", "]", ":"].contains(scalars[end - 1])
    }

    /// Checks whether only spaces or tabs stand between the start of the line and `index`.
    private static func opensLine(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var previous = index - 1
        while previous >= 0, isBlank(scalars[previous]) { previous -= 1 }
        return previous < 0 || scalars[previous] == "\n"
    }

    /// Returns the offset just past the marker that starts at `start`, before the space that must follow it.
    private static func markerEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        if bullets.contains(scalars[start]) {
            return start + 1
        }
        let enclosed = scalars[start] == "("
        let labelStart = enclosed ? start + 1 : start
        guard labelStart < scalars.count else { return nil }
        var labelEnd = labelStart
        while labelEnd < scalars.count, labelEnd - labelStart < 3, isASCIIDigit(scalars[labelEnd]) { labelEnd += 1 }
        let digits = labelEnd - labelStart
        guard digits <= 2 else { return nil }
        if digits == 0 {
            guard isASCIILetter(scalars[labelStart]) else { return nil }
            labelEnd += 1
        }
        guard labelEnd < scalars.count else { return nil }
        let delimiter = scalars[labelEnd]
        if enclosed {
            return delimiter == ")" ? labelEnd + 1 : nil
        }
        // NOTE: as an initial is no marker, a list lettered "A.", "B." keeps its letters in its spans, and "B" is
        // judged as a word of the claim.
        let isInitial = digits == 0 && delimiter == "." && ("A"..."Z").contains(scalars[labelStart])
        return (delimiter == "." || delimiter == ")") && !isInitial ? labelEnd + 1 : nil
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t"
    }

    private static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func skipClosers(_ scalars: [Unicode.Scalar], from index: Int) -> Int {
        var end = index
        while end < scalars.count,
            isCloser(scalars[end]) || isZeroWidth(scalars[end]) || scalars[end] == "\u{300D}"
                || scalars[end] == "\u{300F}"
        {
            end += 1
        }
        return end
    }

    /// Checks whether white space or the end of the text follows `index`, past closers and zero-width characters,
    /// which a full stop may carry before its space without hiding the break.
    private static func followedByBreak(_ scalars: [Unicode.Scalar], _ index: Int) -> Bool {
        var next = index
        while next < scalars.count, isCloser(scalars[next]) || isZeroWidth(scalars[next]) {
            next += 1
        }
        return next >= scalars.count || isWhitespace(scalars[next])
    }

    private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        (0x200B...0x200D).contains(scalar.value) || scalar.value == 0x2060 || scalar.value == 0xFEFF
    }

    /// Checks whether the first letter after `index`, past white space, is in lower case: the text goes on with the
    /// same sentence.
    private static func continuesInLowerCase(_ scalars: [Unicode.Scalar], after index: Int) -> Bool {
        guard let next = scalars[index...].first(where: { !isWhitespace($0) }) else { return false }
        return ScalarProperties.of(next).contains(.lowercase)
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
    ///
    /// A lower-case letter before a number abbreviates a word, as in "p. 4", "(b. 1960)" or "c. 1900".
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
            return startsWithDigit(scalars, after: period + 1)
        }
        if lowered.count == 1, let first = lowered.unicodeScalars.first,
            ScalarProperties.of(first).contains(.alphabetic)
        {
            let isInitial = word.unicodeScalars.first.map { ScalarProperties.of($0).contains(.uppercase) } ?? false
            return isInitial || startsWithDigit(scalars, after: period + 1)
        }
        return abbreviations.contains(String(lowered))
    }

    /// Checks whether the first scalar after `index`, past white space, is a decimal digit.
    private static func startsWithDigit(_ scalars: [Unicode.Scalar], after index: Int) -> Bool {
        guard index <= scalars.count, let next = scalars[index...].first(where: { !isWhitespace($0) }) else {
            return false
        }
        return ScalarProperties.of(next).contains(.decimalDigit)
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
