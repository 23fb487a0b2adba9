import Tensor
import Testing

@testable import TRM

@Suite struct LogisticRegressionTests {
    /// Points labelled by the sign of `2x − y + 0.5`, kept at least 0.3 away from that line, with a constant column.
    static let rows: [[Double]] = {
        var generator = SeededGenerator(seed: 12)
        var rows: [[Double]] = []
        while rows.count < 200 {
            let x = generator.nextUniform() * 4 - 2
            let y = generator.nextUniform() * 4 - 2
            if abs(2 * x - y + 0.5) > 0.3 { rows.append([x, y, 1]) }
        }
        return rows
    }()
    static let labels = rows.map { 2 * $0[0] - $0[1] + 0.5 > 0 ? 1 : 0 }

    @Test func fitClassifiesSeparableSet() {
        let model = LogisticRegression(rows: Self.rows, labels: Self.labels, iterations: 1000)

        let predicted = Self.rows.map { model.probability($0) >= 0.5 ? 1 : 0 }
        let errors = zip(predicted, Self.labels).filter { $0 != $1 }.count

        #expect(errors == 0)
    }

    @Test func fitRanksSeparableSetPerfectly() throws {
        let model = LogisticRegression(rows: Self.rows, labels: Self.labels)

        let scores = Self.rows.map { Float(model.probability($0)) }
        let auroc = try #require(ClassificationMetrics.auroc(scores: scores, labels: Self.labels))

        #expect(auroc == 1)
    }

    @Test func weightsFollowSeparatingDirection() {
        let model = LogisticRegression(rows: Self.rows, labels: Self.labels)

        #expect(model.weights.count == 3)
        #expect(model.weights[0] > 0)
        #expect(model.weights[1] < 0)
        #expect(model.weights.allSatisfy { $0.isFinite })
        #expect(model.bias.isFinite)
    }
}
