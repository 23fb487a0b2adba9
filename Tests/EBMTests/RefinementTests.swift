import Tensor
import Testing
import Text

@testable import EBM

/// Answers with one or two spans against the same context, for runs over several inputs.
private let answers = [
    prepare("Revenue rose 5 percent in 2020.", contexts: ["Revenue fell 5 percent in 2020. Costs stayed flat."]),
    prepare(
        "Revenue rose 5 percent in 2020. Penguins enjoy cold water.",
        contexts: ["Revenue fell 5 percent in 2020. Costs stayed flat."]),
    prepare(
        "Revenue rose 9 percent in 2020. Costs climbed sharply.",
        contexts: ["Revenue fell 5 percent in 2020. Costs stayed flat."]),
]

@Suite struct RefinementTests {
    private let network = smallNetwork()

    private func run(
        _ input: EnergyInput, parameters: Parameters, stepSize: Float = 4, noise: Float = 0.5, steps: Int = 6,
        seed: UInt64 = 1
    ) -> Refinement {
        let schedule = Refinement.Schedule(stepSize: stepSize, noise: noise, startLogit: 1)
        return Refinement.run(
            input, network: network, parameters: parameters, schedule: schedule, steps: steps, seed: seed)
    }

    @Test func fixturesHaveSpans() {
        #expect(answers.map(\.input.spanCount) == [1, 2, 2])
    }

    @Test func sameSeedGivesSameResult() {
        let parameters = perturbedParameters(network, seed: 2)
        let input = answers[1].input

        let first = run(input, parameters: parameters, seed: 99)
        let second = run(input, parameters: parameters, seed: 99)

        #expect(first == second)
    }

    @Test func differentSeedsGiveDifferentChainsWithNoise() {
        let parameters = perturbedParameters(network, seed: 2)
        let input = answers[1].input

        let first = run(input, parameters: parameters, noise: 1, seed: 1)
        let second = run(input, parameters: parameters, noise: 1, seed: 2)

        #expect(first.stepEnergies[0] == second.stepEnergies[0])
        #expect(first.stepEnergies != second.stepEnergies)
    }

    @Test func withoutNoiseSeedDoesNotMatter() {
        let parameters = perturbedParameters(network, seed: 2)
        let input = answers[1].input

        let first = run(input, parameters: parameters, noise: 0, seed: 1)
        let second = run(input, parameters: parameters, noise: 0, seed: 2)

        #expect(first == second)
    }

    @Test(arguments: [1, 2, 5, 12])
    func stepEnergiesHaveOneMoreEntryThanSteps(steps: Int) {
        let parameters = perturbedParameters(network, seed: 3)

        let refinement = run(answers[0].input, parameters: parameters, steps: steps)

        #expect(refinement.stepEnergies.count == steps + 1)
    }

    @Test func energiesMatchTheNetwork() {
        let parameters = perturbedParameters(network, seed: 3)
        let input = answers[1].input
        let configuration = network.configuration
        var start = configuration
        start.choiceLogit = 1

        let refinement = run(input, parameters: parameters)

        let original = network.energy(input, logits: configuration.logits(choosing: [0, 0], in: input), parameters)
        let first = network.energy(input, logits: start.logits(choosing: [0, 0], in: input), parameters)
        #expect(refinement.originalEnergy == original.energy)
        #expect(refinement.stepEnergies[0] == first.energy)
    }

    /// Without noise, a small enough step of gradient descent lowers the energy.
    @Test func smallStepsWithoutNoiseLowerTheEnergy() {
        let parameters = perturbedParameters(network, seed: 5)

        let refinement = run(answers[1].input, parameters: parameters, stepSize: 0.05, noise: 0, steps: 4)

        for step in 1..<refinement.stepEnergies.count {
            #expect(refinement.stepEnergies[step] <= refinement.stepEnergies[step - 1], "step \(step)")
        }
        #expect(refinement.stepEnergies[4] < refinement.stepEnergies[0])
    }

    /// Runs many refinements with large steps, so that some flip and some do not, and checks the decision rule
    /// on each.
    @Test func acceptanceFollowsTheDecodedEnergy() {
        let keep = answers.map { [Int](repeating: 0, count: $0.input.spanCount) }
        var acceptedCount = 0
        var rejectedCount = 0
        for weightSeed in UInt64(1)...8 {
            let parameters = perturbedParameters(network, seed: weightSeed, noise: 1)
            for (index, answer) in answers.enumerated() {
                for seed in UInt64(1)...3 {
                    let refinement = run(answer.input, parameters: parameters, stepSize: 40, noise: 1, seed: seed)
                    if refinement.accepted {
                        acceptedCount += 1
                        #expect(refinement.flipped)
                        #expect(refinement.decodedEnergy < refinement.originalEnergy)
                        #expect(refinement.choices != keep[index])
                        #expect(refinement.finalEnergy == refinement.decodedEnergy)
                    } else {
                        rejectedCount += 1
                        #expect(refinement.choices == keep[index])
                        #expect(refinement.finalEnergy == refinement.originalEnergy)
                        #expect(!refinement.flipped || refinement.decodedEnergy >= refinement.originalEnergy)
                    }
                }
            }
        }
        #expect(acceptedCount > 0)
        #expect(rejectedCount > 0)
    }

    @Test func confirmKeepsEditsScoringLowerAfresh() {
        var refinement = Refinement(
            choices: [2, 0], stepEnergies: [1, 0.5], originalEnergy: 1, decodedEnergy: -3, flipped: true,
            accepted: true,
            editedEnergy: nil)

        refinement.confirm(editedEnergy: 0.25)

        #expect(refinement.accepted)
        #expect(refinement.choices == [2, 0])
        #expect(refinement.editedEnergy == 0.25)
        #expect(refinement.finalEnergy == 0.25)
    }

    @Test func confirmDropsEditsScoringHigherAfresh() {
        var refinement = Refinement(
            choices: [2, 1], stepEnergies: [1, 0.5], originalEnergy: 1, decodedEnergy: -3, flipped: true,
            accepted: true,
            editedEnergy: nil)

        refinement.confirm(editedEnergy: 1.5)

        #expect(!refinement.accepted)
        #expect(refinement.flipped)
        #expect(refinement.choices == [0, 0])
        #expect(refinement.editedEnergy == nil)
        #expect(refinement.finalEnergy == 1)
    }

    @Test func unflippedRunKeepsTheOriginalEnergy() {
        let parameters = perturbedParameters(network, seed: 6)

        let refinement = run(answers[0].input, parameters: parameters, stepSize: 0, noise: 0)

        #expect(!refinement.flipped)
        #expect(!refinement.accepted)
        #expect(refinement.choices == [0])
        #expect(refinement.decodedEnergy == refinement.originalEnergy)
    }

    @Test func singleStepUsesNoNoise() {
        let parameters = perturbedParameters(network, seed: 7)
        let input = answers[2].input

        let first = run(input, parameters: parameters, noise: 5, steps: 1, seed: 1)
        let second = run(input, parameters: parameters, noise: 5, steps: 1, seed: 2)
        let noiseless = run(input, parameters: parameters, noise: 0, steps: 1, seed: 1)

        #expect(first == second)
        #expect(first == noiseless)
    }

    @Test(arguments: [1, 2, 5, 10])
    func noiseIsZeroOnTheLastStep(steps: Int) {
        let schedule = Refinement.Schedule(stepSize: 1, noise: 0.8, startLogit: 1)

        #expect(schedule.noise(step: steps - 1, of: steps) == 0)
    }

    @Test func noiseFallsLinearlyFromItsStart() {
        let schedule = Refinement.Schedule(stepSize: 1, noise: 0.8, startLogit: 1)

        let levels = (0..<5).map { schedule.noise(step: $0, of: 5) }

        for (level, expected) in zip(levels, [Float(0.8), 0.6, 0.4, 0.2, 0]) {
            #expect(abs(level - expected) < 1e-6, "\(levels)")
        }
    }

    @Test func inputWithoutSpansKeepsEverything() {
        let parameters = perturbedParameters(network, seed: 8)
        let copied = prepare("Revenue fell 5 percent in 2020.", contexts: ["Revenue fell 5 percent in 2020."])

        let refinement = run(copied.input, parameters: parameters, steps: 3)

        #expect(refinement.choices.isEmpty)
        #expect(!refinement.accepted)
        #expect(refinement.stepEnergies.count == 4)
        #expect(Set(refinement.stepEnergies) == [refinement.originalEnergy])
    }
}
