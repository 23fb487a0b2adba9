import Foundation
import Tensor
import Testing
import Text

@testable import TRM

/// Builds windows whose label shows in three feature columns of every token slot, plus noise in the hashed
/// columns: supported windows have their words in the contexts, unsupported ones a missing number.
func separableWindows(_ configuration: TRMConfiguration, count: Int, seed: UInt64) -> [TrainingWindow] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { index in
        let label: Float = index % 2 == 0 ? 1 : 0
        var features = Matrix(rows: configuration.slots, columns: configuration.features)
        var tokenTargets = Matrix(rows: configuration.slots, columns: 1)
        var tokenWeights = Matrix(rows: configuration.slots, columns: 1)

        for slot in 1..<configuration.slots {
            features[slot, TokenFeatures.present] = 1
            features[slot, TokenFeatures.isWord] = 1
            features[slot, TokenFeatures.wordInContexts] = label
            features[slot, TokenFeatures.stemInContexts] = label
            features[slot, TokenFeatures.numberMissing] = 1 - label
            for column in TokenFeatures.hashed..<TokenFeatures.count {
                features[slot, column] = generator.next() % 2 == 0 ? 0.5 : -0.5
            }
            tokenTargets[slot, 0] = label
            tokenWeights[slot, 0] = 1
        }
        for column in 0..<configuration.features {
            let tokenRows = (1..<configuration.slots).map { features[$0, column] }
            features[0, column] = tokenRows.reduce(0, +) / Float(tokenRows.count)
        }
        return TrainingWindow(
            features: features, tokenTargets: tokenTargets, tokenWeights: tokenWeights, label: label,
            source: "synthetic")
    }
}

/// Returns options for a short run that converges on the separable windows.
///
/// The weight average decays fast, so the served weights follow the trained ones within a few dozen steps.
func shortRunOptions(seed: UInt64) -> TRMTrainer.Options {
    var options = TRMTrainer.Options()
    options.epochs = 12
    options.batchSize = 8
    options.learningRate = 0.02
    options.emaDecay = 0.8
    options.seed = seed
    return options
}

@Suite struct TRMTrainerTests {
    static let configuration = tinyConfiguration(recursions: 2, supervisionSteps: 2)
    static let windows = separableWindows(configuration, count: 32, seed: 5)

    /// Returns the whole-answer probability of each training window under `parameters`.
    private func scores(_ parameters: Parameters) -> [Float] {
        let network = TRMNetwork(configuration: Self.configuration)
        let tokenIndices = Array(0..<Self.configuration.tokenSlots)
        return Self.windows.map { window in
            let input = VerifierWindow(features: window.features, tokenIndices: tokenIndices)
            return network.predict(input, parameters).answerProbability
        }
    }

    @Test func trainingLowersLoss() throws {
        let trainer = TRMTrainer(
            network: TRMNetwork(configuration: Self.configuration), options: shortRunOptions(seed: 3))
        var lossesByEpoch: [Int: [Float]] = [:]

        _ = trainer.train(Self.windows) { progress in
            lossesByEpoch[progress.epoch, default: []].append(progress.loss)
        }
        let first = try #require(lossesByEpoch[1])
        let last = try #require(lossesByEpoch[trainer.options.epochs])
        let firstMean = first.reduce(0, +) / Float(first.count)
        let lastMean = last.reduce(0, +) / Float(last.count)

        #expect(lastMean.isFinite)
        #expect(lastMean < 0.5 * firstMean, "first epoch \(firstMean), last epoch \(lastMean)")
    }

    @Test func trainingSeparatesClasses() throws {
        let trainer = TRMTrainer(
            network: TRMNetwork(configuration: Self.configuration), options: shortRunOptions(seed: 3))
        let parameters = trainer.train(Self.windows)
        let labels = Self.windows.map { Int($0.label) }

        let auroc = try #require(ClassificationMetrics.auroc(scores: scores(parameters), labels: labels))

        #expect(auroc > 0.9)
    }

    @Test func progressCountsEveryStep() {
        let trainer = TRMTrainer(
            network: TRMNetwork(configuration: Self.configuration), options: shortRunOptions(seed: 3))
        var reports: [TrainingProgress] = []

        _ = trainer.train(Self.windows) { reports.append($0) }

        #expect(reports.count == 12 * 4)
        #expect(reports.last?.epoch == 12)
        #expect(reports.last?.step == 4)
        #expect(reports.allSatisfy { $0.stepsPerEpoch == 4 })
        #expect(reports.allSatisfy { $0.epochs == 12 })
        #expect(reports.last?.secondsLeft == 0)
    }

    @Test func seededRunsRepeatExactly() {
        let network = TRMNetwork(configuration: Self.configuration)
        let first = TRMTrainer(network: network, options: shortRunOptions(seed: 9)).train(Self.windows)
        let second = TRMTrainer(network: network, options: shortRunOptions(seed: 9)).train(Self.windows)

        #expect(first == second)
    }

    @Test func differentSeedsGiveDifferentWeights() {
        let network = TRMNetwork(configuration: Self.configuration)
        let first = TRMTrainer(network: network, options: shortRunOptions(seed: 9)).train(Self.windows)
        let second = TRMTrainer(network: network, options: shortRunOptions(seed: 10)).train(Self.windows)

        #expect(first != second)
    }
}
