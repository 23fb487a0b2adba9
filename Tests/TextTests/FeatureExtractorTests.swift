import Testing

@testable import Text

/// An extractor over the WordNet database that Debian's `wordnet-base` installs, loaded once for the suite.
private let sharedExtractor = Result { FeatureExtractor(wordNet: try WordNet.load()) }

@Suite struct FeatureExtractorTests {
    /// Analyses `answer` against `contexts` and returns the analysis.
    private func analyze(_ answer: String, _ contexts: [String], question: String? = nil) throws -> AnswerAnalysis {
        let extractor = try sharedExtractor.get()
        return extractor.analyze(answer: answer, question: question, contexts: ContextIndex(contexts: contexts))
    }

    /// Returns the feature row of the first token whose text is `text`.
    private func row(_ analysis: AnswerAnalysis, _ text: String) throws -> [Float] {
        let index = try #require(analysis.tokens.firstIndex { $0.text == text })
        return analysis.features[index]
    }

    @Test func sentenceSharingNoContentWordIsUngrounded() throws {
        let contexts = ["The Eiffel Tower in Paris is 330 metres tall."]

        #expect(try analyze("xyz", contexts).ungrounded == [0])
        #expect(try analyze("The tower is tall. I love bananas.", contexts).ungrounded == [1])
        #expect(try analyze("หอไอเฟลอยู่ในปารีส", contexts).ungrounded == [0])
    }

    @Test func particlesStopWordsAndQuestionWordsNeedNoContextWord() throws {
        let contexts = ["The Eiffel Tower in Paris is 330 metres tall."]

        #expect(try analyze("Yes.", contexts, question: "Is the tower in Paris?").ungrounded.isEmpty)
        #expect(try analyze("It is.", contexts).ungrounded.isEmpty)
        #expect(try analyze("No, not Rome.", contexts, question: "Is the tower in Rome?").ungrounded.isEmpty)
        #expect(try analyze("No, not Rome.", contexts).ungrounded == [0])
    }

    @Test func answerInCapitalsReadsAsLowerCase() throws {
        let contexts = ["The Eiffel Tower in Paris is 330 metres tall."]

        let shouted = try analyze("THE TOWER IS 330 METRES TALL.", contexts)
        let lowered = try analyze("the tower is 330 metres tall.", contexts)

        #expect(shouted.features == lowered.features)
        #expect(try analyze("NASA built it.", contexts).tokens.first?.text == "NASA")
        #expect(try analyze("F.E.A.R.", contexts).tokens.first?.text == "F")
    }

    @Test func absentNumberIsMissing() throws {
        let analysis = try analyze(
            "Revenue rose 15% to $4.5 million in 2021.", ["Revenue rose 12% to $4.5 million in 2021."])
        let changed = try row(analysis, "15")

        #expect(changed[TokenFeatures.numberMissing] == 1)
        #expect(changed[TokenFeatures.numberInContexts] == 0)
        #expect(changed[TokenFeatures.numberInAlignedSentence] == 0)
    }

    @Test func presentNumberIsNotMissing() throws {
        let analysis = try analyze(
            "Revenue rose 15% to $4.5 million in 2021.", ["Revenue rose 12% to $4.5 million in 2021."])
        let present = try row(analysis, "4.5")

        #expect(present[TokenFeatures.numberMissing] == 0)
        #expect(present[TokenFeatures.numberInContexts] == 1)
        #expect(present[TokenFeatures.numberInAlignedSentence] == 1)
    }

    @Test func numberMatchesAcrossSeparators() throws {
        let analysis = try analyze("It cost 1250 dollars.", ["The price was 1,250 dollars."])

        #expect(try row(analysis, "1250")[TokenFeatures.numberMissing] == 0)
    }

    @Test func antonymReplacementIsMarked() throws {
        let analysis = try analyze(
            "Sales were decreasing in the first quarter.", ["Sales were increasing in the first quarter."])
        let replaced = try row(analysis, "decreasing")

        #expect(replaced[TokenFeatures.replaced] == 1)
        #expect(replaced[TokenFeatures.inserted] == 0)
        #expect(replaced[TokenFeatures.matchedInAlignment] == 0)
        #expect(replaced[TokenFeatures.relation + LexicalRelation.antonym.rawValue] == 1)
    }

    @Test func replacementSetsOneRelationColumn() throws {
        let analysis = try analyze(
            "Sales were decreasing in the first quarter.", ["Sales were increasing in the first quarter."])
        let replaced = try row(analysis, "decreasing")
        let relationColumns = replaced[TokenFeatures.relation..<TokenFeatures.negation]

        #expect(relationColumns.reduce(0, +) == 1)
    }

    @Test func unchangedWordsAreMatched() throws {
        let analysis = try analyze(
            "Sales were decreasing in the first quarter.", ["Sales were increasing in the first quarter."])

        for text in ["Sales", "were", "first", "quarter"] {
            let matched = try row(analysis, text)
            #expect(matched[TokenFeatures.matchedInAlignment] == 1, "\(text)")
            #expect(matched[TokenFeatures.replaced] == 0, "\(text)")
        }
    }

    @Test func synonymReplacementIsMarked() throws {
        let analysis = try analyze("They built a large house.", ["They built a big house."])
        let replaced = try row(analysis, "large")

        #expect(replaced[TokenFeatures.replaced] == 1)
        #expect(replaced[TokenFeatures.relation + LexicalRelation.synonym.rawValue] == 1)
    }

    @Test func insertedNegationIsInserted() throws {
        let analysis = try analyze("The bridge was not opened in 1990.", ["The bridge was opened in 1990."])
        let negation = try row(analysis, "not")

        #expect(negation[TokenFeatures.inserted] == 1)
        #expect(negation[TokenFeatures.replaced] == 0)
        #expect(negation[TokenFeatures.negation] == 1)
    }

    @Test func insertedNegationMismatchesSentence() throws {
        let analysis = try analyze("The bridge was not opened in 1990.", ["The bridge was opened in 1990."])

        for features in analysis.features {
            #expect(features[TokenFeatures.negationMismatch] == 1)
            #expect(features[TokenFeatures.alignedSentenceHasNegation] == 0)
        }
    }

    @Test func matchingNegationDoesNotMismatch() throws {
        let analysis = try analyze("The bridge was not opened in 1990.", ["The bridge was not opened in 1990."])

        for features in analysis.features {
            #expect(features[TokenFeatures.negationMismatch] == 0)
            #expect(features[TokenFeatures.alignedSentenceHasNegation] == 1)
        }
    }

    @Test func evidencePointsAtAlignedSentences() throws {
        let contexts = [
            "Alpha came first. The bridge was opened in 1990.",
            "Cats sleep a lot. Dogs bark loudly at night.",
        ]
        let analysis = try analyze("Dogs bark loudly. The bridge opened in 1990.", contexts)
        let first = try #require(analysis.evidence.first ?? nil)
        let second = try #require(analysis.evidence.last ?? nil)

        #expect(analysis.evidence.count == 2)
        #expect(first.context == 1)
        #expect(scalarSlice(contexts[1], first.start, first.end) == "Dogs bark loudly at night.")
        #expect(second.context == 0)
        #expect(scalarSlice(contexts[0], second.start, second.end) == "The bridge was opened in 1990.")
    }

    @Test func evidenceOffsetsCountScalarsAfterEmoji() throws {
        let contexts = ["😀 Prices rose. Café owners in Lyon were pleased."]
        let analysis = try analyze("Café owners in Lyon were pleased.", contexts)
        let evidence = try #require(analysis.evidence.first ?? nil)

        #expect(evidence.start == 15)
        #expect(scalarSlice(contexts[0], evidence.start, evidence.end) == "Café owners in Lyon were pleased.")
    }

    @Test func sentenceWithoutSharedContentHasNoEvidence() throws {
        let analysis = try analyze("Volcanoes erupt. The bridge opened.", ["The bridge opened in 1990."])

        #expect(analysis.evidence.count == 2)
        #expect(analysis.evidence[0] == nil)
        #expect(analysis.evidence[1] != nil)
    }

    @Test func missingNameIsMarked() throws {
        let analysis = try analyze("The prize went to Marie Curie.", ["The prize went to Pierre Curie."])

        #expect(try row(analysis, "Marie")[TokenFeatures.nameMissing] == 1)
        #expect(try row(analysis, "Curie")[TokenFeatures.nameMissing] == 0)
        #expect(try row(analysis, "Curie")[TokenFeatures.nameInContexts] == 1)
    }

    @Test func everyRowHasOneValuePerColumn() throws {
        let analysis = try analyze("Sales rose 5% in Lyon.", ["Sales rose 5% in Lyon last year."])

        #expect(analysis.features.count == analysis.tokens.count)
        #expect(analysis.features.allSatisfy { $0.count == TokenFeatures.count })
        #expect(analysis.sentenceOfToken.count == analysis.tokens.count)
    }

    @Test func listMarkersAreNotTokens() throws {
        let answer = "1. It stands in Paris.\n(2) It is 330 metres tall."
        let analysis = try analyze(answer, ["The tower is 330 metres tall. It stands in Paris."])
        let texts = analysis.tokensOfSentence.map { members in members.map { analysis.tokens[$0].text } }

        #expect(analysis.sentences.map(\.text) == ["It stands in Paris.", "It is 330 metres tall."])
        #expect(texts == [["It", "stands", "in", "Paris", "."], ["It", "is", "330", "metres", "tall", "."]])
        #expect(analysis.tokens.count == analysis.tokensOfSentence.joined().count)
        #expect(analysis.sentenceOfToken.count == analysis.tokens.count)
    }

    static let boundedCases: [(answer: String, contexts: [String], question: String?)] = [
        ("Sales were decreasing in the first quarter.", ["Sales were increasing in the first quarter."], nil),
        ("Revenue rose 15% to $4.5 million.", ["Revenue rose 12%.", "It reached $4.5 million."], "How much?"),
        ("東京は日本の首都です。人口は多い", ["東京は日本の首都です。"], "首都はどこ？"),
        ("I cannot answer that from the documents.", ["The bridge opened in 1990."], nil),
        ("The the the the the.", ["The the the."], nil),
        ("...", ["Text."], nil),
        ("", ["Text."], nil),
        ("Zyxw qrst 👍🏽 9,999,999,999.99!", ["Nothing in common here at all."], "Zyxw?"),
    ]

    @Test(arguments: boundedCases)
    func everyFeatureIsFiniteAndBounded(answer: String, contexts: [String], question: String?) throws {
        let analysis = try analyze(answer, contexts, question: question)

        for (index, features) in analysis.features.enumerated() {
            for (column, value) in features.enumerated() {
                #expect(value.isFinite, "token \(index) column \(column)")
                #expect((-1...1).contains(value), "token \(index) column \(column) is \(value)")
            }
        }
    }
}
