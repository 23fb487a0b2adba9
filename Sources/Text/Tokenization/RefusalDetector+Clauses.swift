extension RefusalDetector {
    /// A refusal sentence cut into the clause that makes a claim and the clause that refuses, as positions in the
    /// sentence's tokens.
    public struct Split: Sendable, Equatable {
        public var claim: Range<Int>
        public var refusal: Range<Int>
    }

    /// Punctuation that can end a clause before a claim or a refusal.
    ///
    /// A colon is not one: "Elevator designer: unknown." labels a refusal, and its label makes no claim.
    /// Chinese and Japanese commas are left out too, since "根据提供的资料，无从得知" opens with a pointer to the
    /// sources, not a claim. A full stop inside a sentence is one, where the splitter took it for an initial
    /// ("… in its Series A. Its valuation is not disclosed.").
    static let clauseMarks: Set<String> = [",", ";", ".", "-", "\u{2014}", "\u{2013}"]

    /// Words that can open a clause after a claim or a refusal, in English and as "but" in a few other languages.
    ///
    /// "And" and "while" open many phrases that are no clause ("while taking metformin"), so a claim after a
    /// refusal that they open must have a verb (`isClause`).
    static let clauseOpeners: Set<String> = [
        "but", "however", "although", "though", "yet", "whereas", "so", "and", "while", "mais", "pero", "aber", "ma",
        "maar", "mas", "но", "однако", "但",
    ]

    /// Openers after which a claim that follows a refusal must be a clause with a verb of its own.
    static let weakOpeners: Set<String> = ["and", "while"]

    /// Words that make a clause finite: forms of "be", "have" and "do", and the modal verbs.
    static let finiteVerbs: Set<String> = [
        "is", "was", "are", "were", "has", "have", "had", "will", "would", "can", "could", "may", "might", "must",
        "shall", "should", "did", "does", "do",
    ]

    /// Words that continue a refusal rather than open a claim after a comma: "…where it happens, not how fast."
    static let limitingWords: Set<String> = ["not", "nor", "only", "except", "just", "neither", "no", "nothing"]

    /// Words of a clause that only points at the sources ("According to the provided documents, …"), which makes no
    /// claim.
    static let pointerWords: Set<String> = [
        "according", "based", "provided", "given", "retrieved", "reviewed", "read", "checked", "searched", "looked",
        "reviewing", "reading", "checking", "searching", "looking", "carefully", "solely", "strictly", "purely",
        "question", "asks", "asked", "asking", "document", "documents", "context", "contexts", "passage", "passages",
        "text", "source", "sources", "information",
    ]

    /// Openings of a clause that restates the question rather than answering it.
    static let questionOpenings = ["the question", "your question", "you asked", "you are asking", "you're asking"]

    /// Cuts a refusal sentence into a claim and a refusal, as in "It opened in 1750, but the documents do not say
    /// who built it." or the same clauses the other way round.
    ///
    /// The cut falls at a comma, semicolon, spaced dash or inner full stop, or before a word such as "but" or "so",
    /// where one side is a refusal and the other makes a claim, being neither a refusal nor courtesy. The claim is kept as long as it
    /// can be, so a comma inside a list before the refusal does not cut the claim short. Returns nil when there is
    /// no such cut.
    ///
    /// `refuses` decides whether a clause refuses; by default, the phrase lists.
    public static func split(
        _ tokens: [Token], hasQuestion: Bool = false, refuses: ([Token]) -> Bool = { isRefusal(tokens: $0) }
    ) -> Split? {
        let cuts = tokens.indices.dropFirst().filter { index in
            let token = tokens[index]
            guard token.kind == .punctuation else { return clauseOpeners.contains(token.normalized) }
            // A Chinese comma is a cut only before "but": "我不知道是谁涂的漆，但塔高500米。"
            if token.text == "\u{FF0C}" { return index + 1 < tokens.count && tokens[index + 1].normalized == "但" }
            // A hyphen joins words ("Kepler-442b") unless spaces stand around it.
            if token.text == "-" {
                return tokens[index - 1].end < token.start && index + 1 < tokens.count
                    && token.end < tokens[index + 1].start
            }
            return clauseMarks.contains(token.text)
        }
        func claims(_ part: ArraySlice<Token>) -> Bool {
            let tokens = Array(part)
            let pointsOnly = tokens.allSatisfy { token in
                token.kind == .punctuation || Lexicon.stopWords.contains(token.normalized)
                    || pointerWords.contains(token.normalized)
            }
            // A clause that states an absence ("The guide doesn't cover setup, so I can't answer.") is part of the
            // refusal even when it names no source.
            let words = words(of: tokens)
            let text = " " + words.joined(separator: " ") + " "
            let ascii = text.utf8.allSatisfy { $0 < 0x80 } ? Array(text.utf8) : nil
            let statesAbsence = patterns.absence.occurs(inWords: words, text: text, ascii: ascii)
            // "The question asks about rate limits, but …" restates the question.
            let restatesQuestion = questionOpenings.contains { text.hasPrefix(" \($0) ") }
            return !refuses(tokens) && !hasNoClaim(tokens, hasQuestion: hasQuestion) && !isCourtesy(tokens)
                && !pointsOnly && !statesAbsence && !restatesQuestion
        }
        if let cut = cuts.last(where: { claims(tokens[..<$0]) && refuses(Array(tokens[$0...])) }) {
            return Split(claim: trimmed(tokens, 0..<cut), refusal: trimmed(tokens, cut..<tokens.count))
        }
        // A claim after the refusal needs a stronger joint than a comma, or a clause with a verb of its own: "The
        // passage only describes where it happens, not how fast." is one refusal, and "I'm not sure, it is 500
        // metres tall." a refusal and a claim. A colon joins them the same way.
        let cutSet = Set(cuts)
        let refusalFirstCuts = tokens.indices.dropFirst().filter { index in
            let text = tokens[index].text
            guard cutSet.contains(index) || text == ":" else { return false }
            let weak = text == "," || text == ":" || weakOpeners.contains(tokens[index].normalized)
            return !weak || isClause(tokens[(index + 1)...])
        }
        if let cut = refusalFirstCuts.first(where: { refuses(Array(tokens[..<$0])) && claims(tokens[$0...]) }) {
            // The word that opens the claim ("but the tower is 330 metres tall") belongs to neither clause, as the
            // punctuation between them does, so the claim reads as a sentence of its own.
            var claim = trimmed(tokens, cut..<tokens.count)
            while claim.count > 1,
                clauseOpeners.contains(tokens[claim.lowerBound].normalized)
                    || tokens[claim.lowerBound].kind == .punctuation
            {
                claim = (claim.lowerBound + 1)..<claim.upperBound
            }
            return Split(claim: claim, refusal: trimmed(tokens, 0..<cut))
        }
        return nil
    }

    /// Checks whether `tokens` read as a clause of their own: a finite verb ("is", "has", "can", "it's"), and no
    /// opening word such as "not" or "only" that would continue the clause before them.
    static func isClause(_ tokens: ArraySlice<Token>) -> Bool {
        let words = tokens.filter { $0.kind != .punctuation }.map(\.normalized)
        guard let first = words.first, !limitingWords.contains(first) else { return false }
        return words.contains { word in
            finiteVerbs.contains(word) || word.hasSuffix("'s") || word.hasSuffix("\u{2019}s")
                || word.hasSuffix("n't") || word.hasSuffix("n\u{2019}t")
        }
    }

    /// Cuts each refusal sentence that also makes a claim into two sentences, the claim and the refusal, so the
    /// claim is aligned and judged like any sentence ("It opened in 1750, but the documents do not say who built
    /// it.").
    ///
    /// - Returns: The sentences, and the indices among them of the refusals.
    ///
    /// A sentence the phrase lists do not take for a refusal is one when `classifier` gives it a probability of at
    /// least its threshold, and it is cut into clauses the same way.
    /// Returns `tokens` without those between double quotation marks, the marks included.
    static func withoutQuotations(_ tokens: [Token]) -> [Token] {
        var unquoted: [Token] = []
        var quoted = false
        for token in tokens {
            switch token.text {
            case "\u{201C}": quoted = true
            case "\u{201D}": quoted = false
            case "\"": quoted.toggle()
            default: if !quoted { unquoted.append(token) }
            }
        }
        return unquoted
    }

    public static func separateClauses(
        _ sentences: [SentenceSplitter.Sentence], tokens: [Token], hasQuestion: Bool,
        classifier: RefusalClassifier? = RefusalClassifier.shipped
    ) -> (sentences: [SentenceSplitter.Sentence], refusals: Set<Int>) {
        var output: [SentenceSplitter.Sentence] = []
        var refusals = Set<Int>()
        var next = 0
        for sentence in sentences {
            while next < tokens.count, tokens[next].start < sentence.start { next += 1 }
            var end = next
            while end < tokens.count, tokens[end].start < sentence.end { end += 1 }
            let members = Array(tokens[next..<end])
            next = end
            let listed = isRefusal(tokens: members)
            // The classifier reads the words outside double quotation marks, as the phrase lists do: "The song \"I
            // Don't Know\"." names a title.
            let classified = !listed && classifier?.isRefusal(withoutQuotations(members)) == true
            guard listed || classified else {
                output.append(sentence)
                continue
            }
            // A clause refuses by the phrase lists or by the classifier, so a refusal clause the lists miss is not
            // cut off as a claim ("…, so I can't give you a number."). A sentence only the classifier took for a
            // refusal is cut the same way ("It has 12 floors, but the material supplied doesn't let me answer who
            // built it.").
            let refuses: ([Token]) -> Bool = { clause in
                isRefusal(tokens: clause) || classifier?.isRefusal(clause) == true
            }
            guard let split = split(members, hasQuestion: hasQuestion, refuses: refuses) else {
                refusals.insert(output.count)
                output.append(sentence)
                continue
            }
            let claimFirst = split.claim.lowerBound < split.refusal.lowerBound
            let (first, second) = claimFirst ? (split.claim, split.refusal) : (split.refusal, split.claim)
            // The punctuation between the clauses belongs to neither: "It opened in 1889," reads to the model as
            // an unfinished sentence.
            guard let last = first.last, let following = second.first, sentence.start < members[last].end,
                members[last].end <= members[following].start, members[following].start < sentence.end
            else {
                refusals.insert(output.count)
                output.append(sentence)
                continue
            }
            let scalars = Array(sentence.text.unicodeScalars)
            refusals.insert(output.count + (claimFirst ? 1 : 0))
            output.append(piece(of: sentence, scalars, from: sentence.start, to: members[last].end))
            output.append(piece(of: sentence, scalars, from: members[following].start, to: sentence.end))
        }
        return (output, refusals)
    }

    private static func piece(
        of sentence: SentenceSplitter.Sentence, _ scalars: [Unicode.Scalar], from start: Int, to end: Int
    ) -> SentenceSplitter.Sentence {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[(start - sentence.start)..<(end - sentence.start)])
        return SentenceSplitter.Sentence(start: start, end: end, text: text)
    }

    /// Drops the punctuation that opens a clause, and the punctuation and words such as "however" that close a
    /// clause which ends before the sentence does, so neither clause's span starts or ends with what joins them.
    private static func trimmed(_ tokens: [Token], _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, tokens[lower].kind == .punctuation { lower += 1 }
        if upper < tokens.count {
            while upper > lower,
                tokens[upper - 1].kind == .punctuation || clauseOpeners.contains(tokens[upper - 1].normalized)
            {
                upper -= 1
            }
        }
        return lower..<upper
    }
}
