import Tensor
import Text

/// Synthetic labelled answers built from the training contexts, to break shortcuts the real data allows.
///
/// In the question-answering data, supported answers are short entity names and unsupported ones are longer
/// sentences, so a model can score length instead of evidence. For each distinct set of contexts this adds a
/// sentence copied from the contexts (supported) and the same sentence with one number, name, word or negation
/// changed (unsupported, with the original as its reference so only the changed tokens are marked). For
/// question-answering contexts it also adds a short answer naming an entity the contexts never mention.
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
        // NOTE: summaries get no short records, so a one-word summary absent from the contexts ("aaaa") can still
        // score as supported. Adding copied phrases and absent words for summaries lowered ectsum AUROC in one run.
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

    /// Returns a name from other contexts that these contexts never mention.
    private mutating func absentName(_ index: ContextIndex) -> String? {
        for _ in 0..<8 where !names.isEmpty {
            let name = names[Int(generator.next() % UInt64(names.count))]
            if !index.containsWord(Tokenizer.normalize(name)) { return name }
        }
        return nil
    }
}
