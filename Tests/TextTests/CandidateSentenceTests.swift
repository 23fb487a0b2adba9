import Testing

@testable import Text

@Suite struct CandidateSentenceTests {
    @Test func candidatesAreCappedForHugeContexts() {
        let context = String(repeating: "Alpha beta. ", count: ContextIndex.maximumCandidates + 500)
        let index = ContextIndex(contexts: [context])

        let candidates = index.candidateSentences(sharing: ["alpha"])

        #expect(index.sentences.count > ContextIndex.maximumCandidates)
        #expect(candidates.count == ContextIndex.maximumCandidates)
        #expect(candidates == candidates.sorted())
    }

    @Test func rarestStemsAreTakenFirst() {
        var sentences = Array(repeating: "Common word here.", count: ContextIndex.maximumCandidates + 10)
        sentences.append("Common rare word.")
        let index = ContextIndex(contexts: [sentences.joined(separator: " ")])

        let candidates = index.candidateSentences(sharing: ["common", "rare"])

        #expect(candidates.contains(index.sentences.count - 1))
    }

    @Test func smallContextsScoreEverySharingSentence() {
        let index = ContextIndex(contexts: ["Cats purr. Dogs bark. Cats sleep."])

        #expect(index.candidateSentences(sharing: ["cats"]) == [0, 2])
        #expect(index.candidateSentences(sharing: ["bark"]) == [1])
    }
}
