import Tensor
import Testing
import Text

@testable import EBM

@Suite struct EnergyModelTests {
    private let contexts = ["Revenue fell 5 percent in 2020. Costs stayed flat through the year."]

    /// Returns a model over seeded random weights with a fixed calibration.
    private func makeModel() -> EnergyModel {
        var configuration = EnergyConfiguration()
        configuration.width = 6
        let header = EBMCheckpoint.Header(
            version: "ebm-test-1", createdAt: "2026-02-03T04:05:06", configuration: configuration,
            trainingDataHash: "0", options: EnergyTrainer.Options(),
            schedule: Refinement.Schedule(stepSize: 8, noise: 0.5, startLogit: 1),
            calibration: EnergyCalibration(slope: -1, intercept: 0.5), metrics: [:])
        let parameters = perturbedParameters(EnergyNetwork(configuration: configuration), seed: 5)
        return EnergyModel(
            name: "default", checkpoint: EBMCheckpoint(header: header, parameters: parameters),
            extractor: plainExtractor)
    }

    @Test func scoreMatchesTheNetworkAndCalibration() async throws {
        let model = makeModel()
        let answers = ["Revenue rose 5 percent in 2020.", "Revenue fell 5 percent in 2020."]

        let scores = try await model.score(question: nil, contexts: contexts, answers: answers)

        let checkpoint = await model.checkpoint
        let network = EnergyNetwork(configuration: checkpoint.header.configuration)
        #expect(scores.count == 2)
        for (answer, score) in zip(answers, scores) {
            let input = prepare(answer, contexts: contexts).input
            let logits = network.configuration.logits(choosing: [], in: input)
            let energy = network.energy(input, logits: logits, checkpoint.parameters).energy
            #expect(score.energy == energy, "\(answer)")
            #expect(score.probability == checkpoint.header.calibration.probability(energy), "\(answer)")
        }
    }

    @Test func refineAppliesTheChosenEdits() async throws {
        let model = makeModel()
        let answer = "Revenue rose 9 percent in 2021. Penguins enjoy cold water."

        let result = try await model.refine(question: nil, contexts: contexts, answer: answer, steps: 4, seed: 7)

        #expect(result.space.answer == answer)
        #expect(result.edited == result.space.apply(result.refinement.choices))
        #expect(result.refinement.stepEnergies.count == 5)
    }

    @Test func refineIsRepeatableForTheSameSeed() async throws {
        let model = makeModel()
        let answer = "Revenue rose 9 percent in 2021. Penguins enjoy cold water."

        let first = try await model.refine(question: nil, contexts: contexts, answer: answer, steps: 4, seed: 7)
        let second = try await model.refine(question: nil, contexts: contexts, answer: answer, steps: 4, seed: 7)

        #expect(first.refinement == second.refinement)
        #expect(first.edited == second.edited)
    }

    @Test func loadReplacesTheServedWeights() async throws {
        let model = makeModel()
        var replacement = await model.checkpoint
        replacement.header.version = "ebm-test-2"

        await model.load(replacement)

        #expect(await model.version == "ebm-test-2")
    }
}
