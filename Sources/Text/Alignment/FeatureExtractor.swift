/// The aligned context sentence that best supports one answer sentence.
public struct Evidence: Sendable, Equatable {
    public var context: Int
    /// Scalar offsets of the supporting sentence within its context.
    public var start: Int
    public var end: Int
    /// IDF-weighted share of the answer sentence's content words found in the evidence sentence, 0-1.
    public var score: Float
}

/// An answer split into tokens and sentences, with one feature vector per token.
public struct AnswerAnalysis: Sendable {
    /// The answer's tokens, without the list markers ("1.", "-") that open list items and belong to no sentence, and
    /// without citation markers and Markdown emphasis (`AnswerMarkup`).
    public var tokens: [Token]
    public var sentences: [SentenceSplitter.Sentence]
    /// Index into `sentences` for every token.
    public var sentenceOfToken: [Int]
    /// Indices into `tokens` of each sentence's tokens, in order: the inverse of `sentenceOfToken`.
    public var tokensOfSentence: [[Int]]
    /// One vector of `TokenFeatures.count` values per token.
    public var features: [[Float]]
    /// Best-aligned context sentence per answer sentence, nil when no content word is shared.
    public var evidence: [Evidence?]
    /// Indices into `sentences` of the refusal sentences ("The documents do not say.").
    public var refusals: Set<Int>
    /// Indices into `sentences` of the sentences that share no content word with any context, although they
    /// name something the question does not ("xyz", a sentence in a script the contexts lack). Nothing in the
    /// contexts bears on them, so they cannot be supported.
    public var ungrounded: Set<Int>
}

/// Computes per-token alignment features of an answer against its contexts.
public struct FeatureExtractor: Sendable {
    let wordNet: WordNet?

    /// Creates an extractor; without WordNet every lexical relation is `unknown`.
    public init(wordNet: WordNet?) {
        self.wordNet = wordNet
    }

    /// Splits `answer` into tokens and sentences and computes the features of each token.
    public func analyze(answer: String, question: String?, contexts: ContextIndex) -> AnswerAnalysis {
        let allTokens = Tokenizer.tokenize(answer)
        var markup = AnswerMarkup.indices(in: allTokens)
        markup.formUnion(AnswerMarkup.attributionIndices(in: allTokens, besides: markup))
        markup.formUnion(AnswerMarkup.particlePunctuation(in: allTokens, besides: markup))
        markup.formUnion(AnswerMarkup.wrappingPunctuation(in: allTokens, besides: markup))
        let claimTokens = allTokens.indices.filter { !markup.contains($0) }.map { allTokens[$0] }
        let split = FeatureExtractor.sentences(SentenceSplitter.split(answer, asAnswer: true), holding: claimTokens)
        let tokens = FeatureExtractor.lowercasedWhenAllCapitals(FeatureExtractor.tokens(claimTokens, within: split))
        let (sentences, refusals) = RefusalDetector.separateClauses(
            split, tokens: tokens, hasQuestion: question.isPresentQuestion)
        let sentenceOfToken = FeatureExtractor.assignSentences(tokens, sentences)
        let questionStems = Set(Tokenizer.tokenize(question ?? "").map(ContextIndex.stem(of:)))
        let stems = tokens.map(ContextIndex.stem(of:))

        var features = tokens.indices.map { index in
            lexicalFeatures(index, tokens, stems, questionStems, contexts)
        }
        var evidence: [Evidence?] = []
        var cache: [String: (Int, Float)?] = [:]
        var tokensOfSentence = [[Int]](repeating: [], count: sentences.count)
        for (index, sentence) in sentenceOfToken.enumerated() where sentence < sentences.count {
            tokensOfSentence[sentence].append(index)
        }
        for members in tokensOfSentence {
            evidence.append(alignSentence(members, tokens, stems, contexts, &features, cache: &cache))
        }
        let ungrounded = Set(
            tokensOfSentence.indices.filter { sentence in
                evidence[sentence] == nil
                    && tokensOfSentence[sentence].contains { index in
                        FeatureExtractor.isContent(tokens[index]) && !questionStems.contains(stems[index])
                            && !Lexicon.answerParticles.contains(tokens[index].normalized)
                    }
            })
        return AnswerAnalysis(
            tokens: tokens, sentences: sentences, sentenceOfToken: sentenceOfToken, tokensOfSentence: tokensOfSentence,
            features: features, evidence: evidence, refusals: refusals, ungrounded: ungrounded)
    }

    /// Returns `tokens` in lower case when every word of three or more is written in capitals, since capitals
    /// then mark no names: "THE BRIDGE IS 842 METRES LONG." scored 0.32 where "The bridge is 842 metres long."
    /// scored 0.96, every word being checked as a name the contexts lack. Single letters do not count as words,
    /// so an acronym such as "F.E.A.R." keeps its capitals.
    static func lowercasedWhenAllCapitals(_ tokens: [Token]) -> [Token] {
        let words = tokens.filter { $0.kind == .word && $0.text.unicodeScalars.count > 1 }
        let shouted =
            words.count >= 3
            && words.allSatisfy { word in
                !word.text.unicodeScalars.contains { ScalarProperties.of($0).contains(.lowercase) }
            }
        guard shouted else { return tokens }
        return tokens.map { token in
            var lowered = token
            lowered.text = token.text.lowercased()
            return lowered
        }
    }

    /// Keeps the sentences that contain at least one of `tokens`, which drops one made of markup alone, such as the
    /// citation "[1]" after a full stop.
    static func sentences(_ sentences: [SentenceSplitter.Sentence], holding tokens: [Token]) -> [SentenceSplitter
        .Sentence]
    {
        var token = 0
        return sentences.filter { sentence in
            while token < tokens.count, tokens[token].start < sentence.start {
                token += 1
            }
            return token < tokens.count && tokens[token].start < sentence.end
        }
    }

    /// Keeps the tokens that lie in a sentence, which drops the list markers the splitter leaves between them, so
    /// a marker is never judged as a claim.
    static func tokens(_ tokens: [Token], within sentences: [SentenceSplitter.Sentence]) -> [Token] {
        var sentence = 0
        return tokens.filter { token in
            while sentence < sentences.count, token.start >= sentences[sentence].end {
                sentence += 1
            }
            return sentence < sentences.count && token.start >= sentences[sentence].start
        }
    }

    static func assignSentences(_ tokens: [Token], _ sentences: [SentenceSplitter.Sentence]) -> [Int] {
        var sentence = 0
        return tokens.map { token in
            while sentence + 1 < sentences.count, token.start >= sentences[sentence].end {
                sentence += 1
            }
            return sentence
        }
    }

    /// Checks whether a token carries content: a number, an ideograph, or a word that is not a stop word.
    public static func isContent(_ token: Token) -> Bool {
        switch token.kind {
        case .punctuation: return false
        case .number, .ideograph: return true
        case .word: return !Lexicon.stopWords.contains(token.normalized)
        }
    }
}
