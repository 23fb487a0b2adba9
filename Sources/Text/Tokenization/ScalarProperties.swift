/// The Unicode properties of one scalar that the tokenizer and the sentence splitter test.
///
/// Each value comes from `Unicode.Scalar.Properties`. For the scalars below U+0800 (Latin, Greek, Cyrillic,
/// Hebrew, Arabic and their marks) they are read from a table built once from those same properties. The
/// results are identical, and the Unicode database is searched once per scalar value, not once per character.
struct ScalarProperties: OptionSet, Sendable {
    let rawValue: UInt8

    static let whitespace = ScalarProperties(rawValue: 1 << 0)
    /// General category Cc.
    static let control = ScalarProperties(rawValue: 1 << 1)
    /// Numeric type decimal, the digits 0-9 of any script.
    static let decimalDigit = ScalarProperties(rawValue: 1 << 2)
    static let alphabetic = ScalarProperties(rawValue: 1 << 3)
    /// General category Mn.
    static let nonspacingMark = ScalarProperties(rawValue: 1 << 4)
    static let lowercase = ScalarProperties(rawValue: 1 << 5)
    static let uppercase = ScalarProperties(rawValue: 1 << 6)

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Reads the properties of `scalar` from the Unicode database.
    init(computing scalar: Unicode.Scalar) {
        let properties = scalar.properties
        var result: ScalarProperties = []
        if properties.isWhitespace { result.insert(.whitespace) }
        if properties.generalCategory == .control { result.insert(.control) }
        if properties.numericType == .decimal { result.insert(.decimalDigit) }
        if properties.isAlphabetic { result.insert(.alphabetic) }
        if properties.generalCategory == .nonspacingMark { result.insert(.nonspacingMark) }
        if properties.isLowercase { result.insert(.lowercase) }
        if properties.isUppercase { result.insert(.uppercase) }
        self = result
    }

    /// The properties of U+0000 to U+07FF, indexed by scalar value.
    private static let table: [ScalarProperties] = (0..<0x800).map { (value: UInt32) in
        Unicode.Scalar(value).map(ScalarProperties.init(computing:)) ?? []
    }

    /// Returns the properties of `scalar`, from the table when it is below U+0800.
    static func of(_ scalar: Unicode.Scalar) -> ScalarProperties {
        let value = Int(scalar.value)
        return value < table.count ? table[value] : ScalarProperties(computing: scalar)
    }
}
