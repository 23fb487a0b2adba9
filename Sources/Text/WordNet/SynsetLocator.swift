/// A map from a synset's file position to its dense synset id.
///
/// WordNet names a synset by its part of speech and the byte offset of its line in that part of speech's
/// data file. The loader numbers synsets densely in file order (nouns, verbs, adjectives, adverbs), so the
/// ids of one part of speech form a contiguous run and a binary search over the ascending offsets finds them.
struct SynsetLocator: Sendable {
    private var offsets: [[UInt32]] = Array(repeating: [], count: PartOfSpeech.allCases.count)
    private var firstIDs: [Int32] = Array(repeating: 0, count: PartOfSpeech.allCases.count)

    /// The number of synsets over all parts of speech.
    private(set) var count = 0

    /// Appends the next synset of `partOfSpeech` and returns its id, or nil unless offsets ascend.
    ///
    /// Append all synsets of one part of speech before the next, so that each part's ids stay contiguous.
    mutating func append(offset: UInt32, partOfSpeech: PartOfSpeech) -> Int32? {
        if let last = offsets[partOfSpeech.rawValue].last, last >= offset {
            return nil
        }
        if offsets[partOfSpeech.rawValue].isEmpty {
            firstIDs[partOfSpeech.rawValue] = Int32(count)
        }

        offsets[partOfSpeech.rawValue].append(offset)
        count += 1
        return Int32(count - 1)
    }

    /// Returns the id of the synset at `offset` in the data file of `partOfSpeech`, or nil if there is none.
    func id(offset: UInt32, partOfSpeech: PartOfSpeech) -> Int32? {
        let sorted = offsets[partOfSpeech.rawValue]
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < offset {
                low = middle + 1
            } else {
                high = middle
            }
        }

        guard low < sorted.count, sorted[low] == offset else { return nil }
        return firstIDs[partOfSpeech.rawValue] + Int32(low)
    }
}
