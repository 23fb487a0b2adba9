import Foundation

/// Look-up tables over the contexts of one request: words, stems, n-grams, numbers, names and sentences.
///
/// Built once per request and read by the feature extractor for every answer token.
public struct ContextIndex: Sendable {
    /// One sentence of one context, with the stems of its tokens.
    public struct Sentence: Sendable {
        public var context: Int
        /// Scalar offsets of the sentence within its context.
        public var start: Int
        public var end: Int
        public var tokens: [Token]
        public var stems: [String]
        public var stemSet: Set<String>
        public var negationCount: Int
    }

    public let contexts: [String]
    public let sentences: [Sentence]
    let normalizedWords: Set<String>
    let stems: Set<String>
    let bigrams: Set<String>
    let trigrams: Set<String>
    let numbers: Set<Double>
    let names: Set<String>
    let stemCounts: [String: Int]
    let sentenceFrequency: [String: Int]
    /// Indices of the sentences that contain each stem, ascending.
    let postings: [String: [Int]]

    /// Most context sentences scored per answer sentence. Exact for contexts of up to this many sentences;
    /// past it, the sentences that share the rarest stems are scored first, which bounds the cost of a request.
    public static let maximumCandidates = 4096

    /// Indexes `contexts`, tokenizing each and splitting it into sentences.
    public init(contexts: [String]) {
        self.contexts = contexts
        var sentences: [Sentence] = []
        for (index, context) in contexts.enumerated() {
            sentences += ContextIndex.sentences(of: context, index: index)
        }
        self.sentences = sentences

        let allTokens = sentences.flatMap(\.tokens)
        let allStems = sentences.flatMap(\.stems)
        normalizedWords = Set(allTokens.map(\.normalized))
        stems = Set(allStems)
        bigrams = Set(sentences.flatMap { ContextIndex.ngrams($0.stems, size: 2) })
        trigrams = Set(sentences.flatMap { ContextIndex.ngrams($0.stems, size: 3) })
        numbers = Set(allTokens.filter { $0.kind == .number }.compactMap { Lexicon.numericValue($0.text) })
        names = Set(allTokens.filter(\.isCapitalized).map(\.normalized))
        stemCounts = allStems.reduce(into: [:]) { counts, stem in counts[stem, default: 0] += 1 }
        sentenceFrequency = sentences.reduce(into: [:]) { counts, sentence in
            for stem in sentence.stemSet { counts[stem, default: 0] += 1 }
        }
        postings = sentences.enumerated().reduce(into: [:]) { postings, entry in
            for stem in entry.element.stemSet { postings[stem, default: []].append(entry.offset) }
        }
    }

    /// Returns the inverse sentence frequency of a stem: high for rare words, about 1 for common ones.
    public func idf(_ stem: String) -> Float {
        let count = Float(sentenceFrequency[stem] ?? 0)
        return log((Float(sentences.count) + 1) / (count + 1)) + 1
    }

    func count(of stem: String) -> Int { stemCounts[stem] ?? 0 }

    /// Returns, ascending, the sentences that share a stem with `stems`, rarest stems first, at most
    /// `maximumCandidates` of them.
    func candidateSentences(sharing stems: [String]) -> [Int] {
        let lists = stems.compactMap { postings[$0] }.sorted { $0.count < $1.count }
        var candidates = Set<Int>()
        for list in lists {
            for index in list {
                guard candidates.count < Self.maximumCandidates else { return candidates.sorted() }
                candidates.insert(index)
            }
        }
        return candidates.sorted()
    }
    public func containsWord(_ normalized: String) -> Bool { normalizedWords.contains(normalized) }
    func containsStem(_ stem: String) -> Bool { stems.contains(stem) }
    func containsBigram(_ first: String, _ second: String) -> Bool { bigrams.contains(first + " " + second) }
    func containsTrigram(_ a: String, _ b: String, _ c: String) -> Bool { trigrams.contains(a + " " + b + " " + c) }
    public func containsNumber(_ value: Double) -> Bool { numbers.contains(value) }

    /// Checks whether a context number lies within `tolerance` of `value`, relative to the larger of the two.
    func containsNumber(near value: Double, tolerance: Double = 0.02) -> Bool {
        numbers.contains { abs($0 - value) <= tolerance * max(abs($0), abs(value)) }
    }
    func containsName(_ normalized: String) -> Bool { names.contains(normalized) }

    /// Returns the stem used for matching a token: a crude stem for words, the normalized text otherwise.
    public static func stem(of token: Token) -> String {
        token.kind == .word ? Lexicon.stem(token.normalized) : token.normalized
    }

    private static func sentences(of context: String, index: Int) -> [Sentence] {
        let tokens = Tokenizer.tokenize(context)
        var cursor = 0
        return SentenceSplitter.split(context).map { sentence in
            var inside: [Token] = []
            while cursor < tokens.count, tokens[cursor].start < sentence.end {
                if tokens[cursor].start >= sentence.start { inside.append(tokens[cursor]) }
                cursor += 1
            }
            let stems = inside.map(stem(of:))
            return Sentence(
                context: index, start: sentence.start, end: sentence.end, tokens: inside, stems: stems,
                stemSet: Set(stems), negationCount: inside.filter { Lexicon.negations.contains($0.normalized) }.count)
        }
    }

    private static func ngrams(_ stems: [String], size: Int) -> [String] {
        guard stems.count >= size else { return [] }
        return (0...(stems.count - size)).map { stems[$0..<($0 + size)].joined(separator: " ") }
    }
}
