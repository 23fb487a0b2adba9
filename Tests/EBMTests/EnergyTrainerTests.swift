import Tensor
import Testing
import Text

@testable import EBM

/// Training and held-out examples built once for every test in the suite.
private let syntheticSplit: (training: [EnergyExample], heldOut: [EnergyExample]) = {
    var records = SyntheticRecords(seed: 41)
    let examples = records.make(64).map { EnergyExample(record: $0, extractor: plainExtractor) }
    return (Array(examples[..<40]), Array(examples[40...]))
}()

@Suite struct EnergyTrainerTests {
    /// Options for a short run on the synthetic split.
    private func options(_ method: EnergyTrainer.Method, seed: UInt64 = 5) -> EnergyTrainer.Options {
        var options = EnergyTrainer.Options()
        options.method = method
        options.epochs = 6
        options.batchSize = 8
        options.learningRate = 0.01
        options.seed = seed
        return options
    }

    /// Trains and returns the final weights with every epoch's report.
    private func train(_ options: EnergyTrainer.Options) -> (Parameters, [EnergyTrainer.EpochReport]) {
        let trainer = EnergyTrainer(network: smallNetwork(width: 8), options: options)
        var reports: [EnergyTrainer.EpochReport] = []
        let parameters = trainer.train(syntheticSplit.training, heldOut: syntheticSplit.heldOut) { reports.append($0) }
        return (parameters, reports)
    }

    @Test func syntheticSplitHasBothLabelsAndSpans() {
        for examples in [syntheticSplit.training, syntheticSplit.heldOut] {
            #expect(examples.contains { $0.label == 1 })
            #expect(examples.contains { $0.label == 0 })
        }
        let unsupported = syntheticSplit.training.filter { $0.label == 0 }
        #expect(unsupported.allSatisfy { $0.input.spanCount > 0 })
        #expect(unsupported.allSatisfy { $0.target != nil })
    }

    @Test(arguments: EnergyTrainer.Method.allCases)
    func trainingSeparatesHeldOutAnswers(method: EnergyTrainer.Method) throws {
        let (parameters, reports) = train(options(method))

        let last = try #require(reports.last)
        let (gap, auroc) = EnergyTrainer.measure(
            syntheticSplit.heldOut, network: smallNetwork(width: 8), parameters: parameters)
        #expect(reports.map(\.epoch) == Array(1...6))
        #expect(last.energyGap > 0, "\(method): gap \(last.energyGap)")
        #expect(try #require(last.auroc) > 0.8, "\(method): AUROC \(String(describing: last.auroc))")
        #expect(gap == last.energyGap)
        #expect(auroc == last.auroc)
    }

    /// The untrained weights give a gap near zero. Training widens it and lowers the loss from the first epoch to
    /// the last.
    @Test(arguments: EnergyTrainer.Method.allCases)
    func trainingWidensGapAndLowersLoss(method: EnergyTrainer.Method) throws {
        let network = smallNetwork(width: 8)
        let untrained = EnergyTrainer.measure(
            syntheticSplit.heldOut, network: network, parameters: network.initialParameters(seed: 5))

        let (_, reports) = train(options(method))

        let first = try #require(reports.first)
        let last = try #require(reports.last)
        #expect(last.energyGap > untrained.gap + 1, "\(method): \(untrained.gap) to \(last.energyGap)")
        #expect(last.energyGap > first.energyGap, "\(method)")
        #expect(last.loss < first.loss, "\(method)")
        #expect(reports.allSatisfy { $0.loss.isFinite })
    }

    @Test func sameSeedGivesSameWeights() {
        let (first, _) = train(options(.fpcd, seed: 9))
        let (second, _) = train(options(.fpcd, seed: 9))

        #expect(first == second)
    }

    @Test func differentSeedsGiveDifferentWeights() {
        let (first, _) = train(options(.cd1, seed: 9))
        let (second, _) = train(options(.cd1, seed: 10))

        #expect(first != second)
    }

    @Test func stopRequestEndsTrainingBeforeTheFirstReport() {
        let trainer = EnergyTrainer(network: smallNetwork(width: 8), options: options(.pcd))
        var reports = 0

        let parameters = trainer.train(
            syntheticSplit.training, heldOut: syntheticSplit.heldOut, shouldStop: { true },
            report: { _ in reports += 1 })

        #expect(reports == 0)
        #expect(parameters == smallNetwork(width: 8).initialParameters(seed: 5))
    }

    @Test func measureOrdersEnergiesAgainstLabels() throws {
        let (parameters, _) = train(options(.pcd))
        let heldOut = syntheticSplit.heldOut
        let network = smallNetwork(width: 8)
        let configuration = network.configuration

        let energies = heldOut.map { example in
            network.energy(
                example.input, logits: configuration.logits(choosing: example.space.keepAll, in: example.input),
                parameters
            ).energy
        }
        let (gap, auroc) = EnergyTrainer.measure(heldOut, network: network, parameters: parameters)

        let supported = zip(energies, heldOut).filter { $0.1.label == 1 }.map(\.0)
        let unsupported = zip(energies, heldOut).filter { $0.1.label == 0 }.map(\.0)
        let expectedGap =
            unsupported.reduce(0, +) / Float(unsupported.count) - supported.reduce(0, +) / Float(supported.count)
        #expect(abs(gap - expectedGap) < 1e-4)
        let expectedAUROC = ClassificationMetrics.auroc(scores: energies.map { -$0 }, labels: heldOut.map(\.label))
        #expect(try #require(auroc) == (try #require(expectedAUROC)))
    }
}
