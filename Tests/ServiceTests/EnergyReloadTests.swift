import EBM
import Foundation
import Logging
import Service
import Tensor
import Testing

/// A registry over a temporary checkpoint folder that starts with both shipped checkpoints, and its log lines.
private struct EnergyReloadFixture {
    let folder: TemporaryDirectory
    let store: CheckpointStore
    let registry = ModelRegistry()
    let logs = LogSink.memory()
    var logger: Logger { Logger(label: "energy-reload-tests", level: .info, format: .logfmt, sink: logs) }
    var models: ServiceConfiguration.Models {
        var models = ServiceConfiguration.Models()
        models.checkpointDirectory = folder.path
        return models
    }

    init() throws {
        folder = try TemporaryDirectory("energy-reload")
        store = CheckpointStore(directory: folder.path)
        for name in ["trm.ckpt", "ebm.ckpt"] {
            let shipped = try repositoryRoot().appendingPathComponent("Config/models/\(name)").path
            try FileManager.default.copyItem(atPath: shipped, toPath: folder.file(name))
        }
    }

    func load() async throws {
        try await registry.loadDefault(models, logger: logger, extractor: sharedExtractor.get())
    }

    func servedVersion(_ model: String = "default") async -> String? {
        await registry.energyVersions()[model]
    }

    /// Writes a valid energy checkpoint with one byte flipped in its second half, so its checksum fails.
    func writeCorrupt(version: String, model: String = "default") throws {
        let checkpoint = tinyEnergyCheckpoint(version: version)
        var bytes = try CheckpointFile.encode(header: checkpoint.header, parameters: checkpoint.parameters)
        bytes[bytes.count * 3 / 4] ^= 0xFF
        try FileManager.default.createDirectory(atPath: store.energy.directory, withIntermediateDirectories: true)
        let path = store.energy.path(model: model, version: version)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    }

    func rejectionLines(naming fileName: String) -> [String] {
        logs.capturedLines.filter { $0.contains("checkpoint rejected") && $0.contains(fileName) }
    }
}

@Suite(.serialized) struct EnergyReloadTests {
    @Test func startingEnergyCheckpointServesEmptyFolder() async throws {
        let fixture = try EnergyReloadFixture()
        let shipped = try EBMCheckpoint.load(path: fixture.folder.file("ebm.ckpt")).header.version

        try await fixture.load()

        #expect(await fixture.servedVersion() == shipped)
    }

    @Test func newestEnergyVersionServesAtStart() async throws {
        let fixture = try EnergyReloadFixture()
        try fixture.store.saveEnergy(tinyEnergyCheckpoint(version: "ebm-1"), model: "default")
        try fixture.store.saveEnergy(tinyEnergyCheckpoint(version: "ebm-2"), model: "default")
        try fixture.store.saveEnergy(tinyEnergyCheckpoint(version: "ebm-7"), model: "legal")

        try await fixture.load()

        #expect(await fixture.servedVersion() == "ebm-2")
        #expect(await fixture.servedVersion("legal") == "ebm-7")
        #expect(await fixture.registry.modelNames == ["default"], "an energy version adds no verifier")
    }

    @Test func corruptNewestEnergyFallsBackAtStart() async throws {
        let fixture = try EnergyReloadFixture()
        try fixture.store.saveEnergy(tinyEnergyCheckpoint(version: "ebm-1"), model: "default")
        try fixture.writeCorrupt(version: "ebm-2")

        try await fixture.load()

        #expect(await fixture.servedVersion() == "ebm-1")
        #expect(fixture.rejectionLines(naming: "default@ebm-2.ckpt").count == 1)
    }

    @Test func reloadServesEnergyVersionOfOtherReplica() async throws {
        let fixture = try EnergyReloadFixture()
        try await fixture.load()
        let served = try #require(await fixture.registry.energyModel(named: "default"))

        // Another replica writes through its own store over the same folder.
        try CheckpointStore(directory: fixture.folder.path).saveEnergy(
            tinyEnergyCheckpoint(version: "ebm-3"), model: "default")
        let changed = await fixture.registry.reload(logger: fixture.logger)

        #expect(changed == ["ebm/default"])
        #expect(await fixture.servedVersion() == "ebm-3")
        #expect(await served.version == "ebm-3", "the energy model in use swaps its weights in place")
    }

    @Test func corruptEnergyVersionKeepsServedVersion() async throws {
        let fixture = try EnergyReloadFixture()
        try fixture.store.saveEnergy(tinyEnergyCheckpoint(version: "ebm-1"), model: "default")
        try await fixture.load()

        try fixture.writeCorrupt(version: "ebm-2")
        let first = await fixture.registry.reload(logger: fixture.logger)
        let second = await fixture.registry.reload(logger: fixture.logger)

        #expect(first.isEmpty)
        #expect(second.isEmpty)
        #expect(await fixture.servedVersion() == "ebm-1")
        let lines = fixture.rejectionLines(naming: "default@ebm-2.ckpt")
        #expect(lines.count == 1, "one log line per rejected file, not one per poll")
        #expect(lines.first?.contains("checksum mismatch") == true, "lines: \(lines)")
        let scores = try await fixture.registry.energyModel(named: "default")?.score(
            question: nil, contexts: ["The shop opened in 1990."], answers: ["It opened in 1990."])
        #expect(scores?.count == 1, "the old version still scores")
    }

    @Test func publishEnergyServesAndPrunes() async throws {
        let fixture = try EnergyReloadFixture()
        try fixture.store.save(tinyCheckpoint(version: "trm-1"), model: "default")
        try await fixture.load()

        for version in 1...4 {
            _ = try await fixture.registry.publishEnergy(
                tinyEnergyCheckpoint(version: "ebm-\(version)"), model: "default", keep: 2, logger: fixture.logger)
        }

        #expect(await fixture.servedVersion() == "ebm-4")
        #expect(fixture.store.energy.versions(of: "default").map(\.version) == ["ebm-4", "ebm-3"])
        #expect(fixture.store.versions(of: "default").map(\.version) == ["trm-1"], "verifier versions stay apart")
        #expect(await fixture.registry.versions()["default"] == "trm-1")
        #expect(fixture.folder.entries().contains("ebm.ckpt"), "the starting checkpoint is never pruned")
    }
}
