import Foundation

extension EditSpace {
    /// Applies one option per span and returns the edited answer with its edits in the original's offsets.
    ///
    /// A choice outside a span's options counts as keep.
    public func apply(_ choices: [Int]) -> EditedAnswer {
        let scalars = Array(answer.unicodeScalars)
        var output = String.UnicodeScalarView()
        var edits: [EditedAnswer.Edit] = []
        var cursor = 0
        for (index, span) in spans.enumerated() {
            let choice = index < choices.count ? choices[index] : 0
            guard span.options.indices.contains(choice), span.options[choice] != .keep else { continue }
            var start = span.start
            var end = span.end
            let after: String
            switch span.options[choice] {
            case .keep:
                continue
            case .delete:
                // Take one space beside the span with it, before it or else after it, so no double space is left.
                if start > cursor, start > 0, scalars[start - 1] == " " {
                    start -= 1
                } else if end < scalars.count, scalars[end] == " " {
                    end += 1
                }
                // A clause between two commas takes both with it: "The tower, which is tall, opened" becomes
                // "The tower opened", not "The tower,, opened".
                if start > cursor, start > 0, scalars[start - 1] == ",", end < scalars.count, scalars[end] == "," {
                    start -= 1
                    end += 1
                }
                // A deletion that ends its sentence takes the comma before it: "up 6%, and it plans to open stores."
                // became "up 6%,.".
                if start > cursor, start > 0, scalars[start - 1] == ",", end < scalars.count,
                    EditSpace.terminators.contains(String(scalars[end]))
                {
                    start -= 1
                }
                // A span that fills its line, but for a list marker or a label's colon, takes the whole line: a
                // deleted list item left "2." behind, and a deleted "Note" left ":".
                if let line = EditSpace.wholeLine(span.start..<span.end, in: scalars), line.lowerBound >= cursor {
                    start = line.lowerBound
                    end = line.upperBound
                }
                after = ""
            case .replace(let replacement):
                // Context words that open with a comma take the space before them: "Eiffel, who", not "Eiffel , who".
                if let first = replacement.unicodeScalars.first, ",;:.".unicodeScalars.contains(first),
                    start > cursor, start > 0, scalars[start - 1] == " "
                {
                    start -= 1
                }
                after = replacement
            }
            output.append(contentsOf: scalars[cursor..<start])
            output.append(contentsOf: after.unicodeScalars)
            let before = String(String.UnicodeScalarView(scalars[start..<end]))
            edits.append(EditedAnswer.Edit(start: start, end: end, before: before, after: after))
            cursor = end
        }
        output.append(contentsOf: scalars[cursor...])
        return EditedAnswer(text: String(output), edits: edits)
    }

    /// Returns the range to delete with `span` when the span fills its line, apart from a leading list marker ("2.",
    /// "-", "(b)") and trailing punctuation. The range takes the line break before the line, or on the first line
    /// the white space after it. Returns nil when the line contains other words.
    static func wholeLine(_ span: Range<Int>, in scalars: [Unicode.Scalar]) -> Range<Int>? {
        let isBreak = { (scalar: Unicode.Scalar) in scalar == "\n" || scalar == "\r" }
        var lineStart = span.lowerBound
        while lineStart > 0, !isBreak(scalars[lineStart - 1]) { lineStart -= 1 }
        var lineEnd = span.upperBound
        while lineEnd < scalars.count, !isBreak(scalars[lineEnd]) { lineEnd += 1 }
        let lead = String(String.UnicodeScalarView(scalars[lineStart..<span.lowerBound]))
            .trimmingCharacters(in: .whitespaces)
        let trail = scalars[span.upperBound..<lineEnd]
        guard lead.isEmpty || isListMarker(lead),
            trail.allSatisfy({ $0.properties.isWhitespace || CharacterSet.punctuationCharacters.contains($0) })
        else { return nil }
        // On a one-line answer the line is the whole answer, so the ordinary deletion applies instead.
        guard lineStart > 0 || lineEnd < scalars.count else { return nil }
        if lineStart > 0 {
            // One line break: "\n", "\r" or "\r\n".
            var breakStart = lineStart - 1
            if scalars[breakStart] == "\n", breakStart > 0, scalars[breakStart - 1] == "\r" { breakStart -= 1 }
            return breakStart..<lineEnd
        }
        var after = lineEnd
        while after < scalars.count, scalars[after].properties.isWhitespace { after += 1 }
        return lineStart..<after
    }

    /// Checks whether `text` is a list marker: a bullet, or a number or letter followed by "." or ")", or in
    /// brackets.
    static func isListMarker(_ text: String) -> Bool {
        if ["-", "*", "\u{2022}"].contains(text) { return true }
        var body = Substring(text)
        if body.hasPrefix("("), body.hasSuffix(")") {
            body = body.dropFirst().dropLast()
        } else if body.hasSuffix(".") || body.hasSuffix(")") {
            body = body.dropLast()
        } else {
            return false
        }
        return !body.isEmpty && body.count <= 3 && body.allSatisfy { $0.isNumber || $0.isLetter }
    }
}
