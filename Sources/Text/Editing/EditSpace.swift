/// The edits that refinement may choose among for one answer: for each editable span, keep it, delete it, or
/// replace it with words taken from the context sentence it is aligned to.
///
/// Spans are the runs of answer tokens that the alignment to the best context sentence leaves unmatched and
/// that hold a content word, plus, for a sentence that shares no content word with the contexts, the whole
/// sentence. A run's replacement is the run of context tokens between the same matched neighbours, which is
/// what an entity swap or an antonym swap changed. Option 0 of every span is keep and option 1 is delete
/// when deleting is allowed; replacements follow.
public struct EditSpace: Sendable {
    /// What one option of a span does to the answer.
    public enum Option: Sendable, Equatable {
        case keep
        case delete
        case replace(String)
    }

    /// One editable stretch of the answer and its options.
    public struct Span: Sendable {
        /// Scalar offsets into the answer, end exclusive.
        public var start: Int
        public var end: Int
        /// Indices into the analysis's tokens.
        public var tokens: Range<Int>
        public var text: String
        public var options: [Option]
        /// Index into the analysis's sentences.
        public var sentence: Int
    }

    // NOTE: replacements come only from the one context sentence each answer sentence is aligned to, and only
    // between matched neighbours. On SummEdits ectsum that bounds repair: 39.0 % of the unsupported summaries
    // have any choice here that moves them closer to their reference, and the shipped energy model moves 17.4 %.
    /// Longest context run offered as a replacement, in tokens.
    public static let maximumReplacementTokens = 6
    /// Most spans per answer; later runs stay as they are, which bounds the cost of a request.
    public static let maximumSpans = 32

    public let answer: String
    public let spans: [Span]

    /// Finds the editable spans of an analysed answer.
    ///
    /// With a question, a span is deletable only while the rest of the answer keeps a content word the question
    /// does not hold: "The head office is in." answers nothing, however well supported its words are.
    public init(answer: String, analysis: AnswerAnalysis, contexts: ContextIndex, question: String? = nil) {
        self.answer = answer
        let scalars = Array(answer.unicodeScalars)
        let questionStems = Set(Tokenizer.tokenize(question ?? "").map(ContextIndex.stem(of:)))
        // Answer tokens that carry something the question does not; deleting all of them leaves no answer.
        let answering = Set(
            analysis.tokens.indices.filter { index in
                FeatureExtractor.isContent(analysis.tokens[index])
                    && !questionStems.contains(ContextIndex.stem(of: analysis.tokens[index]))
            })
        func keepsAnswer(_ tokens: ClosedRange<Int>) -> Bool {
            question == nil || !answering.subtracting(tokens).isEmpty
        }
        var spans: [Span] = []
        // A sentence with no evidence may go, as long as the answer has another sentence with evidence to keep.
        let canDeleteSentence = analysis.sentences.count > 1 && analysis.evidence.contains { $0 != nil }
        for (sentence, members) in analysis.tokensOfSentence.enumerated() where !members.isEmpty {
            guard spans.count < EditSpace.maximumSpans else { break }
            let evidenceSentence =
                analysis.evidence.indices.contains(sentence)
                ? analysis.evidence[sentence].flatMap { EditSpace.sentenceIndex(of: $0, in: contexts) } : nil
            guard let evidenceSentence else {
                // The span runs from the first word to the sentence's last token, its full stop included.
                guard canDeleteSentence, let first = members.first(where: { analysis.tokens[$0].kind != .punctuation }),
                    let last = members.last, keepsAnswer(first...last)
                else { continue }
                spans.append(
                    EditSpace.span(first...last, analysis, scalars, sentence: sentence, options: [.keep, .delete]))
                continue
            }
            let runs = EditSpace.unmatchedRuns(members, analysis, contexts.sentences[evidenceSentence])
            for run in runs.prefix(EditSpace.maximumSpans - spans.count) {
                var options: [Option] = [.keep]
                // Words the context has no counterpart for between the same neighbours were inserted, and deleting
                // them repairs the sentence. Where the context has other words there, the run replaced them, and
                // deleting it leaves a gap ("The head office is in."): only the replacement is offered.
                let inserted = run.gap.isEmpty || run.gap.count > EditSpace.maximumReplacementTokens
                if inserted, run.tokens.count < members.count, keepsAnswer(run.tokens) { options.append(.delete) }
                if let replacement = run.replacement(in: contexts), replacement != run.text(of: analysis, scalars) {
                    options.append(.replace(replacement))
                }
                guard options.count > 1 else { continue }
                spans.append(EditSpace.span(run.tokens, analysis, scalars, sentence: sentence, options: options))
            }
        }
        self.spans = spans
    }

    /// Option 0 (keep) for every span: the answer as written.
    public var keepAll: [Int] { Array(repeating: 0, count: spans.count) }

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
                after = ""
            case .replace(let replacement):
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

    private struct Run {
        var tokens: ClosedRange<Int>
        var sentence: ContextIndex.Sentence
        /// Context tokens between the run's matched neighbours.
        var gap: Range<Int>

        func replacement(in contexts: ContextIndex) -> String? {
            guard !gap.isEmpty, gap.count <= EditSpace.maximumReplacementTokens else { return nil }
            let context = Array(contexts.contexts[sentence.context].unicodeScalars)
            let start = sentence.tokens[gap.lowerBound].start
            let end = sentence.tokens[gap.upperBound - 1].end
            guard start < end, end <= context.count else { return nil }
            return String(String.UnicodeScalarView(context[start..<end]))
        }

        func text(of analysis: AnswerAnalysis, _ scalars: [Unicode.Scalar]) -> String {
            let start = analysis.tokens[tokens.lowerBound].start
            let end = analysis.tokens[tokens.upperBound].end
            return String(String.UnicodeScalarView(scalars[start..<end]))
        }
    }

    /// Returns the maximal runs of unmatched answer tokens that hold a content word, trimmed of punctuation.
    private static func unmatchedRuns(
        _ members: [Int], _ analysis: AnswerAnalysis, _ sentence: ContextIndex.Sentence
    ) -> [Run] {
        let stems = members.map { ContextIndex.stem(of: analysis.tokens[$0]) }
        let matches = SequenceAlignment.match(stems, sentence.stems)
        var runs: [Run] = []
        var position = 0
        while position < members.count {
            guard matches[position] == nil else {
                position += 1
                continue
            }
            var last = position
            while last + 1 < members.count, matches[last + 1] == nil { last += 1 }
            var first = position
            while first <= last, analysis.tokens[members[first]].kind == .punctuation { first += 1 }
            var end = last
            while end >= first, analysis.tokens[members[end]].kind == .punctuation { end -= 1 }
            let hasContent =
                first <= end && (first...end).contains { FeatureExtractor.isContent(analysis.tokens[members[$0]]) }
            if hasContent {
                let previous = matches[..<position].compactMap { $0 }.last ?? -1
                let next = matches[(last + 1)...].compactMap { $0 }.first ?? sentence.tokens.count
                runs.append(
                    Run(
                        tokens: members[first]...members[end], sentence: sentence,
                        gap: (previous + 1)..<max(previous + 1, next)))
            }
            position = last + 1
        }
        return runs
    }

    private static func span(
        _ tokens: ClosedRange<Int>, _ analysis: AnswerAnalysis, _ scalars: [Unicode.Scalar], sentence: Int,
        options: [Option]
    ) -> Span {
        let start = analysis.tokens[tokens.lowerBound].start
        let end = analysis.tokens[tokens.upperBound].end
        return Span(
            start: start, end: end, tokens: tokens.lowerBound..<(tokens.upperBound + 1),
            text: String(String.UnicodeScalarView(scalars[start..<end])), options: options, sentence: sentence)
    }

    private static func sentenceIndex(of evidence: Evidence, in contexts: ContextIndex) -> Int? {
        contexts.sentences.firstIndex { $0.context == evidence.context && $0.start == evidence.start }
    }
}

/// An answer after edits, with each edit located in the original answer.
public struct EditedAnswer: Sendable, Equatable {
    public struct Edit: Sendable, Equatable {
        /// Scalar offsets into the original answer, end exclusive.
        public var start: Int
        public var end: Int
        public var before: String
        public var after: String
    }

    public var text: String
    public var edits: [Edit]
}
