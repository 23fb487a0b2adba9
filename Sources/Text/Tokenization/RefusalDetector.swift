/// Recognises answers that decline to answer or make no claim, which are labelled `abstain`, never scored.
public enum RefusalDetector {
    /// Phrases that decline in the first person, whatever they refer to.
    static let firstPerson = [
        "i cannot answer", "i can't answer", "i can not answer", "i am unable to", "i'm unable to", "i don't know",
        "i do not know", "i cannot determine", "i can't determine", "i am sorry", "i'm sorry", "i cannot find",
        "i can't find", "i could not find", "i couldn't find", "i am not able to", "i'm not able to",
    ]

    /// Phrases stating that the answer cannot be found, without naming who looked.
    static let impersonal = [
        "cannot be determined", "can't be determined", "not enough information", "insufficient information",
        "unable to answer", "unable to determine", "cannot be answered", "can't be answered", "not able to answer",
        "not possible to answer", "impossible to answer", "not possible to determine", "impossible to determine",
    ]

    /// Words that name the sources, which turn a negated statement into a refusal.
    static let sources = ["document", "documents", "context", "contexts", "passage", "passages", "text"]
    static let absence = [
        "does not mention", "do not mention", "doesn't mention", "don't mention", "does not say", "do not say",
        "does not provide", "do not provide", "doesn't provide", "don't provide", "does not contain",
        "do not contain", "doesn't contain", "don't contain", "not mentioned in", "not stated in",
        "not specified in", "no information", "doesn't say", "don't say", "does not state", "do not state",
        "doesn't state", "don't state", "does not specify", "do not specify", "doesn't specify", "don't specify",
    ]

    /// Refusals in Chinese and then Japanese ("cannot answer", "cannot determine", "do not know"). They are
    /// matched in the answer's characters without spaces, since neither language separates its words.
    static let ideographic = [
        "无法回答", "不能回答", "无法确定", "无法判断", "无法根据", "答えられません", "回答できません", "分かりません",
        "わかりません", "判断できません", "特定できません",
    ]

    /// Chinese and Japanese phrases for "not mentioned" and "not provided", which make a refusal only beside a
    /// word for the sources, as `absence` does in English.
    static let ideographicAbsence = ["没有提到", "未提及", "没有提供", "記載されていません", "言及されていません"]
    /// Chinese and then Japanese words for the documents, the context, the passages and the text (段落 serves both).
    static let ideographicSources = ["文档", "文件", "资料", "上下文", "段落", "文本", "資料", "文書", "文脈", "本文"]

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
            // The phrases are ASCII, so in ASCII text a byte search finds exactly what Foundation's search finds.
            guard let asciiText else { return text.contains(String(decoding: pattern, as: UTF8.self)) }
            return containsBytes(asciiText, pattern)
        }

        if patterns.firstPerson.contains(where: has) || patterns.impersonal.contains(where: has) { return true }
        if patterns.absence.contains(where: has) && patterns.sources.contains(where: has) { return true }
        guard asciiText == nil else { return false }
        let characters = words.joined()
        if ideographic.contains(where: { characters.contains($0) }) { return true }
        return ideographicAbsence.contains { characters.contains($0) }
            && ideographicSources.contains { characters.contains($0) }
    }

    /// The phrase lists as the bytes searched for, each phrase between spaces, built once.
    private static let patterns = (
        firstPerson: firstPerson.map(pattern), impersonal: impersonal.map(pattern), absence: absence.map(pattern),
        sources: sources.map(pattern)
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

    /// Checks whether `tokens` hold no claim at all: no number, ideograph or content word.
    public static func hasNoClaim(_ tokens: [Token]) -> Bool {
        !tokens.contains { token in
            switch token.kind {
            case .number, .ideograph: return true
            case .word: return !Lexicon.stopWords.contains(token.normalized)
            case .punctuation: return false
            }
        }
    }
}
