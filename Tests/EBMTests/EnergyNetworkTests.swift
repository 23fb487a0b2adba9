import Tensor
import Testing
import Text

@testable import EBM

@Suite struct EnergyNetworkTests {
    /// An answer copied from its context, which leaves nothing to edit.
    private let copied = prepare("Revenue fell 5 percent in 2020.", contexts: ["Revenue fell 5 percent in 2020."])

    /// An answer whose one replaced word gives a span with keep and replace options.
    private let changed = prepare("Revenue rose 5 percent in 2020.", contexts: ["Revenue fell 5 percent in 2020."])
    private let inserted = prepare(
        "Revenue fell sharply 5 percent in 2020.", contexts: ["Revenue fell 5 percent in 2020."])

    @Test func inputWithoutSpansHasFiniteEnergy() {
        let network = smallNetwork()
        let parameters = perturbedParameters(network, seed: 3)

        let (energy, _) = network.energy(copied.input, logits: [], parameters)

        #expect(copied.input.spanCount == 0)
        #expect(copied.input.optionCount == 0)
        #expect(energy.isFinite)
    }

    @Test func inputWithoutSpansHasNoLogitGradient() {
        let network = smallNetwork()
        let parameters = perturbedParameters(network, seed: 3)
        let (_, cache) = network.energy(copied.input, logits: [], parameters)

        var gradients = Parameters()
        let logitGradient = network.backward(copied.input, cache, parameters, gradients: &gradients)

        #expect(logitGradient.allSatisfy { $0 == 0 })
        #expect(logitGradient.count == copied.input.optionCount)
    }

    /// Without spans only the fixed path reaches the energy, so the option and span layers get no gradient.
    @Test func inputWithoutSpansLeavesSpanLayersWithoutGradient() {
        let network = smallNetwork()
        let parameters = perturbedParameters(network, seed: 3)
        let (_, cache) = network.energy(copied.input, logits: [], parameters)

        var gradients = parameters.zeros()
        _ = network.backward(copied.input, cache, parameters, gradients: &gradients)

        for name in gradients.names where name.hasPrefix("option.") || name.hasPrefix("span.") {
            #expect(gradients[name].values.allSatisfy { $0 == 0 }, "\(name)")
        }
        for name in gradients.names where name.hasPrefix("fixed.") || name.hasPrefix("output.") {
            #expect(gradients[name].values.contains { $0 != 0 }, "\(name)")
        }
    }

    @Test func changedWordGivesOneSpanOfTwoOptions() {
        #expect(changed.input.spanCount == 1)
        #expect(changed.input.optionCount == 2)
        #expect(changed.input.options.rows == 2)
        #expect(changed.input.options.columns == EnergyInput.optionWidth)
        #expect(changed.input.options(ofSpan: 0) == 0..<2)
        #expect(changed.input.fixed.columns == PooledFeatures.count)
    }

    @Test func optionRowsMarkTheirKind() {
        let replaced = changed.input.options
        let deleted = inserted.input.options

        #expect(replaced.row(0)[0..<3] == [1, 0, 0])
        #expect(replaced.row(1)[0..<3] == [0, 0, 1])
        #expect(deleted.row(0)[0..<3] == [1, 0, 0])
        #expect(deleted.row(1)[0..<3] == [0, 1, 0])
    }

    /// The energy must be non-linear in the option probabilities, or descent on the logits could only sharpen its
    /// start. So at the midpoint between two one-hot choices it differs from the mean of their energies.
    ///
    /// A network linear in the probabilities would miss that mean only by Float rounding, about 1e-6 of the
    /// energy. With these random weights the measured gap is about 1e-4 to 1e-2 of the energy.
    @Test(arguments: [UInt64(21), 22, 23, 24, 25, 26])
    func energyIsNonLinearInProbabilities(seed: UInt64) {
        let network = smallNetwork()
        let parameters = perturbedParameters(network, seed: seed)
        let input = changed.input
        let saturated: Float = 40

        let keep = network.energy(input, logits: [saturated, -saturated, -saturated], parameters).energy
        let replace = network.energy(input, logits: [-saturated, -saturated, saturated], parameters).energy
        let midpoint = network.energy(input, logits: [saturated, -saturated, saturated], parameters).energy

        let chord = (keep + replace) / 2
        let scale = max(abs(keep), abs(replace), 1)
        #expect(abs(midpoint - chord) > 2e-5 * scale, "keep \(keep), replace \(replace), midpoint \(midpoint)")
    }

    @Test func energyDependsOnTheChosenOption() {
        let network = smallNetwork()
        let parameters = perturbedParameters(network, seed: 31)
        let configuration = network.configuration
        let input = changed.input

        let energies = (0..<3).map { choice in
            network.energy(input, logits: configuration.logits(choosing: [choice], in: input), parameters).energy
        }

        #expect(Set(energies).count == 3, "\(energies)")
    }

    @Test func softmaxPerSpanSumsToOneWithinEachSpan() {
        let input = prepare(
            "Revenue rose 5 percent in 2020. Penguins enjoy cold water.",
            contexts: ["Revenue fell 5 percent in 2020."]
        ).input
        let logits: [Float] = [3, 0.5, 100, 99]

        let probabilities = EnergyNetwork.softmaxPerSpan(logits, input)

        for span in 0..<input.spanCount {
            let total = input.options(ofSpan: span).reduce(Float(0)) { $0 + probabilities[$1] }
            #expect(abs(total - 1) < 1e-5, "span \(span)")
        }
        #expect(probabilities.allSatisfy { $0.isFinite })
        #expect(input.optionCount == 4)
        #expect(probabilities[2] > probabilities[3])
    }

    @Test func logitsChooseAndDecodeRoundTrip() {
        let input = prepare(
            "Revenue rose 5 percent in 2020. Penguins enjoy cold water.",
            contexts: ["Revenue fell 5 percent in 2020."]
        ).input
        var configuration = EnergyConfiguration()
        configuration.choiceLogit = 3

        let logits = configuration.logits(choosing: [1, 1], in: input)

        #expect(logits == [0, 3, 0, 3])
        #expect(configuration.decode(logits, in: input) == [1, 1])
    }

    /// Missing choices count as keep. A choice outside a span's options leaves that span's logits at zero, which
    /// decodes to keep.
    @Test func logitsTreatMissingAndInvalidChoicesAsKeep() {
        let input = prepare(
            "Revenue rose 5 percent in 2020. Penguins enjoy cold water.",
            contexts: ["Revenue fell 5 percent in 2020."]
        ).input
        let configuration = EnergyConfiguration()

        let invalid = configuration.logits(choosing: [1, 7], in: input)

        #expect(configuration.logits(choosing: [], in: input) == [4, 0, 4, 0])
        #expect(invalid == [0, 4, 0, 0])
        #expect(configuration.decode(invalid, in: input) == [1, 0])
    }
}
