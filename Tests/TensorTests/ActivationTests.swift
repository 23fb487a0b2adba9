import Foundation
import Tensor
import Testing

@Suite struct ActivationTests {
    @Test(arguments: Activation.allCases)
    func backwardMatchesFiniteDifferences(activation: Activation) {
        var generator = SeededGenerator(seed: 81)
        let input = Matrix.random(rows: 4, columns: 5, standardDeviation: 3, using: &generator)
        let functionalWeights = randomMatrix(4, 5, using: &generator)

        let analytic = activation.backward(functionalWeights, input: input)
        let estimate = numericalGradient(at: input, step: 1e-3) { probe in
            linearFunctional(activation.forward(probe), weights: functionalWeights)
        }

        #expect(relativeError(analytic, estimate) < gradientTolerance)
    }

    @Test(arguments: Activation.allCases)
    func derivativeMatchesBackward(activation: Activation) {
        let input = Matrix(rows: 1, columns: 5, values: [-4, -0.5, 0, 0.5, 4])
        let ones = Matrix(rows: 1, columns: 5, repeating: 1)

        let backward = activation.backward(ones, input: input)

        #expect(backward.values == input.values.map(activation.derivative))
        #expect(activation.forward(input).values == input.values.map { activation($0) })
    }

    @Test func valuesAtZeroAreKnown() {
        #expect(sigmoid(0) == 0.5)
        #expect(silu(0) == 0)
        #expect(abs(softplus(0) - Float(log(2.0))) < 1e-7)
        #expect(abs(logSigmoid(0) + Float(log(2.0))) < 1e-7)
    }

    @Test(arguments: [-200, -50, 50, 200] as [Float])
    func largeInputsStayFinite(x: Float) {
        #expect(sigmoid(x).isFinite)
        #expect(silu(x).isFinite)
        #expect(abs(softplus(x) - max(x, 0)) < 1e-5)
        #expect(abs(logSigmoid(x) - min(x, 0)) < 1e-5)
        for activation in Activation.allCases {
            #expect(activation.derivative(x).isFinite, "\(activation)")
        }
    }
}
