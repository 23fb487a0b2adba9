import Foundation

extension RefusalDetector {
    /// Words of greetings, thanks and sign-offs, which make no claim about the question or the sources.
    static let courtesyWords: Set<String> = [
        "hello", "hi", "hey", "thanks", "thank", "question", "questions", "good", "great", "excellent", "interesting",
        "sure", "certainly", "absolutely", "happy", "glad", "help", "helps", "helpful", "hope", "please", "welcome",
        "asking", "ask", "sorry", "apologies", "apologize", "apologise", "afraid", "regret", "unfortunately", "let",
        "know", "else", "anything", "course", "hmm", "oh", "well", "love", "assist", "regrettably", "sadly",
        "i'd", "i'm", "i'll", "cheers", "regards", "bye", "goodbye", "dear", "user", "greetings", "bonjour", "hola",
        // Apologies and thanks in Spanish, French, Portuguese, Italian and German, with their pronouns.
        "siento", "lo", "lamento", "perdon", "disculpe", "desole", "je", "suis", "desculpe", "dispiace", "mi",
        "scusi", "leider", "entschuldigung", "gracias", "merci", "obrigado", "obrigada", "grazie", "danke",
    ]

    /// Greetings, thanks and apologies in Chinese, Japanese and Korean, matched in the characters as `ideographic`
    /// is.
    static let ideographicCourtesy = [
        "谢谢", "謝謝", "你好", "您好", "抱歉", "对不起", "對不起", "ありがとうございます", "ありがとう", "こんにちは",
        "すみません", "申し訳ありません", "감사합니다", "안녕하세요", "죄송합니다",
    ]

    /// Phrases that point the caller elsewhere ("You may want to check the annual report."), which make no claim
    /// about the question.
    static let suggestions = [
        "you may want to", "you might want to", "i'd recommend", "i would recommend", "i recommend", "i'd suggest",
        "i would suggest", "i suggest", "if you can", "if you could", "please check", "please consult",
        "please refer", "feel free", "try checking", "try looking", "try asking", "try contacting", "reach out",
        "please contact", "let me know", "please share", "if you have", "if you'd like", "if you would like",
    ].map(pattern)

    /// Verbs that, with a word for the sources as subject, tell what the sources cover ("The context covers
    /// revenue and the dividend."), which beside a refusal explains it and makes no claim about the question.
    static let coverage = [
        "covers", "cover", "focuses", "focus", "describes", "describe", "discusses", "discuss", "is about",
        "are about", "deals with", "deal with",
    ].map(pattern)

    /// Verbs that report what the sources contain, which tell coverage only beside "only" or "but not": "It only
    /// mentions when it opened.", "The excerpt reports revenue and margin, but not net income."
    static let reporting = [
        "mentions", "mention", "reports", "report", "lists", "list", "says", "say", "states", "state", "gives",
        "give", "names", "name", "contains", "contain", "includes", "include", "provides", "provide", "tells",
        "tell", "covers", "cover", "describes", "describe",
    ].map(pattern)
    static let limits = ["only", "but not", "not its", "not the", "but no", "gives no"].map(pattern)
    static let sourceSubjects: Set<String> = ["it", "they", "this", "these", "that", "which"]

    /// Quotation marks and brackets that may follow a question mark.
    static let closingMarks: Set<String> = ["\"", "\u{201D}", ")", "'"]

    /// Checks whether `tokens` are courtesy: at least one word of greetings, thanks and sign-offs, and otherwise
    /// only stop words ("Hello.", "Thanks for the question!", "I hope this helps.", "谢谢。"). "No." is not. A
    /// question back to the caller, a suggestion where to look, a short Markdown heading and a sentence telling
    /// what the sources cover are courtesy too.
    public static func isCourtesy(_ tokens: [Token]) -> Bool {
        if addressesTheCaller(tokens) { return true }
        let words = words(of: tokens)
        let text = Array((" " + words.joined(separator: " ") + " ").utf8)
        let namesSources = sources.contains(where: { words.contains($0) })
        if coverage.contains(where: { containsBytes(text, $0) }), namesSources { return true }
        if reporting.contains(where: { containsBytes(text, $0) }), limits.contains(where: { containsBytes(text, $0) }),
            namesSources || words.first.map(sourceSubjects.contains) ?? false
        {
            return true
        }

        return false
    }

    /// Sign-offs and apologies that hold a content word ("Have a nice day.", "Sorry for the delay.").
    static let signOffs = [
        "have a nice day", "have a great day", "have a good day", "sorry for the delay", "sorry for the confusion",
        "apologies for the delay", "apologies for the confusion", "sorry for any confusion", "best regards",
    ].map(pattern)

    /// Checks whether `tokens` speak to the caller and claim nothing: greetings, thanks, apologies and sign-offs,
    /// questions back, suggestions where to look and short Markdown headings. Unlike the rest of courtesy, such a
    /// sentence states nothing about the sources either, so it is set aside beside claims as well as beside refusals.
    static func addressesTheCaller(_ tokens: [Token]) -> Bool {
        let final = tokens.last { !closingMarks.contains($0.text) }
        if final?.text == "?" || final?.text == "\u{FF1F}" { return true }

        let words = words(of: tokens)
        let text = Array((" " + words.joined(separator: " ") + " ").utf8)
        if suggestions.contains(where: { containsBytes(text, $0) }) { return true }
        if signOffs.contains(where: { containsBytes(text, $0) }) { return true }
        // A Markdown heading ("## Answer") labels what follows.
        if tokens.first?.text == "#", words.count <= 3 { return true }
        return isPoliteOnly(tokens)
    }

    /// Checks whether `tokens` hold a greeting, thanks or apology and otherwise only stop words.
    static func isPoliteOnly(_ tokens: [Token]) -> Bool {
        // Words in double quotation marks are a title ("\"I'm Sorry\"" topped the charts), as `words(of:)` reads them.
        if tokens.contains(where: { ["\"", "\u{201C}", "\u{201D}"].contains($0.text) }) { return false }
        var characters = ""
        var courteous = false
        for token in tokens {
            switch token.kind {
            case .punctuation: continue
            case .number: return false
            case .ideograph: characters += token.normalized
            case .word:
                if courtesyWords.contains(token.normalized) {
                    courteous = true
                    continue
                }
                if Lexicon.stopWords.contains(token.normalized) { continue }
                // Korean words are not ideographs, so they are gathered with them.
                guard token.normalized.unicodeScalars.allSatisfy({ $0.value >= 0xAC00 && $0.value <= 0xD7AF }) else {
                    return false
                }
                characters += token.normalized
            }
        }

        for phrase in ideographicCourtesy where characters.contains(phrase) {
            characters = characters.replacingOccurrences(of: phrase, with: "")
            courteous = true
        }
        return courteous && characters.isEmpty
    }
}

extension RefusalDetector {
    /// Which sentences of an answer are claims to judge, and which are refusals or courtesy.
    public struct Reading: Sendable, Equatable {
        /// Indices of the sentences that make a claim, in order.
        public var claims: [Int]
        /// Indices of the refusal sentences, with the courtesy sentences beside them.
        public var refusals: Set<Int>
        /// True when the answer makes no claim or refuses as a whole: the verifier abstains.
        public var abstains: Bool
    }

    /// Reads an answer's sentences given the refusal sentences the analysis found.
    ///
    /// A refusal sentence beside claims ("The office is in Mumbai. The documents do not say when it opened.")
    /// leaves the claims to be judged, so a refusal cannot hide an unsupported claim. Beside a refusal, courtesy
    /// sentences ("Hello.", "Thanks for the question.") are no claims: they join the refusals, so they neither hide
    /// the refusal nor count against the claims. Without a refusal, only sentences that address the caller
    /// ("Thanks for the question!", "Have a nice day.") are set aside that way, since the model read them as part
    /// of the claim: the claim after them fell from 0.98 to 0.11 in one case. A refusal phrase split across
    /// sentences still makes the whole answer a refusal.
    ///
    /// A short remark that shares no word with the contexts (`ungrounded`: "Wow!", "Sincerely.", "Source:
    /// Wikipedia.") is set aside the same way beside a claim that does share words, since it claims nothing the
    /// contexts could bear on. A remark has at most `maximumRemarkWords` content words, no number and no finite
    /// verb.
    public static func read(
        sentences sentenceTokens: [[Token]], refusals found: Set<Int>, tokens: [Token], hasQuestion: Bool,
        ungrounded: Set<Int> = []
    ) -> Reading {
        var refusals = found
        let hasRefusal = !refusals.isEmpty
        // The sentences left to judge once `excluded` is set aside.
        let judged = { (excluded: Set<Int>) in
            sentenceTokens.indices.filter {
                !excluded.contains($0) && !hasNoClaim(sentenceTokens[$0], hasQuestion: hasQuestion)
            }
        }
        if hasRefusal {
            refusals.formUnion(sentenceTokens.indices.filter { isCourtesy(sentenceTokens[$0]) })
        } else {
            // Without a refusal, what addresses the caller is set aside only beside a claim, so an answer that is
            // one question ("It was written for a show starring Bill Murray?") is still judged.
            let addressing = Set(sentenceTokens.indices.filter { addressesTheCaller(sentenceTokens[$0]) })
            let polite = addressing.filter { isPoliteOnly(sentenceTokens[$0]) }
            refusals.formUnion(judged(addressing).isEmpty ? polite : addressing)
        }
        var claims = judged(refusals)
        let remarks = claims.filter { ungrounded.contains($0) && isRemark(sentenceTokens[$0]) }
        if !remarks.isEmpty, claims.contains(where: { !ungrounded.contains($0) }) {
            refusals.formUnion(remarks)
            claims.removeAll { remarks.contains($0) }
        }
        let abstains = claims.isEmpty || (!hasRefusal && isRefusal(tokens: tokens, acrossSentences: true))
        return Reading(claims: claims, refusals: refusals, abstains: abstains)
    }

    /// Most content words in a remark that `read` may set aside.
    public static let maximumRemarkWords = 2

    /// Interjections, sign-offs and words that label a source, which mark a short sentence as a remark.
    static let remarkWords: Set<String> = [
        "wow", "ok", "okay", "sincerely", "yours", "truly", "best", "note", "nb", "ps", "indeed", "nice", "cool", "ah",
        "aha", "alas", "hm", "uh", "um", "yay", "phew", "enjoy",
    ]

    /// Words that label a source, after which a name is the source's: "Source: Wikipedia.", "Ref: Britannica."
    static let sourceLabels: Set<String> = [
        "source", "sources", "reference", "references", "ref", "refs", "citation", "citations", "via",
    ]

    /// Checks whether a sentence can be a remark: no finite verb ("It was painted by Picasso." is a claim), no
    /// number, and at most `maximumRemarkWords` words that are not stop words. Each of them is a word of courtesy or
    /// of `remarkWords`, or the sentence opens with a source label ("Source: Wikipedia."). A name is an answer:
    /// "- Delhi\n- Paris\n- London" had been judged on "Delhi" alone, and "Delhi. Wow, Mumbai!" on "Delhi".
    static func isRemark(_ tokens: [Token]) -> Bool {
        let content = tokens.filter { $0.kind != .punctuation && !Lexicon.stopWords.contains($0.normalized) }
        let labelsSource = content.first.map { sourceLabels.contains($0.normalized) } ?? false
        let marked =
            labelsSource
            || content.allSatisfy { courtesyWords.contains($0.normalized) || remarkWords.contains($0.normalized) }
        return !content.isEmpty && content.count <= maximumRemarkWords && !content.contains { $0.kind == .number }
            && !isClause(tokens[...]) && marked
    }
}
