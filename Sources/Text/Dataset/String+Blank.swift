extension String {
    /// True when the text has no visible character: only white space and the invisible characters below.
    public var isBlank: Bool {
        unicodeScalars.allSatisfy { $0.properties.isWhitespace || String.invisible.contains($0.value) }
    }

    /// Invisible characters that count as blank. They are control characters, the soft hyphen, combining
    /// diacritical marks (which show nothing without a letter), Hangul fillers and Khmer inherent vowels. Then come
    /// Mongolian variation selectors, zero-width spaces and joiners, direction marks and isolates, the word joiner,
    /// the blank Braille pattern, variation selectors and the byte order mark. The `NonBlankText` pattern in
    /// openapi.yaml lists the same ranges, so a schema-valid text is never rejected as empty.
    // NOTE: tag characters (U+E0000-U+E007F) are invisible too, but a pattern that the contract tests' Python
    // regular expressions and JSON Schema both read cannot name characters past U+FFFF, so they count as visible.
    static let invisible: [ClosedRange<UInt32>] = [
        0x0000...0x001F, 0x007F...0x009F, 0x00AD...0x00AD, 0x0300...0x036F, 0x115F...0x1160, 0x17B4...0x17B5,
        0x180B...0x180F, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x206F, 0x2800...0x2800,
        0x3164...0x3164, 0xFE00...0xFE0F, 0xFEFF...0xFEFF, 0xFFA0...0xFFA0,
    ]
}

extension [ClosedRange<UInt32>] {
    fileprivate func contains(_ value: UInt32) -> Bool { contains { $0.contains(value) } }
}
