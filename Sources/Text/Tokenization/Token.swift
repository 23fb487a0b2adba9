/// One token of a text, with its position counted in Unicode scalar values.
public struct Token: Sendable, Equatable {
    /// What a token is made of.
    public enum Kind: Sendable, Equatable {
        case word
        case number
        case punctuation
        /// One ideograph or kana character, since CJK text has no spaces between words.
        case ideograph
    }

    /// The token as written.
    public var text: String
    /// Lower-cased text with diacritics removed, used for matching.
    public var normalized: String
    public var kind: Kind
    /// Offset of the first scalar, counted in Unicode scalar values from the start of the text.
    public var start: Int
    /// Offset one past the last scalar.
    public var end: Int

    public init(text: String, normalized: String, kind: Kind, start: Int, end: Int) {
        self.text = text
        self.normalized = normalized
        self.kind = kind
        self.start = start
        self.end = end
    }

    /// True when the first letter is upper case, as in names.
    public var isCapitalized: Bool {
        guard let first = text.unicodeScalars.first else { return false }
        return ScalarProperties.of(first).contains(.uppercase)
    }
}
