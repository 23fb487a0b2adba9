/// Recognises answers that decline to answer or make no claim, which are labelled `abstain`, never scored.
// NOTE: on a test set written without seeing them, the phrase lists recognised 59 of 120 refusals and, with
// `RefusalClassifier` behind them, 78 (docs/benchmarks.md). A refusal in other words is judged as a claim and
// usually labelled unsupported.
public enum RefusalDetector {
    /// Phrases that decline in the first person, whatever they refer to.
    ///
    /// Phrases that also open common titles and quotations ("I Can't Help Myself", "I cannot tell a lie") are
    /// kept only with what follows them in a refusal ("i can't help with", "i cannot tell from").
    static let firstPerson = [
        "i cannot answer", "i can't answer", "i can not answer", "i am unable to", "i'm unable to", "i was unable to",
        "i don't know", "i do not know", "i dont know", "i cannot determine", "i can't determine",
        "i could not determine", "i couldn't determine", "i am sorry", "i'm sorry", "i'm afraid i", "i am afraid i",
        "i cannot find", "i can't find", "i could not find", "i couldn't find", "i am not able to", "i'm not able to",
        "i was not able to", "i cannot provide", "i can't provide", "i cannot help with", "i can't help with",
        "i cannot tell from", "i can't tell from", "i cannot say", "i can't say", "i cannot confirm",
        "i can't confirm", "i am not sure", "i'm not sure", "i am unsure", "i'm unsure", "i am not certain",
        "i'm not certain", "i am uncertain", "i'm uncertain", "i have no idea", "i have no information",
        "i have no way of knowing", "i don't have enough", "i do not have enough", "i don't have any information",
        "i do not have any information", "i don't have information", "i do not have information",
        "i don't have the information", "i do not have the information", "i lack the information", "i wasn't able to",
        "i couldn't answer", "i could not answer", "i'd rather not guess", "i would rather not guess",
        "i cannot summarise", "i can't summarise", "i cannot summarize", "i can't summarize", "we cannot answer",
        "we can't answer", "we cannot determine", "we can't determine", "i could not locate", "i couldn't locate",
        "i cannot locate", "i can't locate", "i don't have an answer", "i do not have an answer",
        "we are unable to", "we're unable to", "i don't see anything", "i do not see anything", "i don't see any",
        "i do not see any",
        "i don't have that information", "i do not have that information", "i don't have sufficient",
        "i do not have sufficient", "i cannot tell whether", "i can't tell whether", "i cannot tell if",
        "i can't tell if", "i cannot tell how", "i can't tell how", "i cannot tell who", "i can't tell who",
        "i cannot tell what", "i can't tell what", "i cannot tell when", "i can't tell when",
        // French, Spanish, Portuguese, German, Italian, Dutch, Russian and Hindi, as the tokenizer folds them: no
        // accents, lower case.
        "je ne sais pas", "je ne peux pas repondre", "no lo se", "no puedo responder", "no puedo contestar",
        "nao sei", "nao posso responder", "ich weiss nicht", "ich weiß nicht", "weiss ich nicht", "weiß ich nicht",
        "ich weiss es nicht", "ich weiß es nicht", "non lo so", "non posso rispondere", "ik weet het niet",
        "я не знаю", "मुझे नहीं पता", "nicht beantworten", "keine informationen", "je n'ai pas assez",
        "no tengo suficiente", "nao tenho informacoes", "нет информации", "ne permet pas de repondre",
        "nao e possivel responder", "no es posible responder", "non e possibile rispondere", "nao encontrei",
        "no encontre", "je n'ai pas trouve", "ik weet het niet", "لا أعرف", "لا اعرف",
    ]

    /// Adverbs that may stand inside a refusal phrase ("I honestly don't know"), dropped before matching.
    static let fillers: Set<String> = ["honestly", "really", "truly", "simply", "actually", "just", "currently"]

    /// Openings of a refusal that has no subject ("Cannot answer based on the context.", "Unknown from the
    /// passages."). After a subject, "unable to answer" and "insufficient information" state a fact: "The
    /// defendant was unable to answer the charges."
    static let openings = [
        "cannot answer", "can't answer", "cannot determine", "can't determine", "cannot say", "can't say",
        "not sure", "unknown from", "unknown based on", "unknown according to", "insufficient evidence",
        "nothing to summarise", "nothing to summarize", "no answer found", "no answer was found",
        "no information available", "no information is available", "unable to answer", "unable to determine",
        "nobody knows", "no one knows", "not available",
        "insufficient information",
    ]

    /// Endings of a refusal that names no source ("The designer cannot be determined."). Elsewhere in a
    /// sentence these phrases state a fact: "whether a program halts cannot be determined by any algorithm".
    static let endings = ["cannot be determined", "can't be determined"]

    /// Phrases stating that the answer cannot be found, without naming who looked.
    static let impersonal = [
        "cannot be determined from", "can't be determined from", "cannot be determined based on",
        "can't be determined based on", "not enough information", "insufficient information to",
        "insufficient information in", "cannot be answered", "can't be answered", "not able to answer",
        "not possible to answer", "impossible to answer", "not possible to determine", "impossible to determine",
        "not possible to tell", "not enough context", "insufficient context", "isn't enough information",
        "is not enough information", "not sufficient information", "isn't sufficient information",
        "no relevant information", "no answer can be", "cannot be inferred", "can't be inferred",
        "not covered here", "isn't covered here", "there's no information", "there is no information",
    ]

    /// Whole answers, or the clause after an answer's last colon ("Designer: unknown."), that only state that the
    /// answer is unknown.
    static let bare: Set<String> = [
        "unknown", "n a", "not known", "no answer", "cannot answer", "can't answer", "cannot say", "can't say",
        "unanswerable", "not answerable", "no idea", "not sure", "cannot be determined", "can't be determined",
        "undetermined", "not stated", "not mentioned", "not specified", "not provided", "not available",
        "not given", "no information", "no data", "unclear", "it's unclear", "it is unclear", "idk", "no se",
    ]

    /// Words that name the sources, which turn a negated statement into a refusal.
    ///
    /// A bare "source" is left out, since it is as often the source of a river or of a rumour, and so are
    /// "article" and "texts", which name laws and scriptures as often as the passages. "Material" and
    /// "excerpt" count only beside an absence phrase, as every source word does.
    static let sources = [
        "document", "documents", "context", "contexts", "passage", "passages", "text", "the sources",
        "provided sources", "given sources", "sources provided", "information provided", "provided information",
        "information given", "given information", "provided material", "provided materials", "excerpt", "excerpts",
        "material", "materials", "documentation", "source material", "retrieved sources", "my sources",
        "knowledge base", "snippet", "snippets", "information i have", "النص", "контексте",
        // French, Spanish, Portuguese, German and Italian, for the absence phrases in those languages.
        "documentos", "dokumente", "dokumenten", "contexte", "contexto", "kontext", "documenti", "contesto",
        "testo", "texte", "texto", "documenten", "المستندات", "السياق",
    ]

    /// Uses of the source words that name something else: "the text of the will", "the passage of the act", "in
    /// this context". They are removed before the source words are looked for.
    static let otherSenses = ["in this context"] + sources.filter { !$0.contains(" ") }.map { $0 + " of" }

    /// Absence phrases, those of `phrasesOfAbsence` and the forms of its "not" phrases with "isn't" and "aren't".
    static let absence =
        phrasesOfAbsence
        + phrasesOfAbsence.filter { $0.hasPrefix("not ") }.flatMap { phrase in
            ["isn't", "aren't"].map { $0 + phrase.dropFirst(3) }
        }

    /// Verbs that a source does not do in a refusal ("The passage does not mention…"), each taken in the four
    /// negated forms "does not", "do not", "doesn't" and "don't".
    static let absentVerbs = [
        "mention", "say", "provide", "contain", "state", "specify", "include", "give", "tell", "cover", "address",
        "explain", "discuss", "report", "identify", "indicate", "answer", "appear to", "appear in",
    ]

    static let phrasesOfAbsence =
        absentVerbs.flatMap { verb in ["does not", "do not", "doesn't", "don't"].map { "\($0) \(verb)" } } + [
            "not mentioned in", "not stated in", "not specified in", "not included in", "not provided in",
            "not given in", "not found in", "not identified in", "not covered in", "not present in", "not named in",
            "not listed in", "not disclosed in", "not explained in", "not reported in", "not given anywhere",
            "not mentioned anywhere", "not available", "not mention", "not something", "not enough evidence",
            "not enough detail", "not enough details", "no information", "no mention", "no details", "no detail",
            "no answer", "no data on", "nothing about", "nothing in the", "contain no", "contains no",
            "lacks information", "lacks details", "lacks the information", "lack information", "lack details",
            "lack the information", "cannot be found", "can't be found", "could not be found", "couldn't be found",
            "are silent", "is silent on this", "is silent on who", "is silent on what", "is silent on when",
            "is silent on how", "is silent on whether", "only discusses", "only describes", "only covers",
            "only mentions", "only talks about", "only gives", "only provides", "only discuss", "only describe",
            "only cover", "only mention", "none of the documents", "none of the passages", "none of the excerpts",
            "none of the retrieved", "none of the provided", "none of the supplied", "none of them",
            "neither passage", "neither document", "neither excerpt", "outside the scope",
            // French, Spanish, German, Portuguese, Italian, Dutch, Arabic and Russian, as the tokenizer folds them.
            "ne mentionnent pas", "ne mentionne pas", "ne precisent pas", "ne precise pas", "ne contiennent pas",
            "no lo mencionan", "no lo menciona", "no mencionan", "no menciona", "no se menciona", "no contienen",
            "no contiene", "no dice", "no dicen", "no incluye", "no incluyen", "keine angaben", "nicht hervor",
            "nao mencionam", "nao menciona", "non contengono", "non contiene", "non specifica", "non specificano",
            "staat niet in", "لا يذكر", "لا تحتوي", "нет ответа",
        ]

    /// Hedges that make a refusal beside a word for the sources and a word that points at them, as in "It is
    /// unclear from the context." Without the pointer, "The context of the deal remains unclear" is a claim.
    static let hedges = ["unclear", "not clear"]
    static let pointers = ["from", "based on", "according to", "on this"]

    /// Refusals in Chinese, Simplified then Traditional, then Japanese and Korean ("cannot answer", "cannot
    /// determine", "do not know"). They are matched in the answer's characters without spaces, since Chinese and
    /// Japanese do not separate their words and Korean may write these phrases with or without spaces.
    static let ideographic = [
        "无法回答", "不能回答", "无法确定", "不能确定", "无法判断", "无法根据", "无法从", "无法找到", "找不到", "无法提供",
        "无法得知", "无从得知", "没有足够的信息", "我不知道", "我不确定", "我不清楚", "信息不足", "没有相关信息", "無法回答", "不能回答", "無法確定", "不能確定", "無法判斷",
        "無法根據",
        "無法找到", "無法提供", "無法得知", "無從得知", "沒有足夠的資訊", "我不確定", "我不清楚", "資訊不足", "沒有相關資訊", "答えられません", "回答できません", "分かりません",
        "わかりません", "判断できません", "特定できません", "お答えできません", "모르겠습니다", "모르겠어요", "잘모릅니다", "답변할수없", "답할수없", "알수없습니다",
    ]

    /// Whole Chinese and Japanese answers that only state that the answer is unknown ("不明です。").
    static let ideographicBare: Set<String> = ["不明", "不明です", "知りません", "不知道", "不清楚", "未知", "不详"]

    /// Chinese, Japanese and Korean phrases for "not mentioned", "not provided" and "no information", which make a
    /// refusal only beside a word for the sources, as `absence` does in English.
    static let ideographicAbsence = [
        "没有提到", "没有提及", "未提及", "未提到", "没有提供", "没有说明", "沒有提到", "沒有提及", "沒有提供",
        "沒有說明", "没有关于", "沒有關於", "含まれていません", "記載されていません", "記載がありません", "記載はありません", "記載がない", "言及されていません",
        "書かれていません", "정보가없습니다", "정보가없어요",
    ]
    /// Chinese, Japanese and then Korean words for the documents, the context, the passages and the text (段落,
    /// 文件, 資料 and 文本 serve more than one language).
    static let ideographicSources = [
        "文档", "文件", "资料", "上下文", "段落", "文本", "文章", "文檔", "資料", "文書", "文脈", "本文", "문서", "자료",
    ]

    /// Checks whether `answer` is a refusal ("I cannot answer that from the documents").
    ///
    /// Phrases match whole words only, so "casino answered" does not match "no answer". A negated statement
    /// counts only when it also names the sources, so "Patients cannot answer questions" is a claim.
    public static func isRefusal(_ answer: String) -> Bool {
        isRefusal(tokens: Tokenizer.tokenize(answer))
    }

    /// Checks whether an answer, given as its tokens, is a refusal, as `isRefusal(_:)` does for its text.
    ///
    /// With `acrossSentences`, the tokens span several sentences and only whole phrases count: a word for the
    /// sources in one sentence and an absence phrase in the next ("According to the text, … DNA is not found in
    /// them.") are two claims, not a refusal.
    public static func isRefusal(tokens: [Token], acrossSentences: Bool = false) -> Bool {
        // A refusal is short: more than 60 words, quoted ones included, make a claim.
        var wordCount = 0
        for token in tokens where token.kind != .punctuation {
            wordCount += 1
            if wordCount > 60 { return false }
        }
        let words = words(of: tokens)
        // The bare answers are at most three words long, so longer sentences skip building the joined text.
        if words.count <= 3, bare.contains(words.joined(separator: " ")) { return true }
        if let colon = tokens.lastIndex(where: { $0.text == ":" || $0.text == "\u{FF1A}" }),
            tokens.count - colon <= 5,
            bare.contains(Self.words(of: Array(tokens[(colon + 1)...])).joined(separator: " "))
        {
            return true
        }

        let phraseWords = words.filter { !fillers.contains($0) }
        let text = " " + phraseWords.joined(separator: " ") + " "
        let asciiText = text.utf8.allSatisfy { $0 < 0x80 } ? Array(text.utf8) : nil
        func has(_ pattern: [UInt8]) -> Bool {
            // In ASCII text a byte search finds exactly what Foundation's search finds: a phrase with other
            // characters matches neither way.
            guard let asciiText else { return text.contains(String(decoding: pattern, as: UTF8.self)) }
            return containsBytes(asciiText, pattern)
        }
        func opens(_ pattern: [UInt8]) -> Bool {
            guard let asciiText else { return text.utf8.starts(with: pattern) }
            return asciiText.starts(with: pattern)
        }
        if patterns.firstPerson.occurs(inWords: phraseWords, text: text, ascii: asciiText)
            || patterns.impersonal.occurs(inWords: phraseWords, text: text, ascii: asciiText)
            || patterns.openings.contains(where: opens) || endings.contains(where: { text.hasSuffix(" \($0) ") })
        {
            return true
        }

        if asciiText == nil {
            let characters = words.joined()
            if ideographicBare.contains(characters) || ideographic.contains(where: { characters.contains($0) }) {
                return true
            }
            if !acrossSentences, ideographicAbsence.contains(where: { characters.contains($0) }),
                ideographicSources.contains(where: { characters.contains($0) })
            {
                return true
            }
        }
        guard !acrossSentences else { return false }

        // The absence and hedge phrases are rare in claims, so the sources are looked for only beside one.
        let absent = patterns.absence.occurs(inWords: phraseWords, text: text, ascii: asciiText)
        guard absent || (patterns.hedges.contains(where: has) && patterns.pointers.contains(where: has)) else {
            return false
        }
        var sourceText = text
        for phrase in otherSenses where sourceText.contains(" \(phrase) ") {
            sourceText = sourceText.replacingOccurrences(of: " \(phrase) ", with: " ")
        }
        return sources.contains { sourceText.contains(" \($0) ") }
    }

    /// Words that may come before the pronoun "I" with a capital, as in "Sorry I can't help with that". After
    /// any other capitalised word, "I" is read as a Roman numeral ("Charles I was unable to…").
    static let beforePronoun: Set<String> = [
        "sorry", "unfortunately", "honestly", "frankly", "sadly", "regrettably", "well", "yes", "no", "hmm", "um",
        "still", "again", "also", "currently", "really", "however", "apologies", "ok", "okay",
    ]

    /// Returns the normalized words of `tokens`, punctuation and quotations left out and a Roman numeral "I"
    /// written as "i.".
    static func words(of tokens: [Token]) -> [String] {
        var words: [String] = []
        var quoted = false
        for (index, token) in tokens.enumerated() {
            // Words between double quotation marks are a title or someone else's words ("I'm Sorry" topped the
            // charts), so they are left out.
            if token.text == "\"" || token.text == "\u{201C}" || token.text == "\u{201D}" {
                switch token.text {
                case "\u{201C}": quoted = true
                case "\u{201D}": quoted = false
                default: quoted.toggle()
                }
                continue
            }
            // A single quotation mark after a space and before a word opens a quotation ('I'm Sorry, Marguerite').
            // Right after a word it closes one, and elsewhere it is an apostrophe.
            if token.text == "'" || token.text == "\u{2018}" || token.text == "\u{2019}" {
                let previous = index > 0 ? tokens[index - 1] : nil
                let next = index + 1 < tokens.count ? tokens[index + 1] : nil
                let opens =
                    (previous.map { $0.end < token.start } ?? true) && next.map { $0.start == token.end } ?? false
                if opens && token.text != "\u{2019}" {
                    quoted = true
                } else if quoted, previous.map({ $0.end == token.start }) ?? false {
                    quoted = false
                }
                continue
            }
            guard token.kind != .punctuation, !quoted else { continue }
            let previous = index > 0 ? tokens[index - 1] : nil
            let isNumeral =
                token.text == "I"
                && previous.map { previous in
                    previous.kind == .word && previous.isCapitalized
                        && !Lexicon.stopWords.contains(previous.normalized)
                        && !beforePronoun.contains(previous.normalized)
                } ?? false
            words.append(isNumeral ? "i." : token.normalized)
        }
        return words
    }

    /// The phrase lists as the bytes searched for, each phrase between spaces, built once.
    static let patterns = (
        firstPerson: PhraseSet(firstPerson), impersonal: PhraseSet(impersonal), absence: PhraseSet(absence),
        hedges: hedges.map(pattern), pointers: pointers.map(pattern), openings: openings.map(pattern)
    )

    /// Phrases grouped by their first word, so a text is searched only for the phrases whose first word it has.
    struct PhraseSet: Sendable {
        let all: [String]
        let byFirstWord: [String: [[UInt8]]]

        init(_ phrases: [String]) {
            all = phrases.map { " \($0) " }
            byFirstWord = Dictionary(grouping: phrases) { String($0.prefix { $0 != " " }) }
                .mapValues { $0.map(RefusalDetector.pattern) }
        }

        /// Checks whether any phrase occurs in `text`, the space-separated `words` with a space at each end, given
        /// as bytes when it is ASCII.
        func occurs(inWords words: [String], text: String, ascii: [UInt8]?) -> Bool {
            guard let ascii else { return all.contains { text.contains($0) } }
            for word in words {
                guard let candidates = byFirstWord[word] else { continue }
                if candidates.contains(where: { RefusalDetector.containsBytes(ascii, $0) }) { return true }
            }
            return false
        }
    }

    static func pattern(_ phrase: String) -> [UInt8] {
        Array((" " + phrase + " ").utf8)
    }

    static func containsBytes(_ text: [UInt8], _ pattern: [UInt8]) -> Bool {
        guard pattern.count <= text.count else { return false }
        for start in 0...(text.count - pattern.count) where text[start] == pattern[0] {
            if text[start..<start + pattern.count].elementsEqual(pattern) { return true }
        }
        return false
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
