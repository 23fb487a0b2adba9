import Testing

@testable import Text

/// Two sequences and the length of their longest common subsequence.
struct AlignmentCase: CustomTestStringConvertible, Sendable {
    let first: [Character]
    let second: [Character]
    let commonLength: Int

    init(_ first: String, _ second: String, _ commonLength: Int) {
        self.first = Array(first)
        self.second = Array(second)
        self.commonLength = commonLength
    }

    var testDescription: String { "\(String(first))/\(String(second))" }
}

@Suite struct SequenceAlignmentTests {
    static let cases: [AlignmentCase] = [
        AlignmentCase("abc", "abc", 3),
        AlignmentCase("abc", "xyz", 0),
        AlignmentCase("ABCBDAB", "BDCABA", 4),
        AlignmentCase("AGGTAB", "GXTXAYB", 4),
        AlignmentCase("aaaa", "aa", 2),
        AlignmentCase("ba", "ab", 1),
        AlignmentCase("a", "", 0),
        AlignmentCase("", "abc", 0),
        AlignmentCase("", "", 0),
    ]

    @Test(arguments: cases)
    func matchFindsLongestCommonSubsequence(_ pair: AlignmentCase) {
        let matches = SequenceAlignment.match(pair.first, pair.second)

        #expect(matches.count == pair.first.count)
        #expect(matches.compactMap { $0 }.count == pair.commonLength)
    }

    @Test(arguments: cases)
    func matchedPairsAreEqualAndInOrder(_ pair: AlignmentCase) {
        let matches = SequenceAlignment.match(pair.first, pair.second)
        var previous = -1

        for (index, match) in matches.enumerated() {
            guard let match else { continue }
            #expect(pair.first[index] == pair.second[match])
            #expect(match > previous)
            previous = match
        }
    }

    @Test func substitutionLeavesOneGap() {
        let matches = SequenceAlignment.match(["sales", "were", "increasing"], ["sales", "were", "decreasing"])

        #expect(matches == [0, 1, nil])
    }

    @Test func insertionShiftsLaterMatches() {
        let matches = SequenceAlignment.match(["it", "was", "not", "open"], ["it", "was", "open"])

        #expect(matches == [0, 1, nil, 2])
    }

    @Test func emptySecondSequenceMatchesNothing() {
        #expect(SequenceAlignment.match(["a", "b"], [String]()) == [nil, nil])
    }

    @Test func emptyFirstSequenceGivesNoMatches() {
        #expect(SequenceAlignment.match([String](), ["a", "b"]).isEmpty)
    }
}
