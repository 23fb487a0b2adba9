import Testing

@testable import Text

@Suite struct RefusalClassifierTests {
    private func tokens(_ text: String) -> [Token] { Tokenizer.tokenize(text) }

    @Test func shippedWeightsDecode() throws {
        let classifier = try #require(RefusalClassifier.shipped)

        #expect(classifier.weights.count == RefusalClassifier.dimension)
        #expect(classifier.threshold == RefusalClassifier.shippedThreshold)
    }

    @Test func encodingRoundTrips() throws {
        let weights = (0..<RefusalClassifier.dimension).map { Float($0 % 97) / 10 - 4.5 }
        let classifier = RefusalClassifier(weights: weights, bias: -1.25)

        let decoded = try #require(RefusalClassifier(encoded: classifier.encoded()))

        #expect(decoded == classifier)
    }

    @Test(arguments: ["", "AAAA", "not base64 at all"])
    func malformedWeightsDoNotDecode(text: String) {
        #expect(RefusalClassifier(encoded: text) == nil)
    }

    @Test func featuresAreTheSameInEveryProcessAndInRange() {
        let (columns, value) = RefusalClassifier.features(tokens("The handbook is silent on remote work."))

        #expect(columns == columns.sorted())
        #expect(columns.allSatisfy { (0..<RefusalClassifier.dimension).contains($0) })
        #expect(abs(value * value * Float(columns.count) - 1) < 1e-5)
    }

    @Test func sentenceWithoutWordsHasNoFeatures() {
        #expect(RefusalClassifier.features(tokens("... !!")).columns.isEmpty)
    }

    @Test func trainingSeparatesTheClassesAndRepeats() {
        let refusals = [
            "The notes are silent on the budget.", "Nothing here covers the fee.", "The memo is silent on pay.",
            "Nothing in the file covers parking.",
        ]
        let claims = [
            "The budget rose by 4 percent.", "The fee is 20 dollars.", "Pay went up in May.", "Parking is free.",
        ]
        let examples =
            refusals.map { RefusalClassifier.Example(tokens: tokens($0), isRefusal: true) }
            + claims.map { RefusalClassifier.Example(tokens: tokens($0), isRefusal: false) }

        let first = RefusalClassifier.train(examples, epochs: 30, seed: 7)
        let second = RefusalClassifier.train(examples, epochs: 30, seed: 7)

        #expect(first == second)
        #expect(first.probability(tokens("The report is silent on the fee.")) > 0.5)
        #expect(first.probability(tokens("The fee rose by 20 dollars.")) < 0.5)
    }

    /// Refusals the phrase lists miss are found. They come from the tester set that neither the lists nor the
    /// classifier were fitted on.
    @Test(arguments: [
        "The article does not specify.",
        "Information not found.",
        "There's nothing in these notes about when the next meeting is.",
        "Helaas staat deze informatie niet in de aangeleverde passages.",
    ])
    func unseenRefusalsAreRecognised(sentence: String) throws {
        let classifier = try #require(RefusalClassifier.shipped)

        let listed = RefusalDetector.isRefusal(tokens: tokens(sentence))
        let classified = classifier.isRefusal(tokens(sentence))

        #expect(!listed)
        #expect(classified)
    }

    @Test(arguments: [
        "The cause of the fire is unknown, according to the report.",
        "The patient was unable to walk for two weeks.",
        "The report does not include the Q3 figures because they were restated.",
    ])
    func claimsWithRefusalWordsAreNotRefusals(sentence: String) throws {
        let classifier = try #require(RefusalClassifier.shipped)

        let classified = classifier.isRefusal(tokens(sentence))

        #expect(!classified)
    }

    @Test func classifiedSentenceIsCutIntoClaimAndRefusal() throws {
        let classifier = try #require(RefusalClassifier.shipped)
        let answer = "It has 12 floors, but the material supplied doesn't let me answer who built it."
        let answerTokens = tokens(answer)
        let listed = RefusalDetector.isRefusal(tokens: answerTokens)

        let (sentences, refusals) = RefusalDetector.separateClauses(
            SentenceSplitter.split(answer), tokens: answerTokens, hasQuestion: true, classifier: classifier)

        #expect(!listed)
        #expect(
            sentences.map(\.text) == [
                "It has 12 floors", "but the material supplied doesn't let me answer who built it.",
            ])
        #expect(refusals == [1])
    }
}
