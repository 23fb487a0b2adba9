/// The lemmas of the four index files, each with its synsets and parts of speech.
///
/// Lemmas are lower case with underscores between the words of a collocation, as in `hot_dog`.
struct LemmaIndex: Sendable {
    private let ids: [String: Int32]
    private let synsetLists: CompactAdjacency
    private let partOfSpeechMasks: [UInt8]

    /// The number of distinct lemmas over all parts of speech.
    var count: Int { partOfSpeechMasks.count }

    /// Returns the synsets of `lemma` over all parts of speech, empty if WordNet lacks it.
    func synsets(of lemma: String) -> ArraySlice<Int32> {
        guard let id = ids[lemma] else { return [] }
        return synsetLists[id]
    }

    /// Reports whether `lemma` has at least one sense as `partOfSpeech`.
    func contains(_ lemma: String, as partOfSpeech: PartOfSpeech) -> Bool {
        guard let id = ids[lemma] else { return false }
        return partOfSpeechMasks[Int(id)] & partOfSpeech.maskBit != 0
    }

    /// Parses the four index files of `directory`, resolving synset offsets with `locator`.
    ///
    /// - Throws: ``WordNetError`` naming a missing, unreadable or corrupt index file.
    static func load(directory: String, locator: SynsetLocator) throws -> LemmaIndex {
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(160_000)
        var masks: [UInt8] = []
        var lemmaIDs: [Int32] = []
        var synsetIDs: [Int32] = []

        for partOfSpeech in PartOfSpeech.allCases {
            let file = try DatabaseFile(directory: directory, name: "index.\(partOfSpeech.fileSuffix)")
            try file.forEachLine { scanner, line in
                let entry = try parseEntry(
                    &scanner, partOfSpeech: partOfSpeech, locator: locator, file: file, line: line)

                let id = ids[entry.lemma] ?? Int32(masks.count)
                if id == masks.count {
                    ids[entry.lemma] = id
                    masks.append(0)
                }
                masks[Int(id)] |= partOfSpeech.maskBit
                lemmaIDs.append(contentsOf: repeatElement(id, count: entry.synsets.count))
                synsetIDs.append(contentsOf: entry.synsets)
            }
        }

        let synsetLists = CompactAdjacency(nodeCount: masks.count, sources: lemmaIDs, targets: synsetIDs)
        return LemmaIndex(ids: ids, synsetLists: synsetLists, partOfSpeechMasks: masks)
    }

    /// Parses one index line: `lemma pos synset_cnt p_cnt (ptr_symbol)… sense_cnt tagsense_cnt (synset_offset)…`.
    private static func parseEntry(
        _ scanner: inout FieldScanner,
        partOfSpeech: PartOfSpeech,
        locator: SynsetLocator,
        file: DatabaseFile,
        line: Int
    ) throws -> (lemma: String, synsets: [Int32]) {
        guard let lemma = scanner.nextString(), let letter = scanner.nextLetter(),
            PartOfSpeech(letter: letter) == partOfSpeech
        else {
            throw file.corrupt(line: line, "expected a lemma and the part of speech of this file")
        }
        guard let synsetCount = scanner.nextInteger(), let pointerCount = scanner.nextInteger() else {
            throw file.corrupt(line: line, "expected a synset count and a pointer count")
        }
        for _ in 0..<pointerCount {
            guard scanner.next() != nil else {
                throw file.corrupt(line: line, "expected \(pointerCount) pointer symbols")
            }
        }
        guard scanner.nextInteger() != nil, scanner.nextInteger() != nil else {
            throw file.corrupt(line: line, "expected a sense count and a tagged sense count")
        }

        var synsets: [Int32] = []
        synsets.reserveCapacity(synsetCount)
        for _ in 0..<synsetCount {
            guard let offset = scanner.nextInteger() else {
                throw file.corrupt(line: line, "expected \(synsetCount) synset offsets")
            }
            guard let id = locator.id(offset: UInt32(offset), partOfSpeech: partOfSpeech) else {
                throw file.corrupt(line: line, "synset offset \(offset) is not in data.\(partOfSpeech.fileSuffix)")
            }
            synsets.append(id)
        }
        return (lemma, synsets)
    }
}
