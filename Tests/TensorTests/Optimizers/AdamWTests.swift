import Tensor
import Testing

@Suite struct AdamWTests {
    /// Returns `½‖w − target‖²` and its gradient `w − target` for every tensor.
    private func quadratic(_ parameters: Parameters, target: Float) -> (loss: Float, gradients: Parameters) {
        var gradients = parameters
        var loss: Float = 0
        for name in parameters.names {
            gradients[name] = parameters[name].map { $0 - target }
            loss += gradients[name].sumOfSquares() / 2
        }
        return (loss, gradients)
    }

    private func sample() -> Parameters {
        var parameters = Parameters()
        parameters["layer.weight"] = Matrix(rows: 2, columns: 2, values: [1, -2, 3, 0.5])
        parameters["layer.bias"] = Matrix(rows: 1, columns: 2, values: [-1, 2])
        parameters["norm.gain"] = Matrix(rows: 1, columns: 1, values: [4])
        return parameters
    }

    @Test func stepsReduceQuadratic() {
        var parameters = sample()
        var optimizer = AdamW(learningRate: 0.05, weightDecay: 0)
        let initialLoss = quadratic(parameters, target: 0.3).loss

        for _ in 0..<300 {
            optimizer.step(&parameters, gradients: quadratic(parameters, target: 0.3).gradients)
        }

        #expect(quadratic(parameters, target: 0.3).loss < initialLoss * 1e-3)
        #expect(optimizer.stepCount == 300)
    }

    @Test func firstStepMovesByLearningRate() {
        var parameters = sample()
        var optimizer = AdamW(learningRate: 0.01, weightDecay: 0)

        optimizer.step(&parameters, gradients: quadratic(parameters, target: 0).gradients)

        // Bias correction makes the first update lr · g / |g| for every nonzero gradient.
        let original = sample()["layer.weight"]
        let moved = parameters["layer.weight"] - original
        for (weight, change) in zip(original.values, moved.values) {
            let expected: Float = weight > 0 ? -0.01 : 0.01
            #expect(abs(change - expected) < 1e-6, "weight \(weight) moved by \(change)")
        }
    }

    @Test func decayIsDecoupledAndSkipsBiasAndGain() {
        var parameters = sample()
        var optimizer = AdamW(learningRate: 0.1, weightDecay: 0.5)
        let zeroGradients = parameters.zeros()

        optimizer.step(&parameters, gradients: zeroGradients)
        optimizer.step(&parameters, gradients: zeroGradients)

        // With zero gradients, Adam moves nothing, so each step only multiplies weights by 1 − 0.1 · 0.5.
        let expectedWeight = sample()["layer.weight"].scaled(by: 0.95 * 0.95)
        #expect(relativeError(parameters["layer.weight"], expectedWeight) < 1e-6)
        #expect(parameters["layer.bias"] == sample()["layer.bias"])
        #expect(parameters["norm.gain"] == sample()["norm.gain"])
    }

    @Test func stepAcceptsParameterAddedLater() {
        var parameters = sample()
        var optimizer = AdamW(learningRate: 0.01, weightDecay: 0)
        optimizer.step(&parameters, gradients: quadratic(parameters, target: 0).gradients)
        parameters["late.weight"] = Matrix(rows: 1, columns: 1, values: [1])

        optimizer.step(&parameters, gradients: quadratic(parameters, target: 0).gradients)

        #expect(parameters["late.weight"][0, 0] < 1)
        #expect(optimizer.firstMoment.names.last == "late.weight")
    }

    @Test(arguments: ["a.weight", "a.bias", "b.gain", "biased", "a.gain.weight"])
    func isDecayedSkipsBiasAndGainSuffixes(name: String) {
        let expected = !(name == "a.bias" || name == "b.gain")

        #expect(AdamW.isDecayed(name) == expected)
    }
}
