/// Word-level differences between an answer and a rewrite of it, located in the answer.
public enum TextDiff {
    /// Returns the rewrite as edits of the original: each run of changed tokens becomes one edit.
    ///
    /// Tokens are compared as written, punctuation included, by a longest common subsequence, so an edit covers
    /// only what changed. Offsets are Unicode scalar offsets into `original`; an insertion has `start == end`.
    ///
    /// - Parameters:
    ///   - original: The answer before the rewrite.
    ///   - revised: The rewrite.
    public static func edits(from original: String, to revised: String) -> EditedAnswer {
        let before = Tokenizer.tokenize(original)
        let after = Tokenizer.tokenize(revised)
        let matches = commonSubsequence(before.map(\.text), after.map(\.text))
        let originalScalars = Array(original.unicodeScalars)
        let revisedScalars = Array(revised.unicodeScalars)

        var edits: [EditedAnswer.Edit] = []
        var i = 0
        var j = 0
        for (matchI, matchJ) in matches + [(before.count, after.count)] {
            if i < matchI || j < matchJ {
                let start = i < matchI ? before[i].start : (i < before.count ? before[i].start : originalScalars.count)
                let end = i < matchI ? before[matchI - 1].end : start
                let afterText = j < matchJ ? slice(revisedScalars, after[j].start, after[matchJ - 1].end) : ""
                edits.append(
                    EditedAnswer.Edit(
                        start: start, end: end, before: slice(originalScalars, start, end), after: afterText))
            }
            i = matchI + 1
            j = matchJ + 1
        }
        return EditedAnswer(text: revised, edits: edits)
    }

    /// Index pairs of one longest common subsequence of two token lists, in order.
    static func commonSubsequence(_ a: [String], _ b: [String]) -> [(Int, Int)] {
        guard !a.isEmpty, !b.isEmpty else { return [] }
        // lengths[i][j] is the length of the longest common subsequence of a[i...] and b[j...].
        var lengths = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var pairs: [(Int, Int)] = []
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                pairs.append((i, j))
                i += 1
                j += 1
            } else if lengths[i + 1][j] >= lengths[i][j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return pairs
    }

    private static func slice(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<end])
        return String(text)
    }
}
