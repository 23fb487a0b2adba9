import Foundation
import Tensor
import Testing
import Text

@testable import TRM

@Suite struct TrainingControlTests {
    static let configuration = tinyConfiguration(recursions: 2, supervisionSteps: 2)
    static let windows = separableWindows(configuration, count: 32, seed: 5)

    @Test func cancellationStopsBetweenSteps() {
        let trainer = TRMTrainer(
            network: TRMNetwork(configuration: Self.configuration), options: shortRunOptions(seed: 3))
        var steps = 0

        #expect(throws: TrainingCancelled.self) {
            _ = try trainer.train(Self.windows, startingFrom: nil, isCancelled: { steps >= 5 }) { _ in steps += 1 }
        }
        #expect(steps == 5)
    }

    @Test func resumeStartsFromGivenWeights() throws {
        let network = TRMNetwork(configuration: Self.configuration)
        let trained = TRMTrainer(network: network, options: shortRunOptions(seed: 3)).train(Self.windows)
        var options = shortRunOptions(seed: 4)
        options.epochs = 1
        var freshLosses: [Float] = []
        var resumedLosses: [Float] = []

        _ = TRMTrainer(network: network, options: options).train(Self.windows) { freshLosses.append($0.loss) }
        _ = try TRMTrainer(network: network, options: options).train(
            Self.windows, startingFrom: trained, isCancelled: { false }
        ) { resumedLosses.append($0.loss) }

        let fresh = try #require(freshLosses.first)
        let resumed = try #require(resumedLosses.first)
        #expect(resumed < 0.5 * fresh, "first loss: fresh \(fresh), resumed \(resumed)")
    }

    @Test func singleSliceMatchesTwoSlices() {
        let network = TRMNetwork(configuration: Self.configuration)
        var options = shortRunOptions(seed: 3)
        options.epochs = 2
        let parallel = TRMTrainer(network: network, options: options).train(Self.windows)
        var serialTrainer = TRMTrainer(network: network, options: options)
        serialTrainer.parallelSlices = 1
        let serial = serialTrainer.train(Self.windows)

        let difference =
            zip(parallel.names.map { parallel[$0].values }, serial.names.map { serial[$0].values })
            .flatMap { zip($0, $1).map { abs($0 - $1) } }.max() ?? .infinity
        #expect(difference < 1e-4, "largest weight difference \(difference)")
    }
}

@Suite struct TRMTrainingRunTests {
    static let records = (0..<40).map { index in
        LabelledRecord(
            id: "r\(index)", source: "synthetic", question: nil, contexts: ["The mill in Leeds made \(index) bolts."],
            answer: index % 2 == 0 ? "The mill made \(index) bolts." : "The mill made \(index + 500) bolts.",
            label: index % 2 == 0 ? 1 : 0)
    }

    private static func run(heldOut: Double, resume: TRMCheckpoint? = nil) throws -> TRMTrainingRun {
        var settings = TRMTrainingRun.Settings()
        settings.configuration = tinyConfiguration()
        settings.options.epochs = 1
        settings.options.members = 2
        settings.options.batchSize = 8
        settings.augment = false
        settings.parallel = false
        settings.heldOutFraction = heldOut
        settings.resume = resume
        settings.dataHash = "abcdef0123456789"
        return TRMTrainingRun(extractor: try shippedVerifier.get().extractor, settings: settings)
    }

    @Test func heldOutShareIsDisjointAndRepeatable() throws {
        let run = try Self.run(heldOut: 0.25)

        let first = run.split(Self.records)
        let second = run.split(Self.records)

        #expect(first.heldOut.count == 10)
        #expect(first.training.count == 30)
        #expect(Set(first.heldOut.map(\.id)).isDisjoint(with: first.training.map(\.id)))
        #expect(first.heldOut.map(\.id) == second.heldOut.map(\.id))
    }

    /// Copies of one record land on one side of the split, so held-out figures never score a trained record.
    @Test func copiesOfARecordStayOnOneSide() throws {
        let run = try Self.run(heldOut: 0.25)
        let distinct = Array(Self.records.prefix(4))
        let copies = (0..<3).flatMap { copy in
            distinct.map { record in
                var renamed = record
                renamed.id = "\(record.id)-copy\(copy)"
                return renamed
            }
        }

        let split = run.split(copies)
        let answer = { (record: LabelledRecord) in record.answer }

        #expect(!split.heldOut.isEmpty)
        #expect(Set(split.heldOut.map(answer)).isDisjoint(with: split.training.map(answer)))
        #expect(split.heldOut.count + split.training.count == copies.count)
    }

    @Test func runReportsHeldOutMetricsAndProgress() throws {
        var fractions: [Double] = []

        let checkpoint = try Self.run(heldOut: 0.25).run(Self.records, progress: { fractions.append($0.fraction) })

        #expect(checkpoint.header.metrics["held_out_examples"] == 10)
        #expect(checkpoint.header.metrics["train_examples"] == 30)
        #expect(checkpoint.header.metrics["held_out_auroc"] != nil)
        #expect(checkpoint.memberCount == 2)
        #expect(checkpoint.header.version.hasPrefix("trm-"))
        #expect(checkpoint.header.version.hasSuffix("-abcdef01"))
        #expect(fractions == fractions.sorted(), "progress never goes back")
        #expect(fractions.last == 1)
    }

    @Test func resumeKeepsCheckpointShape() throws {
        let first = try Self.run(heldOut: 0).run(Self.records)

        let resumed = try Self.run(heldOut: 0, resume: first).run(Self.records)

        #expect(resumed.memberCount == first.memberCount)
        #expect(resumed.header.configuration == first.header.configuration)
        #expect(resumed.parameters != first.parameters)
    }

    @Test func cancelledRunThrows() throws {
        #expect(throws: TrainingCancelled.self) {
            _ = try Self.run(heldOut: 0).run(Self.records, isCancelled: { true })
        }
    }

    @Test func versionSortsByCreationTime() {
        let earlier = TRMCheckpoint.makeVersion(createdAt: "2026-12-04T09:05:01.020Z", dataHash: "ff")
        let later = TRMCheckpoint.makeVersion(createdAt: "2026-12-04T10:00:00.000Z", dataHash: "00")

        #expect(earlier == "trm-20261204090501020-ff")
        #expect(earlier < later)
    }
}
