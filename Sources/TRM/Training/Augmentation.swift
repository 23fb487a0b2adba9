import Tensor
import Text

/// Synthetic labelled answers built from the training contexts, to break shortcuts the real data allows.
///
/// In the question-answering data, supported answers are short entity names and unsupported ones are longer
/// sentences, so a model can score length instead of evidence. For each distinct set of contexts this adds a
/// sentence copied from the contexts (supported) and the same sentence with one number, name, word or negation
/// changed (unsupported, with the original as its reference so only the changed tokens are marked). It also adds
/// short answers: for questions, an entity the contexts never mention (unsupported); for summaries, a few words
/// copied from the contexts (supported) and a word they never mention (unsupported).
public struct Augmentation {
    var generator: SeededGenerator
    let vocabulary: [String]
    let names: [String]

    /// Collects the word and name pools that replacements are drawn from.
    public init(records: [LabelledRecord], seed: UInt64) {
        generator = SeededGenerator(seed: seed)
        var words = Set<String>()
        var names = Set<String>()
        // The pools come from the first 2,000 records only, which bounds the time spent tokenizing long contexts.
        for record in records.prefix(2000) {
            for token in Tokenizer.tokenize(record.contexts.joined(separator: " ")) where token.kind == .word {
                if token.isCapitalized, token.text.count > 2 {
                    names.insert(token.text)
                } else if FeatureExtractor.isContent(token), token.text.count > 3 {
                    words.insert(token.text)
                }
            }
        }
        vocabulary = words.sorted()
        self.names = names.sorted()
    }

    /// Returns the synthetic records for every distinct set of contexts in `records`.
    public mutating func records(from records: [LabelledRecord]) -> [LabelledRecord] {
        var seen = Set<String>()
        var output: [LabelledRecord] = []
        for record in records where seen.insert(record.contexts.joined(separator: "\u{1}")).inserted {
            output += augment(record)
        }
        return output
    }

    private mutating func augment(_ record: LabelledRecord) -> [LabelledRecord] {
        let index = ContextIndex(contexts: record.contexts)
        let candidates = index.sentences.filter { (6...60).contains($0.tokens.count) }
        guard !candidates.isEmpty else { return [] }
        let sentence = candidates[Int(generator.next() % UInt64(candidates.count))]
        let text = Self.text(of: sentence, in: record.contexts)
        let source = record.question == nil ? "augmented-summary" : "augmented-qa"

        var output = [
            LabelledRecord(
                id: record.id + "-copy", source: source, question: record.question, contexts: record.contexts,
                answer: text, label: 1)
        ]
        if let changed = perturb(text, contexts: index) {
            output.append(
                LabelledRecord(
                    id: record.id + "-changed", source: source, question: record.question, contexts: record.contexts,
                    answer: changed, label: 0, reference: text))
        }
        if record.question == nil {
            output += shortSummaries(record, sentence, index, source: source)
        }
        if record.question != nil, let name = absentName(index) {
            output.append(
                LabelledRecord(
                    id: record.id + "-absent", source: source, question: record.question, contexts: record.contexts,
                    answer: name, label: 0, reference: ""))
        }
        return output
    }

    private static func text(of sentence: ContextIndex.Sentence, in contexts: [String]) -> String {
        let scalars = Array(contexts[sentence.context].unicodeScalars)
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[sentence.start..<sentence.end])
        return text
    }

    /// Returns one-to-three-word summaries: words copied from `sentence` (supported) and a word from other
    /// contexts that these never mention (unsupported), so a short answer is judged by its evidence too.
    private mutating func shortSummaries(
        _ record: LabelledRecord, _ sentence: ContextIndex.Sentence, _ index: ContextIndex, source: String
    ) -> [LabelledRecord] {
        var output: [LabelledRecord] = []
        let starts = sentence.tokens.indices.filter { FeatureExtractor.isContent(sentence.tokens[$0]) }
        if let first = starts.randomElement(using: &generator) {
            let last = min(first + Int(generator.next() % 3), sentence.tokens.count - 1)
            let scalars = Array(record.contexts[sentence.context].unicodeScalars)
            var phrase = ""
            phrase.unicodeScalars.append(contentsOf: scalars[sentence.tokens[first].start..<sentence.tokens[last].end])
            output.append(
                LabelledRecord(
                    id: record.id + "-phrase", source: source, question: nil, contexts: record.contexts,
                    answer: phrase, label: 1))
        }
        for _ in 0..<8 where !vocabulary.isEmpty {
            let word = vocabulary[Int(generator.next() % UInt64(vocabulary.count))]
            guard !index.containsWord(Tokenizer.normalize(word)) else { continue }
            output.append(
                LabelledRecord(
                    id: record.id + "-absent", source: source, question: nil, contexts: record.contexts, answer: word,
                    label: 0, reference: ""))
            break
        }
        return output
    }

    /// Returns a name from other contexts that these contexts never mention.
    private mutating func absentName(_ index: ContextIndex) -> String? {
        for _ in 0..<8 where !names.isEmpty {
            let name = names[Int(generator.next() % UInt64(names.count))]
            if !index.containsWord(Tokenizer.normalize(name)) { return name }
        }
        return nil
    }
}
