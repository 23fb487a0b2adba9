import Tensor
import Testing
import Text

@testable import TRM

@Suite struct HaltingTests {
    static let configuration = tinyConfiguration(recursions: 2, supervisionSteps: 4)

    /// Returns weights whose halting logit is `bias` for every input, because the halting weights are zero.
    private func parameters(haltBias bias: Float) -> Parameters {
        let network = TRMNetwork(configuration: Self.configuration)
        var parameters = network.initialParameters(seed: 4)
        parameters["haltHead.weight"] = Matrix(rows: parameters["haltHead.weight"].rows, columns: 1)
        parameters["haltHead.bias"] = Matrix(rows: 1, columns: 1, values: [bias])
        return parameters
    }

    private func window() -> VerifierWindow {
        var generator = SeededGenerator(seed: 8)
        let features = Matrix.random(
            rows: Self.configuration.slots, columns: Self.configuration.features, standardDeviation: 0.5,
            using: &generator)
        return VerifierWindow(features: features, tokenIndices: [0, 1, 2])
    }

    @Test func positiveHaltingLogitStopsAfterOneStep() {
        let network = TRMNetwork(configuration: Self.configuration)

        let prediction = network.predict(window(), parameters(haltBias: 10))

        #expect(prediction.steps == 1)
        #expect(prediction.halted)
    }

    @Test(arguments: [-10, 0] as [Float])
    func nonPositiveHaltingLogitRunsEveryStep(bias: Float) {
        let network = TRMNetwork(configuration: Self.configuration)

        let prediction = network.predict(window(), parameters(haltBias: bias))

        #expect(prediction.steps == Self.configuration.supervisionSteps)
        #expect(!prediction.halted)
    }

    @Test func predictionHasOneProbabilityPerFilledSlot() {
        let network = TRMNetwork(configuration: Self.configuration)

        let prediction = network.predict(window(), parameters(haltBias: -10))

        #expect(prediction.tokenProbabilities.count == 3)
        #expect(prediction.tokenProbabilities.allSatisfy { (0...1).contains($0) })
        #expect(prediction.answerProbability.isFinite)
        #expect((0...1).contains(prediction.answerProbability))
    }

    @Test func earlyStopMatchesFirstStepOfFullRun() {
        let network = TRMNetwork(configuration: Self.configuration)
        var singleStep = Self.configuration
        singleStep.supervisionSteps = 1
        let stopped = network.predict(window(), parameters(haltBias: 10))

        let oneStep = TRMNetwork(configuration: singleStep).predict(window(), parameters(haltBias: 10))

        #expect(stopped.tokenProbabilities == oneStep.tokenProbabilities)
        #expect(stopped.answerProbability == oneStep.answerProbability)
    }
}
