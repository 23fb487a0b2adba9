import Foundation
import Tensor
import Testing
import Text

@testable import TRM

@Suite struct EnsembleTests {
    static let configuration = tinyConfiguration(recursions: 2, supervisionSteps: 4)

    private func member(seed: UInt64, haltBias: Float = 0) -> Parameters {
        var parameters = TRMNetwork(configuration: Self.configuration).initialParameters(seed: seed)
        parameters["haltHead.weight"] = Matrix(rows: parameters["haltHead.weight"].rows, columns: 1)
        parameters["haltHead.bias"] = Matrix(rows: 1, columns: 1, values: [haltBias])
        return parameters
    }

    private func window() -> VerifierWindow {
        var generator = SeededGenerator(seed: 8)
        let features = Matrix.random(
            rows: Self.configuration.slots, columns: Self.configuration.features, standardDeviation: 0.5,
            using: &generator)
        return VerifierWindow(features: features, tokenIndices: [0, 1, 2])
    }

    @Test func checkpointKeepsMembersApart() throws {
        let folder = try TemporaryFolder()
        let members = [member(seed: 1), member(seed: 2)]
        let header = TRMCheckpoint.Header(
            version: "trm-ensemble", createdAt: "2026-01-02T03:04:05", configuration: Self.configuration,
            trainingDataHash: "0", options: TRMTrainer.Options(), metrics: [:],
            thresholds: TaskThresholds(question: 0.5, summary: 0.5))
        try TRMCheckpoint(header: header, members: members).save(path: folder.path("ensemble.ckpt"))

        let loaded = try TRMCheckpoint.load(path: folder.path("ensemble.ckpt"))

        #expect(loaded.memberCount == 2)
        #expect(loaded.memberParameters() == members)
        #expect(loaded.parameters.contains("member1.embedding.weight"))
    }

    @Test func predictionAveragesMembers() {
        let network = TRMNetwork(configuration: Self.configuration)
        let first = member(seed: 1, haltBias: 10)
        let second = member(seed: 2, haltBias: 10)

        let one = network.predict(window(), first)
        let two = network.predict(window(), second)
        let both = network.predict(window(), members: [first, second])

        #expect(abs(both.answerProbability - (one.answerProbability + two.answerProbability) / 2) < 1e-6)
        for slot in 0..<3 {
            let mean = (one.tokenProbabilities[slot] + two.tokenProbabilities[slot]) / 2
            #expect(abs(both.tokenProbabilities[slot] - mean) < 1e-6)
        }
    }

    @Test func haltedOnlyWhenEveryMemberHalts() {
        let network = TRMNetwork(configuration: Self.configuration)

        let mixed = network.predict(window(), members: [member(seed: 1, haltBias: 10), member(seed: 2, haltBias: -10)])

        #expect(!mixed.halted)
        #expect(mixed.steps == Self.configuration.supervisionSteps)
    }
}
