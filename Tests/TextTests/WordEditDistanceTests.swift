import Testing

@testable import Text

/// Two texts and the number of word edits between them.
struct WordDistanceCase: CustomTestStringConvertible, Sendable {
    let first: String
    let second: String
    let distance: Int

    init(_ first: String, _ second: String, _ distance: Int) {
        self.first = first
        self.second = second
        self.distance = distance
    }

    var testDescription: String { "\"\(first)\" to \"\(second)\"" }
}

@Suite struct WordEditDistanceTests {
    static let cases: [WordDistanceCase] = [
        WordDistanceCase("Revenue fell 5 percent.", "Revenue fell 5 percent.", 0),
        WordDistanceCase("Revenue fell 5 percent.", "Revenue rose 5 percent.", 1),
        WordDistanceCase("Revenue fell 5 percent.", "Revenue fell percent.", 1),
        WordDistanceCase("Revenue fell percent.", "Revenue fell 5 percent.", 1),
        WordDistanceCase("Revenue fell 5 percent.", "Costs rose 7 points.", 4),
        WordDistanceCase("Revenue fell 5 percent.", "revenue FELL 5 Percent", 0),
        WordDistanceCase("Revenue, fell: 5 percent!", "Revenue fell 5 percent.", 0),
        WordDistanceCase("José visited Zürich.", "Jose visited Zurich", 0),
        WordDistanceCase("a b c", "c b a", 2),
        WordDistanceCase("kitten sitting on mats", "sitting kitten on mats", 2),
        WordDistanceCase("", "", 0),
        WordDistanceCase("", "three short words", 3),
        WordDistanceCase("three short words", "", 3),
        WordDistanceCase("...", "one", 1),
        WordDistanceCase("东京增加", "东京减少", 2),
    ]

    @Test(arguments: cases)
    func distanceCountsWordEdits(_ pair: WordDistanceCase) {
        #expect(WordEditDistance.distance(pair.first, pair.second) == pair.distance)
    }

    @Test(arguments: cases)
    func distanceIsSymmetric(_ pair: WordDistanceCase) {
        #expect(
            WordEditDistance.distance(pair.first, pair.second) == WordEditDistance.distance(pair.second, pair.first))
    }

    @Test func wordsSkipPunctuationAndNormalise() {
        #expect(WordEditDistance.words("Café, 1,250 TONS!") == ["cafe", "1,250", "tons"])
    }
}
