extension String {
    /// True when the text has no visible character: only white space and the invisible characters below.
    public var isBlank: Bool {
        unicodeScalars.allSatisfy { $0.properties.isWhitespace || String.invisible.contains($0.value) }
    }

    /// Invisible characters that count as blank: the soft hyphen, zero-width spaces and joiners, direction marks
    /// and isolates, the word joiner and the byte order mark. The `NonBlankText` pattern in openapi.yaml lists the
    /// same ranges, so a schema-valid text is never rejected as empty.
    static let invisible: [ClosedRange<UInt32>] = [
        0x00AD...0x00AD, 0x180E...0x180E, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x206F,
        0xFEFF...0xFEFF,
    ]
}

extension [ClosedRange<UInt32>] {
    fileprivate func contains(_ value: UInt32) -> Bool { contains { $0.contains(value) } }
}
