import Foundation

/// Splits text into words, numbers, punctuation and single CJK characters.
///
/// Offsets count Unicode scalar values, as Python indexes a string, so callers can cut the original text with
/// them. Words keep inner apostrophes and hyphens ("don't", "state-of-the-art"); numbers keep inner separators
/// and a decimal point ("1,250.5"). Currency signs and `%` are separate punctuation tokens.
public enum Tokenizer {
    /// Returns the tokens of `text` in order.
    public static func tokenize(_ text: String) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var index = 0

        while index < scalars.count {
            let scalar = scalars[index]
            if !ScalarProperties.of(scalar).isDisjoint(with: [.whitespace, .control]) {
                index += 1
            } else if isIdeograph(scalar) {
                tokens.append(makeToken(scalars, index, index + 1, .ideograph))
                index += 1
            } else if isDigit(scalar) {
                let end = scanNumber(scalars, from: index)
                tokens.append(makeToken(scalars, index, end, .number))
                index = end
            } else if isLetter(scalar) {
                let end = scanWord(scalars, from: index)
                tokens.append(makeToken(scalars, index, end, .word))
                index = end
            } else {
                tokens.append(makeToken(scalars, index, index + 1, .punctuation))
                index += 1
            }
        }
        return tokens
    }

    /// Lower-cases `text` and removes diacritics, so "Café" and "cafe" match.
    ///
    /// Right single quotation marks become apostrophes. ASCII text skips Foundation, because folding changes
    /// only its letters A-Z there, and the quotation mark is replaced only when the folded text has one.
    public static func normalize(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
        }
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        guard folded.unicodeScalars.contains("\u{2019}") else { return folded }
        return folded.replacingOccurrences(of: "\u{2019}", with: "'")
    }

    static func isIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F:
            return true
        default:
            return false
        }
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ScalarProperties.of(scalar).contains(.decimalDigit)
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ScalarProperties.of(scalar).contains(.alphabetic) && !isIdeograph(scalar)
    }

    private static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "'" || scalar == "\u{2019}" || scalar == "-"
    }

    private static func scanWord(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var end = start + 1
        while end < scalars.count {
            let scalar = scalars[end]
            if isLetter(scalar) || isDigit(scalar) || ScalarProperties.of(scalar).contains(.nonspacingMark) {
                end += 1
            } else if isJoiner(scalar), end + 1 < scalars.count, isLetter(scalars[end + 1]) {
                end += 2
            } else {
                break
            }
        }
        return end
    }

    private static func scanNumber(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var end = start + 1
        while end < scalars.count {
            let scalar = scalars[end]
            if isDigit(scalar) {
                end += 1
            } else if scalar == "." || scalar == ",", end + 1 < scalars.count, isDigit(scalars[end + 1]) {
                end += 2
            } else if isLetter(scalar) {
                // Ordinals and units glued to a number stay one token: "3rd", "10x", "2020s".
                end += 1
            } else {
                break
            }
        }
        return end
    }

    private static func makeToken(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int, _ kind: Token.Kind) -> Token {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[start..<end])
        return Token(text: text, normalized: normalize(text), kind: kind, start: start, end: end)
    }
}
