import Foundation
import Testing
import Text

@testable import EBM

@Suite struct EnergyTrainingRunTests {
    /// Returns a short run of a small network on one thread.
    private func run(epochs: Int = 2, heldOut: Double = 0.2) -> EnergyTrainingRun {
        var settings = EnergyTrainingRun.Settings()
        settings.configuration.width = 6
        settings.options.epochs = epochs
        settings.options.batchSize = 8
        settings.heldOutFraction = heldOut
        settings.parallel = false
        settings.dataHash = "abcdef0123456789"
        return EnergyTrainingRun(extractor: plainExtractor, settings: settings)
    }

    @Test func tenthHeldOutIsHashEndingInZero() {
        for index in 0..<500 {
            let id = "record-\(index)"
            let hash = UInt64(fnv1aHex(id), radix: 16) ?? 1
            #expect(EnergyTrainingRun.isHeldOut(id, fraction: 0.1) == (hash % 10 == 0), "id: \(id)")
        }
    }

    @Test func heldOutShareGrowsWithFraction() {
        let ids = (0..<2000).map { "id-\($0)" }
        let tenth = ids.filter { EnergyTrainingRun.isHeldOut($0, fraction: 0.1) }
        let fifth = ids.filter { EnergyTrainingRun.isHeldOut($0, fraction: 0.2) }

        #expect(ids.filter { EnergyTrainingRun.isHeldOut($0, fraction: 0) }.isEmpty)
        #expect(Set(tenth).isSubset(of: Set(fifth)))
        #expect((150...250).contains(tenth.count), "count: \(tenth.count)")
        #expect((320...480).contains(fifth.count), "count: \(fifth.count)")
    }

    @Test func runWritesCheckpointThatLoads() throws {
        var records = SyntheticRecords(seed: 9)
        var epochs: [Int] = []
        var fitted: [Bool] = []

        let checkpoint = try run().run(
            records.make(40), progress: { progress in progress.epoch.map { epochs.append($0.epoch) } },
            schedules: { fitted.append($0.hasQuestion) })

        #expect(epochs == [1, 2])
        #expect(fitted == [false], "the synthetic records have no question, so only summaries get a schedule")
        #expect(checkpoint.header.version.hasPrefix("ebm-"))
        #expect(checkpoint.header.version.hasSuffix("-pcd-abcdef01"))
        #expect(checkpoint.header.schedule == checkpoint.header.summarySchedule)
        let heldOut = try #require(checkpoint.header.metrics["held_out_examples"])
        #expect(heldOut > 0)
        #expect(checkpoint.header.metrics["train_examples"] == 40 - heldOut)
        let folder = try TemporaryFolder()
        try checkpoint.save(path: folder.path("run.ckpt"))
        #expect(try EBMCheckpoint.load(path: folder.path("run.ckpt")).header == checkpoint.header)
    }

    @Test func cancellationStopsRun() {
        var records = SyntheticRecords(seed: 9)
        var checks = 0

        #expect(throws: CancellationError.self) {
            _ = try run(epochs: 50).run(
                records.make(40),
                isCancelled: {
                    checks += 1
                    return checks > 45
                })
        }
        #expect(checks < 50, "a run that ignored the flag would check over 200 times")
    }

    @Test func allRecordsHeldOutIsSetupError() throws {
        let id = try #require((0..<100).map { "r\($0)" }.first { EnergyTrainingRun.isHeldOut($0, fraction: 0.5) })
        let records = [
            LabelledRecord(id: id, source: "s", question: nil, contexts: ["A b."], answer: "A b.", label: 1)
        ]

        #expect(throws: EnergyTrainingRun.SetupError.self) { try run(heldOut: 0.5).run(records) }
    }

    /// Returns the FNV-1a 64 hash of `text` in hexadecimal, as checkpoint data hashes are written.
    private func fnv1aHex(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
