/// The morphological rules that map an inflected word to the base forms that WordNet lists.
///
/// This follows WordNet's `morphy`: per part of speech, the exception list (`noun.exc`, `verb.exc`, …) for
/// irregular forms such as "geese" and "ran", then the suffix rules of ``PartOfSpeech/detachmentRules``.
/// It returns every candidate that the index lists, over all parts of speech, including the word itself.
// NOTE: Collocations are looked up whole, not word by word, and nouns in "-ful" get no special rule, so
// "attorneys general" and "boxesful" find no lemma unless an exception list names them.
struct Lemmatizer: Sendable {
    /// The base forms of each irregular inflected form, one table per part of speech.
    private let exceptions: [[String: [String]]]

    /// Returns the lower-case lookup key of a word: trimmed, with runs of spaces joined by one underscore.
    static func normalize(_ word: String) -> String {
        let parts = word.lowercased().split(whereSeparator: { $0.isWhitespace })
        return parts.joined(separator: "_")
    }

    /// Returns the base forms of `word` that `index` lists under any part of speech, sorted and unique.
    ///
    /// The word itself counts when the index lists it. The result is empty when nothing matches.
    func lemmas(of word: String, in index: LemmaIndex) -> [String] {
        let key = Self.normalize(word)
        guard !key.isEmpty else { return [] }

        var found: Set<String> = []
        for partOfSpeech in PartOfSpeech.allCases {
            if index.contains(key, as: partOfSpeech) {
                found.insert(key)
            }
            for base in exceptions[partOfSpeech.rawValue][key] ?? [] where index.contains(base, as: partOfSpeech) {
                found.insert(base)
            }
            for base in Self.detach(key, rules: partOfSpeech.detachmentRules)
            where index.contains(base, as: partOfSpeech) {
                found.insert(base)
            }
        }
        return found.sorted()
    }

    /// Applies each rule whose suffix ends `word`, leaving a non-empty stem.
    private static func detach(_ word: String, rules: [(suffix: String, ending: String)]) -> [String] {
        var bases: [String] = []
        for rule in rules where word.utf8.count > rule.suffix.utf8.count && word.hasSuffix(rule.suffix) {
            bases.append(String(word.dropLast(rule.suffix.count)) + rule.ending)
        }
        return bases
    }

    /// Parses the four exception lists of `directory`, whose lines read `inflected base…`.
    ///
    /// - Throws: ``WordNetError`` naming a missing, unreadable or corrupt exception list.
    static func load(directory: String) throws -> Lemmatizer {
        var exceptions: [[String: [String]]] = []
        for partOfSpeech in PartOfSpeech.allCases {
            let file = try DatabaseFile(directory: directory, name: "\(partOfSpeech.fileSuffix).exc")
            var table: [String: [String]] = [:]
            try file.forEachLine { scanner, line in
                guard let inflected = scanner.nextString(), let firstBase = scanner.nextString() else {
                    throw file.corrupt(line: line, "expected an inflected form followed by its base forms")
                }
                table[inflected, default: []].append(firstBase)
                while let base = scanner.nextString() {
                    table[inflected, default: []].append(base)
                }
            }
            exceptions.append(table)
        }
        return Lemmatizer(exceptions: exceptions)
    }
}
