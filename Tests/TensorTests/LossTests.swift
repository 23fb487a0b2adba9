import Foundation
import Tensor
import Testing

@Suite struct BinaryCrossEntropyTests {
    @Test(arguments: [false, true])
    func gradientMatchesFiniteDifferences(weighted: Bool) {
        var generator = SeededGenerator(seed: 91)
        let logits = Matrix.random(rows: 3, columns: 4, standardDeviation: 2, using: &generator)
        let targets = Matrix(rows: 3, columns: 4, values: (0..<12).map { Float($0 % 3) / 2 })
        let weights = weighted ? randomMatrix(3, 4, using: &generator).map { abs($0) } : nil

        let gradient = binaryCrossEntropy(logits: logits, targets: targets, weights: weights).gradient
        let estimate = numericalGradient(at: logits, step: 1e-3) { probe in
            Double(binaryCrossEntropy(logits: probe, targets: targets, weights: weights).loss)
        }

        #expect(relativeError(gradient, estimate) < gradientTolerance)
    }

    @Test func zeroLogitsGiveLogTwo() {
        let logits = Matrix(rows: 2, columns: 2)
        let targets = Matrix(rows: 2, columns: 2, values: [0, 1, 1, 0])

        let (loss, gradient) = binaryCrossEntropy(logits: logits, targets: targets, weights: nil)

        #expect(abs(loss - Float(log(2.0))) < 1e-6)
        #expect(gradient.values == [0.125, -0.125, -0.125, 0.125])
    }

    @Test func extremeLogitsStayFinite() {
        let logits = Matrix(rows: 1, columns: 4, values: [100, -100, 100, -100])
        let matching = Matrix(rows: 1, columns: 4, values: [1, 0, 1, 0])
        let opposite = Matrix(rows: 1, columns: 4, values: [0, 1, 0, 1])

        let right = binaryCrossEntropy(logits: logits, targets: matching, weights: nil)
        let wrong = binaryCrossEntropy(logits: logits, targets: opposite, weights: nil)

        #expect(right.loss >= 0)
        #expect(right.loss < 1e-6)
        #expect(abs(wrong.loss - 100) < 1e-3)
        #expect(wrong.gradient.values.allSatisfy { $0.isFinite })
    }

    @Test func zeroWeightMasksEntry() {
        let logits = Matrix(rows: 1, columns: 2, values: [0, 5])
        let targets = Matrix(rows: 1, columns: 2, values: [1, 0])
        let weights = Matrix(rows: 1, columns: 2, values: [1, 0])

        let masked = binaryCrossEntropy(logits: logits, targets: targets, weights: weights)
        let allZero = binaryCrossEntropy(logits: logits, targets: targets, weights: Matrix(rows: 1, columns: 2))

        #expect(abs(masked.loss - Float(log(2.0))) < 1e-6)
        #expect(masked.gradient[0, 1] == 0)
        #expect(allZero.loss == 0)
        #expect(allZero.gradient == Matrix(rows: 1, columns: 2))
    }
}
