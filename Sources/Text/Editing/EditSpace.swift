import Foundation

/// The edits that refinement may choose among for one answer: for each editable span, keep it, delete it, or
/// replace it with words taken from the context sentence it is aligned to.
///
/// Spans are the runs of answer tokens that the alignment to the best context sentence leaves unmatched and
/// that hold a content word, plus, for a sentence that shares no content word with the contexts, the whole
/// sentence. A run's replacement is the run of context tokens between the same matched neighbours, which is
/// what an entity swap or an antonym swap changed. In a summary, a span also offers the context runs found
/// between its own neighbours in any context sentence. Option 0 of every span is keep and option 1 is delete
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
        /// For each option, how many answer tokens beside the span the context repeats around the replacement,
        /// up to `anchorWidth` on each side; 0 for keep and delete.
        public var anchors: [Int]
        /// Index into the analysis's sentences.
        public var sentence: Int
    }

    // NOTE: replacements come only from between matched neighbours, and spans only from the one context
    // sentence each answer sentence is aligned to. On SummEdits ectsum that bounds repair: 38.5 % of the
    // unsupported summaries have any choice here that moves them closer to their reference. Realigning long
    // spans to a second sentence and antonym swaps raised that to 62 %, but the energy model then changed 21 %
    // of the supported summaries (docs/benchmarks.md).
    /// Words that answer a yes-or-no question.
    static let polarityWords: Set<String> = ["yes", "no", "yeah", "yep", "nope", "nah"]
    /// Words that may open an answer before its "yes" or "no".
    static let discourseMarkers: Set<String> = ["well", "so", "actually", "indeed", "oh", "um", "hmm", "sure"]

    /// Longest context run offered as a replacement, in tokens.
    public static let maximumReplacementTokens = 6
    /// Most spans per answer; later runs stay as they are, which bounds the cost of a request.
    public static let maximumSpans = 32
    /// Answer tokens on each side of a span compared with the context around a replacement.
    public static let anchorWidth = 2
    /// Replacements found between the span's neighbours elsewhere in the contexts, beyond the aligned sentence's.
    public static let maximumAnchoredReplacements = 2

    public let answer: String
    public let spans: [Span]
    /// False for an answer the verifier abstains on: a refusal, or one with no claim ("...").
    public let makesClaim: Bool
    /// True when every claim of the answer shares no content word with the contexts ("xyz"), which the verifier
    /// scores 0.
    public let isUngrounded: Bool
    /// Indices into the analysis's sentences of the claims: every sentence but refusals and courtesy ("Hello.",
    /// "Sources: [1]"); none when the answer makes no claim.
    public let claimSentences: Set<Int>

    /// Finds the editable spans of an analysed answer.
    ///
    /// Only claims are edited: refusal and courtesy sentences stay as written, and an answer the verifier would
    /// abstain on gets no span. Editing "The documents do not say who paid for the bridge." had made "The
    /// Halvorsen bridge.", which answers nothing.
    ///
    /// With a question, a span is deletable only while the rest of the answer keeps a content word the question
    /// does not hold: "The head office is in." answers nothing, however well supported its words are. Nor when it
    /// takes the answer's last number or name, or leaves a stop word where the sentence ends: "60 days" had become
    /// "days" and "University of Oxford" "University of", fragments the verifier scores as supported.
    public init(answer: String, analysis: AnswerAnalysis, contexts: ContextIndex, question: String? = nil) {
        self.answer = answer
        let scalars = Array(answer.unicodeScalars)
        let questionStems = Set(Tokenizer.tokenize(question ?? "").map(ContextIndex.stem(of:)))
        let isSummary = questionStems.isEmpty
        let reading = RefusalDetector.read(
            sentences: analysis.tokensOfSentence.map { $0.map { analysis.tokens[$0] } }, refusals: analysis.refusals,
            tokens: analysis.tokens, hasQuestion: question.isPresentQuestion, ungrounded: analysis.ungrounded)
        let claims = reading.abstains ? [] : Set(reading.claims)
        claimSentences = claims
        makesClaim = !reading.abstains
        isUngrounded = !claims.isEmpty && claims.isSubset(of: analysis.ungrounded)
        // Answer tokens that carry something the question does not; deleting all of them leaves no answer.
        let answering = Set(
            analysis.tokens.indices.filter { index in
                FeatureExtractor.isContent(analysis.tokens[index])
                    && !questionStems.contains(ContextIndex.stem(of: analysis.tokens[index]))
            })
        func keepsAnswer(_ tokens: ClosedRange<Int>) -> Bool {
            question == nil || !answering.subtracting(tokens).isEmpty
        }
        // Numbers and names the question does not contain: the facts an answer to it gives.
        let facts = answering.filter { EditSpace.isFact(analysis.tokens[$0]) }
        // True when `tokens` contain every fact of the answer, so removing them leaves it none.
        func takesLastFact(_ tokens: ClosedRange<Int>) -> Bool {
            !facts.isDisjoint(with: tokens) && facts.subtracting(tokens).isEmpty
        }
        // An answer to a question may lose a fact only while it keeps another ("in Delhi, near Mumbai"), and no
        // deletion may leave a stop word where the sentence ends ("born in.").
        func deletionLeavesAnswer(_ tokens: ClosedRange<Int>, in members: [Int]) -> Bool {
            guard !isSummary else { return true }
            let losesOnlyFact = takesLastFact(tokens)
            let before = tokens.lowerBound - 1
            let after = tokens.upperBound + 1
            let endsSentence = !members.contains(after) || analysis.tokens[after].kind == .punctuation
            let dangles =
                members.contains(before) && endsSentence
                && Lexicon.stopWords.contains(analysis.tokens[before].normalized)
            // The words the answer shares with the question tie it to what was asked: deleting "who was born in
            // Bucharest" from an answer to "Where was she born?" left a true sentence that answers nothing.
            let takesQuestionWord = tokens.contains { index in
                FeatureExtractor.isContent(analysis.tokens[index])
                    && questionStems.contains(ContextIndex.stem(of: analysis.tokens[index]))
            }
            return !losesOnlyFact && !dangles && !takesQuestionWord
        }
        // A deletion must leave a sentence, in summaries too. It keeps a sentence's opening words, words written
        // together ("COVID-19"), whole names, a determiner's noun and a noun's article, and takes an auxiliary verb only
        // with its whole clause: "The company is raising its dividend" had become "The dividend".
        func deletionKeepsGrammar(_ tokens: ClosedRange<Int>, in members: [Int]) -> Bool {
            let words = tokens.map { analysis.tokens[$0] }
            guard members.contains(tokens.lowerBound - 1), let first = words.first, let last = words.last else {
                return false
            }
            let before = analysis.tokens[tokens.lowerBound - 1]
            let after = members.contains(tokens.upperBound + 1) ? analysis.tokens[tokens.upperBound + 1] : nil

            let gluedBefore = before.end == first.start && !EditSpace.openers.contains(before.text)
            let gluedAfter = after.map { last.end == $0.start && $0.kind != .punctuation } ?? false
            guard !gluedBefore, !gluedAfter else { return false }

            let isClause =
                EditSpace.clauseOpeners.contains(first.normalized) && (after == nil || after?.kind == .punctuation)
            if !isClause, words.contains(where: { RefusalDetector.finiteVerbs.contains($0.normalized) }) {
                return false
            }
            // In an answer to a question, the words inside a clause carry the answer: deleting them left fragments
            // such as "Jack Sock tennis professionally". Only a clause or a phrase set off by a comma may go.
            let setOff = before.text == "," && (after == nil || after?.kind == .punctuation)
            if !isSummary, !isClause, !setOff { return false }

            func isNamePart(_ token: Token?) -> Bool {
                guard let token else { return false }
                return token.kind == .word && token.isCapitalized && !Lexicon.stopWords.contains(token.normalized)
            }
            if isNamePart(before) && isNamePart(first) || isNamePart(last) && isNamePart(after) {
                return false
            }

            let afterIsContent = after.map(FeatureExtractor.isContent) ?? false
            if EditSpace.determiners.contains(before.normalized), !afterIsContent { return false }
            if EditSpace.articles.contains(first.normalized), afterIsContent { return false }
            return true
        }
        // A replacement keeps a number where the run had one: "in 1950" to "in Paris" swaps the kind of fact. With a
        // question it also may not take the answer's last number or name without bringing one: "Sheb Wooley played
        // the lead role." had become "He played the role.".
        // NOTE: a replacement may still put stop words for a verb ("She won the Nobel Prize" became "She was the
        // Nobel Prize"). Requiring a content word in every replacement took HaluEval closer from 0.596 to 0.566 and
        // farther from 0.020 to 0.040, since it also forbade "the largest village" to "a village".
        // Each sentence's numbers with their token index, read once for every replacement the sentence is offered.
        let numbersOfSentence = analysis.tokensOfSentence.map { members in
            members.compactMap { index -> (token: Int, value: Double)? in
                guard analysis.tokens[index].kind == .number,
                    let value = Lexicon.numericValue(analysis.tokens[index].text)
                else { return nil }
                return (index, value)
            }
        }
        func replacementFits(_ replacement: String, for tokens: ClosedRange<Int>) -> Bool {
            let replacing = Tokenizer.tokenize(replacement)
            guard replacing.contains(where: { $0.kind != .punctuation }) else { return false }
            // Nor words of another script than the run's: a Chinese answer had English context words spliced in.
            let runScripts = Set(tokens.compactMap { EditSpace.script(of: analysis.tokens[$0]) })
            let replacementScripts = Set(replacing.compactMap(EditSpace.script(of:)))
            guard runScripts.isEmpty || replacementScripts.isEmpty || !runScripts.isDisjoint(with: replacementScripts)
            else { return false }
            let runHasNumber = tokens.contains { analysis.tokens[$0].kind == .number }
            let bringsNumber = replacing.contains { $0.kind == .number }
            guard !runHasNumber || bringsNumber else { return false }
            // In a summary a run without a number keeps none, as the runs found between the span's neighbours
            // elsewhere do: "compared to the same period" had become "compared to $0.29" in right summaries.
            guard !isSummary || runHasNumber || !bringsNumber else { return false }
            // Nor may it take the run's finite verb without bringing one ("were both screenwriters" had become
            // "screenwriters"), or bring one the run lacked ("cost between $3 million" had become "is 1,150 meters
            // long"). Nor bring a number the sentence already states elsewhere: "$1.20 to $1.30" became "$1.30 to
            // $1.30".
            let runHasVerb = tokens.contains { RefusalDetector.finiteVerbs.contains(analysis.tokens[$0].normalized) }
            let bringsVerb = replacing.contains { RefusalDetector.finiteVerbs.contains($0.normalized) }
            guard runHasVerb == bringsVerb else { return false }
            let elsewhere = Set(
                numbersOfSentence[analysis.sentenceOfToken[tokens.lowerBound]].filter { !tokens.contains($0.token) }
                    .map(\.value))
            guard
                !replacing.contains(where: { token in
                    token.kind == .number && Lexicon.numericValue(token.text).map(elsewhere.contains) == true
                })
            else { return false }
            // Nor bring only a name whose words the sentence already has: "Roberto Bolaño is Japanese" had become
            // "Mishima Yukio is Japanese" beside "Yukio Mishima is Chilean", and "Yes, Nasdaq, Inc. and Citrix
            // Systems" had become "Citrix Systems, Inc. and Citrix Systems".
            let names = replacing.filter {
                $0.kind == .word && $0.isCapitalized && !Lexicon.stopWords.contains($0.normalized)
            }
            if !names.isEmpty {
                // Read only for replacements that bring a name, which most do not.
                let sentenceWords = Set(
                    analysis.tokensOfSentence[analysis.sentenceOfToken[tokens.lowerBound]]
                        .filter { !tokens.contains($0) }.map { analysis.tokens[$0].normalized })
                if names.allSatisfy({ sentenceWords.contains($0.normalized) }) { return false }
            }
            // Nor bring more numbers than the run holds: "485" had been offered "435 million to $455".
            // NOTE: a replacement may still turn a range around ("$475 million to $485 million" to "... to $455
            // million") where the summary's other end is wrong as well. Keeping the order against the end as written
            // took ectsum closer from 0.211 to 0.202, since it blocked the first of two right repairs.
            let written = tokens.filter { analysis.tokens[$0].kind == .number }
            guard replacing.filter({ $0.kind == .number }).count <= max(written.count, 1) else { return false }
            guard !isSummary, takesLastFact(tokens) else { return true }
            return replacing.contains(where: EditSpace.isFact)
        }
        var spans: [Span] = []
        // A summary's sentence with no evidence may go, as long as another sentence with evidence stays. An answer to a
        // question keeps its sentences: "Oberoi Group\nMumbai" had become "Oberoi Group", labelled supported.
        let canDeleteSentence = isSummary && analysis.sentences.count > 1 && analysis.evidence.contains { $0 != nil }
        // An answer that opens with "yes" or "no" is judged by that word, which no edit of its claim can mend: "Yes,
        // Nadia Comaneci is American." had become "Yes, Nadia Comaneci is a Romanian gymnast.", labelled supported,
        // and "Yes, Paris is the capital" had become "Lyon is the capital". The upstream revises such answers.
        // Words such as "well" may come first ("Well, yes, both..."), and lead-ins are markup and left out already.
        // The yes or no comes alone, before punctuation or the end: "No doubt, ..." is a claim.
        let words = analysis.tokens.indices.filter { analysis.tokens[$0].kind != .punctuation }.prefix(2)
        func isPolarity(_ index: Int) -> Bool {
            EditSpace.polarityWords.contains(analysis.tokens[index].normalized)
                && (index + 1 == analysis.tokens.count || analysis.tokens[index + 1].kind == .punctuation)
        }
        let answersYesOrNo =
            !isSummary
            && (words.first.map(isPolarity) == true
                || (words.first.map { EditSpace.discourseMarkers.contains(analysis.tokens[$0].normalized) } == true
                    && words.dropFirst().first.map(isPolarity) == true))
        for (sentence, members) in analysis.tokensOfSentence.enumerated()
        where claims.contains(sentence) && !answersYesOrNo {
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
                // A unit mark the alignment matched stays when its number goes ("income was $."), so such a run is
                // not deletable either.
                let inserted = run.gap.isEmpty || run.gap.count > EditSpace.maximumReplacementTokens
                if inserted, !run.touchesMatchedMark, run.tokens.count < members.count, keepsAnswer(run.tokens),
                    deletionLeavesAnswer(run.tokens, in: members), deletionKeepsGrammar(run.tokens, in: members)
                {
                    options.append(.delete)
                }
                let written = run.text(of: analysis, scalars)
                var anchors = Array(repeating: 0, count: options.count)
                // A summary draws on several context sentences, so the words it changed may be in another sentence
                // than the one it is aligned to. An answer to a question is one short claim, so there the other
                // sentences would only add wrong choices.
                let anchored =
                    isSummary ? EditSpace.anchoredReplacements(run.tokens, members, analysis, contexts) : []
                // NOTE: a run anchored only by stop words can take words the context has there by chance: "The head
                // office is in Mumbai, a city in India." became "The Oberoi Group is in Mumbai, a city in Delhi.".
                // Requiring a content word among the run's nearest matched neighbours lost more right repairs than
                // it stopped (docs/benchmarks.md).
                if let replacement = run.replacement(in: contexts), replacement != written,
                    replacementFits(replacement, for: run.tokens)
                {
                    options.append(.replace(replacement))
                    anchors.append(anchored.first { $0.text == replacement }?.anchor ?? 0)
                }
                let fitting = anchored.filter { candidate in
                    candidate.text != written && !options.contains(.replace(candidate.text))
                        && replacementFits(candidate.text, for: run.tokens)
                }
                for candidate in fitting.prefix(EditSpace.maximumAnchoredReplacements) {
                    options.append(.replace(candidate.text))
                    anchors.append(candidate.anchor)
                }
                guard options.count > 1 else { continue }
                spans.append(
                    EditSpace.span(
                        run.tokens, analysis, scalars, sentence: sentence, options: options, anchors: anchors))
            }
        }
        self.spans = spans
    }

    /// Checks whether a token may state a fact an answer turns on: a number, or a capitalised word that is no stop
    /// word.
    static func isFact(_ token: Token) -> Bool {
        token.kind == .number
            || (token.kind == .word && token.isCapitalized && !Lexicon.stopWords.contains(token.normalized))
    }

    /// Words that open a noun phrase and need its noun after them.
    static let determiners: Set<String> = [
        "a", "an", "the", "this", "that", "these", "those", "its", "his", "her", "their", "our", "my", "your",
    ]
    static let articles: Set<String> = ["a", "an", "the"]
    /// Marks that open what follows them without a space.
    static let openers: Set<String> = ["(", "[", "\"", "'", "\u{201C}", "\u{2018}"]
    /// Words that open a clause of its own, which can go whole with its verb: the refusal reader's conjunctions and
    /// the relative and subordinating words.
    static let clauseOpeners = RefusalDetector.clauseOpeners.union([
        "which", "who", "whom", "whose", "where", "when", "because", "since",
    ])

    /// Option 0 (keep) for every span: the answer as written.
    public var keepAll: [Int] { Array(repeating: 0, count: spans.count) }

    /// The writing systems that tell one language's words from another's in a replacement.
    enum Script: Hashable {
        case latin, cjk, other
    }

    /// Returns the script of a word or ideograph, nil for numbers and punctuation.
    static func script(of token: Token) -> Script? {
        switch token.kind {
        case .ideograph: return .cjk
        case .number, .punctuation: return nil
        case .word:
            let letters = token.text.unicodeScalars.filter(\.properties.isAlphabetic)
            guard !letters.isEmpty else { return nil }
            return letters.allSatisfy({ $0.value < 0x0250 || (0x1E00...0x1EFF).contains($0.value) }) ? .latin : .other
        }
    }

    private struct Run {
        var tokens: ClosedRange<Int>
        var sentence: ContextIndex.Sentence
        /// Context tokens between the run's matched neighbours, less the terminators `trimmingTerminators` drops.
        var gap: Range<Int>
        /// True when a unit mark written against the run's first or last token lies outside it, matched to the
        /// context: "$" of "$971 million" when the context has a "$" where the answer has it.
        var touchesMatchedMark = false

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
            // A unit mark written against its number belongs to it: editing "35" of "35%" would leave the "%".
            while first <= end, first > position, isAttachedMark(members[first - 1], to: members[first], analysis) {
                first -= 1
            }
            while first <= end, end < last, isAttachedMark(members[end + 1], to: members[end], analysis) { end += 1 }
            let hasContent =
                first <= end && (first...end).contains { FeatureExtractor.isContent(analysis.tokens[members[$0]]) }
            if hasContent {
                let previous = matches[..<position].compactMap { $0 }.last ?? -1
                let next = matches[(last + 1)...].compactMap { $0 }.first ?? sentence.tokens.count
                let markBefore = first > 0 && isAttachedMark(members[first - 1], to: members[first], analysis)
                let markAfter =
                    end + 1 < members.count && isAttachedMark(members[end + 1], to: members[end], analysis)
                let gap = trimmingTerminators((previous + 1)..<max(previous + 1, next), of: sentence.tokens)
                runs.append(
                    Run(
                        tokens: members[first]...members[end], sentence: sentence, gap: gap,
                        touchesMatchedMark: markBefore || markAfter))
            }
            position = last + 1
        }
        return runs
    }

    /// Punctuation that ends a sentence, which a replacement leaves to the answer around it.
    static let terminators: Set<String> = [".", "!", "?", "\u{2026}", "\u{3002}", "\u{FF01}", "\u{FF1F}", "\u{FF0E}"]

    /// Drops the terminators that open a gap of context tokens, and those that close it when they end the context
    /// sentence, so a replacement does not paste the context's full stop into the answer ("built in 1889.!!!"), and
    /// a bracket at either end whose partner is outside the gap.
    ///
    /// A full stop written against a one-letter word stays, since it belongs to an abbreviation such as "U.S.".
    private static func trimmingTerminators(_ gap: Range<Int>, of tokens: [Token]) -> Range<Int> {
        var lower = gap.lowerBound
        var upper = gap.upperBound
        while lower < upper, terminators.contains(tokens[lower].text) {
            lower += 1
        }
        if upper == tokens.count {
            while upper > lower, terminators.contains(tokens[upper - 1].text), !endsAbbreviation(upper - 1, tokens) {
                upper -= 1
            }
        }
        // A citation marker closing the gap belongs to the context's own sources: "Delhi [1]" would give the answer
        // two markers.
        if upper - lower >= 4, tokens[upper - 1].text == "]", tokens[upper - 2].kind == .number,
            tokens[upper - 3].text == "["
        {
            upper -= 3
        }
        // A bracket whose partner lies outside the gap would stand alone in the answer: "opened in 1932)".
        for (opening, closing) in [("(", ")"), ("[", "]")] {
            let texts = tokens[lower..<upper].map(\.text)
            if upper > lower, tokens[upper - 1].text == closing, !texts.contains(opening) { upper -= 1 }
            if upper > lower, tokens[lower].text == opening, !texts.contains(closing) { lower += 1 }
        }
        return lower..<upper
    }

    /// Checks whether the token at `index` is a full stop written against a one-letter word, as in "U.S." or "J.".
    private static func endsAbbreviation(_ index: Int, _ tokens: [Token]) -> Bool {
        guard index > 0, tokens[index].text == "." else { return false }
        let word = tokens[index - 1]
        return word.kind == .word && word.text.unicodeScalars.count == 1 && word.end == tokens[index].start
    }

    /// Marks that are written against a number and read as part of it: percent, per mille, degree, currency.
    static let unitMarks: Set<String> = ["%", "‰", "°", "$", "€", "£", "¥"]

    /// Checks whether token `mark` is a unit mark with no space between it and token `word`.
    private static func isAttachedMark(_ mark: Int, to word: Int, _ analysis: AnswerAnalysis) -> Bool {
        let markToken = analysis.tokens[mark]
        let wordToken = analysis.tokens[word]
        guard markToken.kind == .punctuation, unitMarks.contains(markToken.text) else { return false }
        return mark < word ? markToken.end == wordToken.start : wordToken.end == markToken.start
    }

    private static func span(
        _ tokens: ClosedRange<Int>, _ analysis: AnswerAnalysis, _ scalars: [Unicode.Scalar], sentence: Int,
        options: [Option], anchors: [Int]? = nil
    ) -> Span {
        let start = analysis.tokens[tokens.lowerBound].start
        let end = analysis.tokens[tokens.upperBound].end
        return Span(
            start: start, end: end, tokens: tokens.lowerBound..<(tokens.upperBound + 1),
            text: String(String.UnicodeScalarView(scalars[start..<end])), options: options,
            anchors: anchors ?? Array(repeating: 0, count: options.count), sentence: sentence)
    }

    /// Context runs of 1 to `maximumReplacementTokens` tokens that sit between the same words as the answer's
    /// `tokens`, in any context sentence, best anchored first.
    ///
    /// A summary sentence often draws on several context sentences, so the one it is aligned to may not hold
    /// the number or name it changed. A candidate needs at least three matching neighbours in all, one on each
    /// side. Its anchor is that count; ties go to the run the contexts repeat most.
    static func anchoredReplacements(
        _ tokens: ClosedRange<Int>, _ members: [Int], _ analysis: AnswerAnalysis, _ contexts: ContextIndex
    ) -> [(text: String, anchor: Int)] {
        guard let first = members.firstIndex(of: tokens.lowerBound),
            let last = members.firstIndex(of: tokens.upperBound)
        else { return [] }
        let stem = { (position: Int) in ContextIndex.stem(of: analysis.tokens[members[position]]) }
        // Nearest neighbour first on both sides.
        let left = (max(0, first - anchorWidth)..<first).reversed().map(stem)
        let right = ((last + 1)..<min(members.count, last + 1 + anchorWidth)).map(stem)
        guard let nearestLeft = left.first, let nearestRight = right.first,
            let leftPostings = contexts.postings[nearestLeft], let rightPostings = contexts.postings[nearestRight]
        else { return [] }
        let written = Set(tokens.map { ContextIndex.stem(of: analysis.tokens[$0]) })
        // A number is replaced only by a number and a word only by a word: "971 million" never becomes "971 third".
        let writtenHasNumber = tokens.contains { analysis.tokens[$0].kind == .number }

        var found: [String: (anchor: Int, count: Int, order: Int)] = [:]
        var scalars: [Int: [Unicode.Scalar]] = [:]
        for index in Set(leftPostings).intersection(rightPostings).sorted() {
            let sentence = contexts.sentences[index]
            for position in sentence.stems.indices where sentence.stems[position] == nearestLeft {
                let leftMatched = matchedRun(left, in: sentence.stems, from: position, step: -1)
                for length in 1...maximumReplacementTokens {
                    let next = position + 1 + length
                    guard next < sentence.stems.count else { break }
                    guard sentence.stems[next] == nearestRight else { continue }
                    let anchor = leftMatched + matchedRun(right, in: sentence.stems, from: next, step: 1)
                    let gap = trimmingTerminators((position + 1)..<next, of: sentence.tokens)
                    guard anchor >= 3, !gap.allSatisfy({ written.contains(sentence.stems[$0]) }),
                        gap.contains(where: { sentence.tokens[$0].kind != .punctuation }),
                        gap.contains(where: { sentence.tokens[$0].kind == .number }) == writtenHasNumber
                    else { continue }
                    let context = scalars[sentence.context] ?? Array(contexts.contexts[sentence.context].unicodeScalars)
                    scalars[sentence.context] = context
                    let start = sentence.tokens[gap.lowerBound].start
                    let end = sentence.tokens[gap.upperBound - 1].end
                    guard start < end, end <= context.count else { continue }
                    let text = String(String.UnicodeScalarView(context[start..<end]))
                    let previous = found[text]
                    found[text] = (
                        max(anchor, previous?.anchor ?? 0), (previous?.count ?? 0) + 1, previous?.order ?? found.count
                    )
                }
            }
        }
        return found.sorted { first, second in
            (first.value.anchor, first.value.count, -first.value.order)
                > (second.value.anchor, second.value.count, -second.value.order)
        }.map { (text: $0.key, anchor: $0.value.anchor) }
    }

    /// Counts how many of `expected`, nearest first, `stems` repeats from `start` on in direction `step`.
    private static func matchedRun(_ expected: [String], in stems: [String], from start: Int, step: Int) -> Int {
        var matched = 0
        var position = start
        while matched < expected.count, stems.indices.contains(position), stems[position] == expected[matched] {
            matched += 1
            position += step
        }
        return matched
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
