import Tensor
import Testing

@testable import TRM

/// Scores with labels and the AUROC they should give.
struct AUROCCase: CustomTestStringConvertible, Sendable {
    let name: String
    let scores: [Float]
    let labels: [Int]
    let expected: Double

    var testDescription: String { name }
}

@Suite struct ClassificationMetricsTests {
    static let aurocCases: [AUROCCase] = [
        AUROCCase(name: "perfect", scores: [0.1, 0.2, 0.8, 0.9], labels: [0, 0, 1, 1], expected: 1),
        AUROCCase(name: "reversed", scores: [0.9, 0.8, 0.2, 0.1], labels: [0, 0, 1, 1], expected: 0),
        AUROCCase(name: "all tied", scores: [0.5, 0.5, 0.5, 0.5], labels: [0, 1, 0, 1], expected: 0.5),
        // Of the four positive-negative pairs, three rank the positive higher.
        AUROCCase(name: "one swap", scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1], expected: 0.75),
        // The tied pair counts one half: (1 + 1 + 0.5 + 1) / 4.
        AUROCCase(name: "one tie", scores: [0.1, 0.5, 0.5, 0.9], labels: [0, 0, 1, 1], expected: 0.875),
        AUROCCase(name: "unsorted input", scores: [0.7, 0.2, 0.9, 0.1, 0.3], labels: [1, 0, 1, 0, 0], expected: 1),
    ]

    @Test(arguments: aurocCases)
    func aurocMatchesKnownValue(_ known: AUROCCase) throws {
        let auroc = try #require(ClassificationMetrics.auroc(scores: known.scores, labels: known.labels))

        #expect(abs(auroc - known.expected) < 1e-12)
    }

    @Test func aurocOfRandomScoresIsNearHalf() throws {
        var generator = SeededGenerator(seed: 99)
        let scores = (0..<4000).map { _ in Float(generator.nextUniform()) }
        let labels = (0..<4000).map { _ in Int(generator.next() % 2) }

        let auroc = try #require(ClassificationMetrics.auroc(scores: scores, labels: labels))

        // The standard deviation of the AUROC of 2,000 against 2,000 random scores is about 0.009.
        #expect(abs(auroc - 0.5) < 0.04)
    }

    @Test(arguments: [[1, 1, 1], [0, 0], []] as [[Int]])
    func aurocIsNilWithoutBothClasses(labels: [Int]) {
        let scores = labels.map { Float($0) }

        #expect(ClassificationMetrics.auroc(scores: scores, labels: labels) == nil)
    }

    @Test func balancedAccuracyAveragesClassRates() throws {
        let accuracy = try #require(
            ClassificationMetrics.balancedAccuracy(
                scores: [0.9, 0.8, 0.3, 0.6, 0.1], labels: [1, 1, 1, 0, 0], threshold: 0.5))

        // True-positive rate 2/3, true-negative rate 1/2.
        #expect(abs(accuracy - (2.0 / 3.0 + 0.5) / 2) < 1e-12)
    }

    @Test func scoreAtThresholdCountsAsPositive() throws {
        let accuracy = try #require(
            ClassificationMetrics.balancedAccuracy(scores: [0.5, 0.4], labels: [1, 0], threshold: 0.5))

        #expect(accuracy == 1)
    }

    @Test func balancedAccuracyIsNilWithoutBothClasses() {
        #expect(ClassificationMetrics.balancedAccuracy(scores: [0.2, 0.9], labels: [1, 1], threshold: 0.5) == nil)
        #expect(ClassificationMetrics.balancedAccuracy(scores: [0.2], labels: [0], threshold: 0.5) == nil)
    }

    @Test func bestThresholdSeparatesSeparableScores() throws {
        let scores: [Float] = [0.1, 0.2, 0.3, 0.6, 0.7, 0.8]
        let labels = [0, 0, 0, 1, 1, 1]

        let threshold = ClassificationMetrics.bestThreshold(scores: scores, labels: labels)
        let accuracy = try #require(
            ClassificationMetrics.balancedAccuracy(scores: scores, labels: labels, threshold: threshold))

        #expect(accuracy == 1)
        #expect(threshold > 0.3)
        #expect(threshold <= 0.6)
    }
}

@Suite struct TaskThresholdsTests {
    @Test func tasksGetSeparateThresholds() {
        // Question answers separate at about 0.8, summaries at about 0.3.
        let scores: [Float] = [0.9, 0.85, 0.7, 0.6, 0.4, 0.35, 0.2, 0.1]
        let labels = [1, 1, 0, 0, 1, 1, 0, 0]
        let hasQuestion = [true, true, true, true, false, false, false, false]

        let thresholds = TaskThresholds.fit(
            scores: scores, labels: labels, sources: Array(repeating: "s", count: 8), hasQuestion: hasQuestion)

        #expect(thresholds.question > 0.7)
        #expect(thresholds.question <= 0.85)
        #expect(thresholds.summary > 0.2)
        #expect(thresholds.summary <= 0.35)
    }

    @Test func marginsSubtractTaskThreshold() {
        let thresholds = TaskThresholds(question: 0.8, summary: 0.3)

        let margins = thresholds.margins(scores: [0.9, 0.4], hasQuestion: [true, false])

        #expect(abs(margins[0] - 0.1) < 1e-6)
        #expect(abs(margins[1] - 0.1) < 1e-6)
    }
}
