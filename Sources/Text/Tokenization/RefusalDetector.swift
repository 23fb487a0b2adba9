/// Recognises answers that decline to answer or make no claim, which are labelled `abstain`, never scored.
public enum RefusalDetector {
    /// Phrases that decline in the first person, whatever they refer to.
    static let firstPerson = [
        "i cannot answer", "i can't answer", "i can not answer", "i am unable to", "i'm unable to", "i was unable to",
        "i don't know", "i do not know", "i cannot determine", "i can't determine", "i could not determine",
        "i couldn't determine", "i am sorry", "i'm sorry", "i'm afraid i", "i am afraid i", "i cannot find",
        "i can't find", "i could not find", "i couldn't find", "i am not able to", "i'm not able to",
        "i was not able to", "i cannot provide", "i can't provide", "i cannot help", "i can't help", "i cannot tell",
        "i can't tell", "i cannot say", "i can't say", "i cannot confirm", "i can't confirm", "i cannot give",
        "i can't give", "i am not sure", "i'm not sure", "i am not certain", "i'm not certain", "i have no idea",
        "i have no information", "i don't have", "i do not have", "i cannot see", "i can't see", "i don't see",
        "i do not see",
        // French, Spanish, Portuguese and German, as the tokenizer folds them: no accents, lower case.
        "je ne sais pas", "je ne peux pas repondre", "no lo se", "no puedo responder", "no puedo contestar",
        "nao sei", "nao posso responder", "ich weiss nicht", "ich weiß nicht", "weiss ich nicht", "weiß ich nicht",
    ]

    /// Phrases stating that the answer cannot be found, without naming who looked.
    static let impersonal = [
        "cannot be determined", "can't be determined", "not enough information", "insufficient information",
        "unable to answer", "unable to determine", "cannot be answered", "can't be answered", "not able to answer",
        "not possible to answer", "impossible to answer", "not possible to determine", "impossible to determine",
        "not enough context", "not enough details", "not enough detail", "not enough data", "insufficient context",
        "insufficient details", "insufficient detail", "insufficient data", "isn't enough information",
        "is not enough information", "no answer can be", "cannot be inferred", "can't be inferred",
        "cannot be confirmed", "can't be confirmed", "cannot be verified", "can't be verified",
    ]

    /// Whole answers that only state that the answer is unknown ("Unknown.", "N/A").
    static let bare: Set<String> = [
        "unknown", "n a", "not known", "no answer", "cannot answer", "can't answer", "cannot say", "can't say",
        "unanswerable", "not answerable", "no idea", "not sure", "cannot be determined", "can't be determined",
        "undetermined", "not stated", "not mentioned", "not specified", "not provided", "not available",
        "not given", "no information", "no data",
    ]

    /// Words that name the sources, which turn a negated statement into a refusal.
    ///
    /// A bare "source" is left out, since it is as often the source of a river or of a rumour.
    static let sources = [
        "document", "documents", "context", "contexts", "passage", "passages", "text", "texts", "article",
        "articles", "excerpt", "excerpts", "provided sources", "given sources", "sources provided",
        "information provided", "provided information", "information given", "given information",
    ]
    static let absence = [
        "does not mention", "do not mention", "doesn't mention", "don't mention", "does not say", "do not say",
        "does not provide", "do not provide", "doesn't provide", "don't provide", "does not contain",
        "do not contain", "doesn't contain", "don't contain", "not mentioned in", "not stated in",
        "not specified in", "no information", "doesn't say", "don't say", "does not state", "do not state",
        "doesn't state", "don't state", "does not specify", "do not specify", "doesn't specify", "don't specify",
        "does not include", "do not include", "doesn't include", "don't include", "does not give",
        "do not give", "doesn't give", "don't give", "not included in", "not provided in", "not given in",
        "not found in", "not available in", "not in the", "no mention", "not mention", "nothing about",
        "no details", "no detail", "no data", "none of the", "lacks information", "lacks details",
        "lacks the information",
        "lack information", "lack details", "lack the information", "is silent", "are silent", "cannot be found",
        "can't be found", "could not be found", "couldn't be found",
    ]

    /// Hedges that make a refusal beside a word for the sources and a word that points at them, as in "It is
    /// unclear from the context." Without the pointer, "The context of the deal remains unclear" is a claim.
    static let hedges = ["unclear", "not clear"]
    static let pointers = ["from", "based on", "according to"]

    /// Passive statements that something is not in the sources, refusals without naming them ("The designer is
    /// not mentioned."): a claim about the world states what did not happen, not what is not mentioned.
    static let unmentioned = [
        "is not mentioned", "isn't mentioned", "are not mentioned", "aren't mentioned", "was not mentioned",
        "wasn't mentioned", "were not mentioned", "weren't mentioned", "is not specified", "isn't specified",
        "are not specified", "aren't specified", "is not stated", "isn't stated", "are not stated",
        "aren't stated",
    ]

    /// Refusals in Chinese, Simplified then Traditional, then Japanese and Korean ("cannot answer", "cannot
    /// determine", "do not know"). They are matched in the answer's characters without spaces, since Chinese and
    /// Japanese do not separate their words and Korean may write these phrases with or without spaces.
    static let ideographic = [
        "无法回答", "不能回答", "无法确定", "不能确定", "无法判断", "无法根据", "无法从", "无法找到", "找不到", "无法提供",
        "无法得知", "我不知道", "信息不足", "無法回答", "不能回答", "無法確定", "不能確定", "無法判斷", "無法根據",
        "無法找到", "無法提供", "無法得知", "資訊不足", "答えられません", "回答できません", "分かりません",
        "わかりません", "判断できません", "特定できません", "모르겠습니다", "답변할수없", "답할수없", "알수없습니다",
    ]

    /// Chinese and Japanese phrases for "not mentioned" and "not provided", which make a refusal only beside a
    /// word for the sources, as `absence` does in English.
    static let ideographicAbsence = [
        "没有提到", "没有提及", "未提及", "未提到", "没有提供", "没有说明", "沒有提到", "沒有提及", "沒有提供",
        "沒有說明", "記載されていません", "記載がありません", "記載はありません", "言及されていません",
        "書かれていません",
    ]
    /// Chinese and then Japanese words for the documents, the context, the passages and the text (段落, 文件,
    /// 資料 and 文本 serve more than one).
    static let ideographicSources = [
        "文档", "文件", "资料", "上下文", "段落", "文本", "文章", "文檔", "資料", "文書", "文脈", "本文",
    ]

    /// Checks whether `answer` is a refusal ("I cannot answer that from the documents").
    ///
    /// Phrases match whole words only, so "casino answered" does not match "no answer". A negated statement
    /// counts only when it also names the sources, so "Patients cannot answer questions" is a claim.
    public static func isRefusal(_ answer: String) -> Bool {
        isRefusal(tokens: Tokenizer.tokenize(answer))
    }

    /// Checks whether an answer, given as its tokens, is a refusal, as `isRefusal(_:)` does for its text.
    public static func isRefusal(tokens: [Token]) -> Bool {
        let words = tokens.filter { $0.kind != .punctuation }.map(\.normalized)
        guard words.count <= 60 else { return false }
        let text = " " + words.joined(separator: " ") + " "
        let asciiText = text.utf8.allSatisfy { $0 < 0x80 } ? Array(text.utf8) : nil
        func has(_ pattern: [UInt8]) -> Bool {
            // In ASCII text a byte search finds exactly what Foundation's search finds: a phrase with other
            // characters matches neither way.
            guard let asciiText else { return text.contains(String(decoding: pattern, as: UTF8.self)) }
            return containsBytes(asciiText, pattern)
        }

        if bare.contains(words.joined(separator: " ")) { return true }
        if patterns.firstPerson.contains(where: has) || patterns.impersonal.contains(where: has)
            || patterns.unmentioned.contains(where: has)
        {
            return true
        }
        let namesSources = patterns.sources.contains(where: has)
        if namesSources && patterns.absence.contains(where: has) { return true }
        if namesSources && patterns.hedges.contains(where: has) && patterns.pointers.contains(where: has) {
            return true
        }
        guard asciiText == nil else { return false }
        let characters = words.joined()
        if ideographic.contains(where: { characters.contains($0) }) { return true }
        return ideographicAbsence.contains { characters.contains($0) }
            && ideographicSources.contains { characters.contains($0) }
    }

    /// The phrase lists as the bytes searched for, each phrase between spaces, built once.
    private static let patterns = (
        firstPerson: firstPerson.map(pattern), impersonal: impersonal.map(pattern), absence: absence.map(pattern),
        unmentioned: unmentioned.map(pattern), sources: sources.map(pattern), hedges: hedges.map(pattern),
        pointers: pointers.map(pattern)
    )

    private static func pattern(_ phrase: String) -> [UInt8] {
        Array((" " + phrase + " ").utf8)
    }

    private static func containsBytes(_ text: [UInt8], _ pattern: [UInt8]) -> Bool {
        guard pattern.count <= text.count else { return false }
        for start in 0...(text.count - pattern.count) where text[start] == pattern[0] {
            if text[start..<start + pattern.count].elementsEqual(pattern) { return true }
        }
        return false
    }

    /// A refusal sentence cut into the clause that makes a claim and the clause that refuses, as positions in the
    /// sentence's tokens.
    public struct Split: Sendable, Equatable {
        public var claim: Range<Int>
        public var refusal: Range<Int>
    }

    /// Punctuation and words that can open a clause after a claim or a refusal.
    static let clauseMarks: Set<String> = [",", ";", ":", "\u{2014}", "\u{2013}", "\u{FF0C}", "\u{FF1B}"]
    static let clauseOpeners: Set<String> = ["but", "however", "although", "though", "yet", "while", "whereas"]

    /// Cuts a refusal sentence into a claim and a refusal, as in "It opened in 1750, but the documents do not say
    /// who built it." or the same clauses the other way round.
    ///
    /// The cut falls at a comma, semicolon, colon or dash, or before a word such as "but", where one side is a
    /// refusal and the other is no refusal but makes a claim. The claim is kept as long as it can be, so a comma
    /// inside a list before the refusal does not cut the claim short. Returns nil when there is no such cut.
    public static func split(_ tokens: [Token], hasQuestion: Bool = false) -> Split? {
        let cuts = tokens.indices.dropFirst().filter { index in
            let token = tokens[index]
            return token.kind == .punctuation
                ? clauseMarks.contains(token.text) : clauseOpeners.contains(token.normalized)
        }
        func claims(_ part: ArraySlice<Token>) -> Bool {
            !isRefusal(tokens: Array(part)) && !hasNoClaim(Array(part), hasQuestion: hasQuestion)
        }
        if let cut = cuts.last(where: { claims(tokens[..<$0]) && isRefusal(tokens: Array(tokens[$0...])) }) {
            return Split(claim: trimmed(tokens, 0..<cut), refusal: trimmed(tokens, cut..<tokens.count))
        }
        if let cut = cuts.first(where: { isRefusal(tokens: Array(tokens[..<$0])) && claims(tokens[$0...]) }) {
            return Split(claim: trimmed(tokens, cut..<tokens.count), refusal: trimmed(tokens, 0..<cut))
        }
        return nil
    }

    /// Drops the punctuation that opens a clause, and the punctuation that closes a clause which ends before the
    /// sentence does, so neither clause's span starts or ends with the comma between them.
    private static func trimmed(_ tokens: [Token], _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, tokens[lower].kind == .punctuation { lower += 1 }
        if upper < tokens.count {
            while upper > lower, tokens[upper - 1].kind == .punctuation { upper -= 1 }
        }
        return lower..<upper
    }

    /// Checks whether `tokens` hold no claim at all: no number, ideograph or content word.
    ///
    /// With a question, "no" is a claim too: it answers a yes-or-no question ("Is Paris in Spain?" "No.").
    public static func hasNoClaim(_ tokens: [Token], hasQuestion: Bool = false) -> Bool {
        !tokens.contains { token in
            switch token.kind {
            case .number, .ideograph: return true
            case .word:
                return !Lexicon.stopWords.contains(token.normalized) || (hasQuestion && token.normalized == "no")
            case .punctuation: return false
            }
        }
    }
}
