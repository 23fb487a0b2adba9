import Foundation
import Tensor
import Testing

@Suite struct ExponentialMovingAverageTests {
    private func constant(_ value: Float) -> Parameters {
        var parameters = Parameters()
        parameters["layer.weight"] = Matrix(rows: 2, columns: 3, repeating: value)
        return parameters
    }

    @Test func updateFollowsGeometricDecay() {
        var average = ExponentialMovingAverage(decay: 0.9, initial: constant(10))

        for _ in 0..<5 {
            average.update(with: constant(0))
        }

        let expected = Float(10 * pow(0.9, 5.0))
        #expect(average.average["layer.weight"].values.allSatisfy { abs($0 - expected) < 1e-4 })
    }

    @Test func averageConvergesToConstantParameters() {
        var average = ExponentialMovingAverage(decay: 0.99, initial: constant(-3))

        for _ in 0..<2_000 {
            average.update(with: constant(2))
        }

        #expect(average.average["layer.weight"].values.allSatisfy { abs($0 - 2) < 1e-3 })
        #expect(average.average.names == ["layer.weight"])
    }

    @Test func defaultDecayIsSlow() {
        var average = ExponentialMovingAverage(initial: constant(0))

        average.update(with: constant(1))

        #expect(abs(average.average["layer.weight"][0, 0] - 0.001) < 1e-6)
    }
}
