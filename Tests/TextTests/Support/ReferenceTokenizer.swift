import Foundation

@testable import Text

/// The tokenizer, normalization and refusal check as they were before their fast paths, kept as the reference
/// that the equivalence tests compare the library against. They read every property from
/// `Unicode.Scalar.Properties` and run every string operation through Foundation.
enum ReferenceTokenizer {
    static func normalize(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .replacingOccurrences(of: "\u{2019}", with: "'")
    }

    static func tokenize(_ text: String) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control {
                index += 1
            } else if Tokenizer.isIdeograph(scalar) {
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

    static func isRefusal(_ answer: String) -> Bool {
        let words = tokenize(answer).filter { $0.kind != .punctuation }.map(\.normalized)
        guard words.count <= 60 else { return false }
        let text = " " + words.joined(separator: " ") + " "
        func has(_ phrase: String) -> Bool { text.contains(" " + phrase + " ") }

        if RefusalDetector.firstPerson.contains(where: has) || RefusalDetector.impersonal.contains(where: has) {
            return true
        }
        return RefusalDetector.absence.contains(where: has) && RefusalDetector.sources.contains(where: has)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.numericType == .decimal
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic && !Tokenizer.isIdeograph(scalar)
    }

    private static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "'" || scalar == "\u{2019}" || scalar == "-"
    }

    private static func scanWord(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var end = start + 1
        while end < scalars.count {
            let scalar = scalars[end]
            if isLetter(scalar) || isDigit(scalar) || scalar.properties.generalCategory == .nonspacingMark {
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
