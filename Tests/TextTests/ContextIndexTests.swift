import Testing

@testable import Text

@Suite struct ContextIndexTests {
    static let contexts = ["Cats sleep a lot. Dogs bark.", "東京は首都です。Dogs run"]

    @Test func sentencesKeepContextAndOffsets() {
        let index = ContextIndex(contexts: Self.contexts)
        let texts = index.sentences.map { scalarSlice(Self.contexts[$0.context], $0.start, $0.end) }

        #expect(index.sentences.map(\.context) == [0, 0, 1, 1])
        #expect(texts == ["Cats sleep a lot.", "Dogs bark.", "東京は首都です。", "Dogs run"])
    }

    @Test func tokenOffsetsCountWithinContext() {
        let index = ContextIndex(contexts: Self.contexts)

        for sentence in index.sentences {
            for token in sentence.tokens {
                #expect(scalarSlice(Self.contexts[sentence.context], token.start, token.end) == token.text)
            }
        }
    }

    @Test func sentenceTokensStayInsideSentence() {
        let index = ContextIndex(contexts: Self.contexts)

        #expect(
            index.sentences.map { $0.tokens.map(\.text) } == [
                ["Cats", "sleep", "a", "lot", "."], ["Dogs", "bark", "."], ["東", "京", "は", "首", "都", "で", "す", "。"],
                ["Dogs", "run"],
            ])
    }

    @Test func stemsMatchInflectedForms() {
        let index = ContextIndex(contexts: ["Prices were increasing."])

        #expect(index.containsStem(Lexicon.stem("increased")))
        #expect(index.containsWord("increasing"))
        #expect(!index.containsWord("increased"))
    }

    @Test func rareStemHasHigherInverseFrequency() {
        let index = ContextIndex(contexts: ["Prices rose. Prices fell. Wages held."])
        let prices = ContextIndex.stem(of: Tokenizer.tokenize("prices")[0])
        let wages = ContextIndex.stem(of: Tokenizer.tokenize("wages")[0])

        #expect(index.idf(wages) > index.idf(prices))
        #expect(index.idf("absent") > index.idf(wages))
    }

    @Test func negationsAreCountedPerSentence() {
        let index = ContextIndex(contexts: ["It did not rain. It never snowed nor hailed. Sun shone."])

        #expect(index.sentences.map(\.negationCount) == [1, 2, 0])
    }

    @Test func numbersMatchByValue() {
        let index = ContextIndex(contexts: ["Revenue was $1,250.50 in 2021."])

        #expect(index.containsNumber(1250.5))
        #expect(index.containsNumber(2021))
        #expect(!index.containsNumber(1250))
    }
}
