import Testing

@testable import Text

/// An answer, its rewrite and the edits expected between them as (before, after) pairs.
struct TextDiffCase: CustomTestStringConvertible, Sendable {
    let original: String
    let revised: String
    let edits: [String]

    init(_ original: String, _ revised: String, _ edits: [String]) {
        self.original = original
        self.revised = revised
        self.edits = edits
    }

    var testDescription: String { "\"\(original)\" to \"\(revised)\"" }
}

@Suite struct TextDiffTests {
    static let cases: [TextDiffCase] = [
        TextDiffCase("Revenue fell 5 percent.", "Revenue fell 5 percent.", []),
        TextDiffCase("Revenue fell 5 percent.", "Revenue rose 5 percent.", ["fell>rose"]),
        TextDiffCase("The office is in Mumbai.", "The office is in Delhi.", ["Mumbai>Delhi"]),
        TextDiffCase("Revenue fell 5 percent.", "Revenue fell 7 points.", ["5 percent>7 points"]),
        TextDiffCase("Revenue fell 5 percent.", "Revenue fell.", [" 5 percent>"]),
        TextDiffCase("Revenue fell.", "Revenue fell 5 percent.", ["> 5 percent"]),
        TextDiffCase("Paris is the capital.", "Lyon is the capital of France.", ["Paris>Lyon", "> of France"]),
        TextDiffCase("Sales  rose.", "Sales rose.", [" >"]),
        TextDiffCase("", "Sales rose.", [">Sales rose."]),
        TextDiffCase("Sales rose.", "", ["Sales rose.>"]),
        TextDiffCase("東京は首都です。", "京都は首都です。", ["東>", ">都"]),
    ]

    @Test(arguments: cases)
    func findsTheChangedRuns(_ example: TextDiffCase) {
        let diff = TextDiff.edits(from: example.original, to: example.revised)

        #expect(diff.text == example.revised)
        #expect(diff.edits.map { "\($0.before)>\($0.after)" } == example.edits)
    }

    @Test(arguments: cases)
    func editsRebuildTheRewrite(_ example: TextDiffCase) {
        let scalars = Array(example.original.unicodeScalars)
        var rebuilt = String.UnicodeScalarView()
        var cursor = 0

        for edit in TextDiff.edits(from: example.original, to: example.revised).edits {
            rebuilt.append(contentsOf: scalars[cursor..<edit.start])
            rebuilt.append(contentsOf: edit.after.unicodeScalars)
            cursor = edit.end
        }
        rebuilt.append(contentsOf: scalars[cursor...])

        #expect(String(rebuilt) == example.revised)
    }

    @Test(arguments: cases)
    func locatesEachEditInTheOriginal(_ example: TextDiffCase) {
        let scalars = Array(example.original.unicodeScalars)

        for edit in TextDiff.edits(from: example.original, to: example.revised).edits {
            #expect(0 <= edit.start)
            #expect(edit.start <= edit.end)
            #expect(edit.end <= scalars.count)
            var slice = String.UnicodeScalarView()
            slice.append(contentsOf: scalars[edit.start..<edit.end])
            #expect(String(slice) == edit.before)
        }
    }
}
