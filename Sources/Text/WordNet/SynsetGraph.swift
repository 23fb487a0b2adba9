/// The pointers between synsets that lexical relations need, indexed by dense synset id.
struct SynsetGraph: Sendable {
    /// Hypernym (`@`) and instance hypernym (`@i`) pointers, from a synset to its direct parents.
    let hypernyms: CompactAdjacency

    /// Antonym (`!`) pointers. WordNet stores them between words, and the graph lifts them to their synsets.
    let antonyms: CompactAdjacency

    /// Similar-to (`&`) pointers, which link an adjective head synset and its satellites both ways.
    let similars: CompactAdjacency

    /// Whether each synset is an adjective satellite (type `s`).
    let isSatellite: [Bool]

    /// The number of synsets.
    var count: Int { isSatellite.count }

    /// Returns every hypernym up to `maxDepth` levels above any of `synsets`.
    ///
    /// Depth 1 is the direct hypernyms. The walk follows instance hypernyms as well, one level at a time,
    /// so each ancestor is found at its shortest distance from the sources.
    func ancestors(of synsets: some Sequence<Int32>, maxDepth: Int) -> Set<Int32> {
        var found: Set<Int32> = []
        var frontier = Array(synsets)
        for _ in 0..<maxDepth where !frontier.isEmpty {
            var next: [Int32] = []
            for node in frontier {
                for parent in hypernyms[node] where found.insert(parent).inserted {
                    next.append(parent)
                }
            }
            frontier = next
        }
        return found
    }

    /// Returns the synsets whose antonyms count for `synset`: itself, and for a satellite also its head synsets.
    ///
    /// In WordNet 3.0 only head adjective synsets carry antonym pointers, so "soggy" (a satellite of "wet") reaches the
    /// antonym "dry" through its head.
    func antonymHeads(of synset: Int32) -> [Int32] {
        guard isSatellite[Int(synset)] else { return [synset] }
        return [synset] + similars[synset]
    }
}
