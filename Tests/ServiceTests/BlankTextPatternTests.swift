import Foundation
import Testing
import Text

/// The `NonBlankText` pattern of openapi.yaml and `String.isBlank` must agree on every character, so that a text
/// the schema accepts is never rejected as empty and the reverse.
@Suite struct BlankTextPatternTests {
    @Test func patternAgreesWithIsBlank() throws {
        let document = try String(
            contentsOf: try repositoryRoot().appendingPathComponent("openapi.yaml"), encoding: .utf8)
        let section = try #require(document.range(of: "    NonBlankText:"))
        let line = try #require(
            document[section.upperBound...].split(separator: "\n").first { $0.contains("pattern:") })
        let quoted = try #require(line.split(separator: "'", omittingEmptySubsequences: false).dropFirst().first)
        let pattern = try NSRegularExpression(pattern: String(quoted))

        var disagreements: [String] = []
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            let matches = pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            if matches == text.isBlank { disagreements.append(String(format: "U+%04X", value)) }
        }

        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
    }
}
