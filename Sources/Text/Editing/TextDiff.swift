/// Word-level differences between an answer and a rewrite of it, located in the answer.
public enum TextDiff {
    /// Returns the rewrite as edits of the original, which applied in order rebuild the rewrite exactly.
    ///
    /// Tokens are compared as written, punctuation included, by a longest common subsequence. Between two
    /// consecutive common tokens, the text that differs becomes one edit, trimmed of the white space both sides
    /// share at its ends. Letters both sides share stay in the edit, so it replaces whole words: "Mumbai" to
    /// "Delhi", not "Mumba" to "Delh". Offsets are Unicode scalar offsets into
    /// `original`; an insertion has `start == end`.
    ///
    /// - Parameters:
    ///   - original: The answer before the rewrite.
    ///   - revised: The rewrite.
    public static func edits(from original: String, to revised: String) -> EditedAnswer {
        let before = Tokenizer.tokenize(original)
        let after = Tokenizer.tokenize(revised)
        let originalScalars = Array(original.unicodeScalars)
        let revisedScalars = Array(revised.unicodeScalars)
        // Anchors are the common tokens' ranges, with the texts' ends as sentinels on both sides.
        let common = commonSubsequence(before.map(\.text), after.map(\.text))
        var anchors = [(0..<0, 0..<0)]
        anchors += common.map { (before[$0].start..<before[$0].end, after[$1].start..<after[$1].end) }
        anchors.append((originalScalars.count..<originalScalars.count, revisedScalars.count..<revisedScalars.count))

        var edits: [EditedAnswer.Edit] = []
        for (previous, next) in zip(anchors, anchors.dropFirst()) {
            var gap = (
                original: previous.0.upperBound..<next.0.lowerBound, revised: previous.1.upperBound..<next.1.lowerBound
            )
            while !gap.original.isEmpty, !gap.revised.isEmpty,
                originalScalars[gap.original.lowerBound] == revisedScalars[gap.revised.lowerBound],
                originalScalars[gap.original.lowerBound].properties.isWhitespace
            {
                gap = (gap.original.dropFirst(), gap.revised.dropFirst())
            }
            while !gap.original.isEmpty, !gap.revised.isEmpty,
                originalScalars[gap.original.upperBound - 1] == revisedScalars[gap.revised.upperBound - 1],
                originalScalars[gap.original.upperBound - 1].properties.isWhitespace
            {
                gap = (gap.original.dropLast(), gap.revised.dropLast())
            }
            guard !gap.original.isEmpty || !gap.revised.isEmpty else { continue }
            edits.append(
                EditedAnswer.Edit(
                    start: gap.original.lowerBound, end: gap.original.upperBound,
                    before: slice(originalScalars, gap.original), after: slice(revisedScalars, gap.revised)))
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

    private static func slice(_ scalars: [Unicode.Scalar], _ range: Range<Int>) -> String {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[range])
        return String(text)
    }
}
