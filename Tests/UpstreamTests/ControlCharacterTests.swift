import Testing

@testable import Upstream

/// Terminal escape sequences in an upstream answer leave nothing behind.
@Suite struct ControlCharacterTests {
    @Test(arguments: [
        ("\u{1B}[31mDelhi\u{1B}[0m", "Delhi"),
        ("\u{1B}]8;;https://example.org\u{1B}\\Delhi\u{1B}]8;;\u{1B}\\", "Delhi"),
        ("\u{1B}]0;title\u{07}Delhi", "Delhi"),
        ("\u{9B}31mDelhi\u{9B}0m", "Delhi"),
        ("\u{1B}(BDelhi", "Delhi"),
        ("\u{1B}7Delhi\u{1B}8", "Delhi"),
        ("New\u{0}\tDelhi\r\n", "New\tDelhi\r\n"),
        ("Delhi\u{1B}", "Delhi"),
    ])
    func escapeSequencesAreDropped(_ raw: String, _ expected: String) {
        #expect(ChatCompletionReply.droppingControlCharacters(raw) == expected)
    }
}
