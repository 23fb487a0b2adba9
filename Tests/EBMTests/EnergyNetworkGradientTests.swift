import Tensor
import Testing
import Text

@testable import EBM

/// An answer with two spans: "rose" (keep, replace with "fell") and an unsupported second sentence (keep,
/// delete), so the logits cover a replacement and a deletion.
private let twoSpanAnswer = prepare(
    "Revenue rose 5 percent in 2020. Penguins enjoy cold water.",
    contexts: ["Revenue fell 5 percent in 2020. Costs stayed flat."])

/// Returns seeded logits, one per option row, spread enough that no span's softmax is uniform.
private func randomLogits(_ input: EnergyInput, seed: UInt64) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    return (0..<input.optionCount).map { _ in generator.nextNormal() }
}

@Suite struct EnergyNetworkGradientTests {
    static let tensorNames = smallNetwork().initialParameters(seed: 0).names

    @Test func fixtureHasTwoSpans() {
        #expect(twoSpanAnswer.input.spanCount == 2)
        #expect(twoSpanAnswer.input.optionCount == 4)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func logitGradientMatchesFiniteDifferences(seed: UInt64) {
        let network = smallNetwork()
        let parameters = perturbedParameters(network, seed: seed)
        let input = twoSpanAnswer.input
        let logits = randomLogits(input, seed: seed &+ 50)

        let (_, cache) = network.energy(input, logits: logits, parameters)
        var gradients = Parameters()
        let analytic = network.backward(input, cache, parameters, gradients: &gradients)
        let numerical = numericalGradient(at: logits) { probe in
            network.energy(input, logits: probe, parameters).energy
        }

        let error = relativeError(analytic.map(Double.init), numerical)
        #expect(error < gradientTolerance, "relative error \(error): \(analytic) vs \(numerical)")
    }

    @Test(arguments: tensorNames)
    func parameterGradientMatchesFiniteDifferences(name: String) throws {
        let network = smallNetwork()
        let parameters = perturbedParameters(network, seed: 7)
        let input = twoSpanAnswer.input
        let logits = randomLogits(input, seed: 8)

        let (_, cache) = network.energy(input, logits: logits, parameters)
        var gradients = Parameters()
        _ = network.backward(input, cache, parameters, gradients: &gradients)
        try #require(gradients.contains(name), "backward left no gradient for \(name)")
        let numerical = numericalGradient(at: parameters[name].values) { values in
            var probe = parameters
            probe[name].values = values
            return network.energy(input, logits: logits, probe).energy
        }

        let analytic = gradients[name].values.map(Double.init)
        let error = relativeError(analytic, numerical)
        #expect(error < gradientTolerance, "\(name): relative error \(error)")
    }

    @Test func weightScalesEveryGradient() {
        let network = smallNetwork()
        let parameters = perturbedParameters(network, seed: 4)
        let input = twoSpanAnswer.input
        let logits = randomLogits(input, seed: 5)
        let (_, cache) = network.energy(input, logits: logits, parameters)

        var unitGradients = Parameters()
        let unit = network.backward(input, cache, parameters, gradients: &unitGradients)
        var scaledGradients = Parameters()
        let scaled = network.backward(input, cache, parameters, weight: -2.5, gradients: &scaledGradients)

        let expectedLogits = unit.map { Double($0) * -2.5 }
        #expect(relativeError(scaled.map(Double.init), expectedLogits) < 1e-5)
        for name in unitGradients.names {
            let expected = unitGradients[name].values.map { Double($0) * -2.5 }
            #expect(relativeError(scaledGradients[name].values.map(Double.init), expected) < 1e-5, "\(name)")
        }
    }

    @Test func backwardAccumulatesIntoGradients() {
        let network = smallNetwork()
        let parameters = perturbedParameters(network, seed: 9)
        let input = twoSpanAnswer.input
        let (_, cache) = network.energy(input, logits: randomLogits(input, seed: 10), parameters)

        var once = Parameters()
        _ = network.backward(input, cache, parameters, gradients: &once)
        var twice = once
        _ = network.backward(input, cache, parameters, gradients: &twice)

        for name in once.names {
            let expected = once[name].values.map { 2 * Double($0) }
            #expect(relativeError(twice[name].values.map(Double.init), expected) < 1e-5, "\(name)")
        }
    }

    @Test func logitGradientAgreesWithBackward() {
        let network = smallNetwork()
        let parameters = perturbedParameters(network, seed: 12)
        let input = twoSpanAnswer.input
        let logits = randomLogits(input, seed: 13)

        let (energy, gradient) = network.logitGradient(input, logits: logits, parameters)
        let (expectedEnergy, cache) = network.energy(input, logits: logits, parameters)
        var scratch = Parameters()
        let expected = network.backward(input, cache, parameters, gradients: &scratch)

        #expect(energy == expectedEnergy)
        #expect(gradient == expected)
    }

    /// Softmax within a span is unchanged by adding a constant to all its logits, so the gradient over each
    /// span's options sums to zero.
    @Test func logitGradientSumsToZeroWithinEachSpan() {
        let network = smallNetwork()
        let parameters = perturbedParameters(network, seed: 14)
        let input = twoSpanAnswer.input

        let (_, gradient) = network.logitGradient(input, logits: randomLogits(input, seed: 15), parameters)

        for span in 0..<input.spanCount {
            let rows = input.options(ofSpan: span)
            let sum = rows.reduce(Float(0)) { $0 + gradient[$1] }
            let scale = rows.reduce(Float(0)) { $0 + abs(gradient[$1]) }
            #expect(scale > 0, "span \(span) has an all-zero gradient")
            #expect(abs(sum) <= 1e-5 * max(scale, 1), "span \(span): sum \(sum)")
        }
    }
}
