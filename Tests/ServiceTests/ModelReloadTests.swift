import Foundation
import Logging
import Service
import TRM
import Tensor
import Testing

/// A registry over a temporary checkpoint folder that starts with the shipped checkpoint, and its log lines.
private struct ReloadFixture {
    let folder: TemporaryDirectory
    let store: CheckpointStore
    let registry = ModelRegistry()
    let logs = LogSink.memory()
    var logger: Logger { Logger(label: "reload-tests", level: .info, format: .logfmt, sink: logs) }
    var models: ServiceConfiguration.Models {
        var models = ServiceConfiguration.Models()
        models.checkpointDirectory = folder.path
        return models
    }

    init() throws {
        folder = try TemporaryDirectory("reload")
        store = CheckpointStore(directory: folder.path)
        let shipped = try repositoryRoot().appendingPathComponent("Config/models/trm.ckpt").path
        try FileManager.default.copyItem(atPath: shipped, toPath: folder.file("trm.ckpt"))
    }

    func servedVersion(_ model: String = "default") async -> String? {
        await registry.versions()[model]
    }

    /// Writes the bytes of a valid checkpoint cut short, as a copy that stopped half way would leave them.
    func writeTruncated(version: String, model: String = "default") throws {
        let bytes = try CheckpointFile.encode(
            header: tinyCheckpoint(version: version).header, parameters: tinyCheckpoint(version: version).parameters)
        let path = store.path(model: model, version: version)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes.prefix(bytes.count / 2))))
    }

    func rejectionLines(naming version: String) -> [String] {
        logs.capturedLines.filter { $0.contains("checkpoint rejected") && $0.contains(version) }
    }
}

@Suite(.serialized) struct ModelReloadTests {
    @Test func startingCheckpointServesEmptyFolder() async throws {
        let fixture = try ReloadFixture()
        let shipped = try TRMCheckpoint.load(path: fixture.folder.file("trm.ckpt")).header.version

        try await fixture.registry.loadDefault(fixture.models, logger: fixture.logger, extractor: sharedExtractor.get())

        #expect(await fixture.servedVersion() == shipped)
    }

    @Test func newestStoredVersionServesAtStart() async throws {
        let fixture = try ReloadFixture()
        try fixture.store.save(tinyCheckpoint(version: "trm-1"), model: "default")
        try fixture.store.save(tinyCheckpoint(version: "trm-2"), model: "default")
        try fixture.store.save(tinyCheckpoint(version: "trm-7"), model: "legal")

        try await fixture.registry.loadDefault(fixture.models, logger: fixture.logger, extractor: sharedExtractor.get())

        #expect(await fixture.servedVersion() == "trm-2")
        #expect(await fixture.servedVersion("legal") == "trm-7")
    }

    @Test func truncatedNewestFallsBackAtStart() async throws {
        let fixture = try ReloadFixture()
        try fixture.store.save(tinyCheckpoint(version: "trm-1"), model: "default")
        try fixture.writeTruncated(version: "trm-2")

        try await fixture.registry.loadDefault(fixture.models, logger: fixture.logger, extractor: sharedExtractor.get())

        #expect(await fixture.servedVersion() == "trm-1")
        #expect(fixture.rejectionLines(naming: "default@trm-2.ckpt").count == 1)
    }

    @Test func reloadServesNewVersion() async throws {
        let fixture = try ReloadFixture()
        try await fixture.registry.loadDefault(fixture.models, logger: fixture.logger, extractor: sharedExtractor.get())
        let verifier = try #require(await fixture.registry.verifier(named: "default"))

        try fixture.store.save(tinyCheckpoint(version: "trm-3"), model: "default")
        let changed = await fixture.registry.reload(logger: fixture.logger)

        #expect(changed == ["default"])
        #expect(await fixture.servedVersion() == "trm-3")
        #expect(await verifier.version == "trm-3", "the verifier in use swaps its weights in place")
    }

    @Test func reloadAddsNewModel() async throws {
        let fixture = try ReloadFixture()
        try await fixture.registry.loadDefault(fixture.models, logger: fixture.logger, extractor: sharedExtractor.get())

        try fixture.store.save(tinyCheckpoint(version: "trm-4"), model: "legal")
        await fixture.registry.reload(logger: fixture.logger)

        #expect(await fixture.registry.modelNames == ["default", "legal"])
    }

    @Test func corruptVersionKeepsServedVersion() async throws {
        let fixture = try ReloadFixture()
        try fixture.store.save(tinyCheckpoint(version: "trm-1"), model: "default")
        try await fixture.registry.loadDefault(fixture.models, logger: fixture.logger, extractor: sharedExtractor.get())

        var bytes = try CheckpointFile.encode(
            header: tinyCheckpoint(version: "trm-2").header, parameters: tinyCheckpoint(version: "trm-2").parameters)
        bytes[bytes.count / 2] ^= 0xFF
        #expect(
            FileManager.default.createFile(
                atPath: fixture.store.path(model: "default", version: "trm-2"), contents: Data(bytes)))
        let first = await fixture.registry.reload(logger: fixture.logger)
        let second = await fixture.registry.reload(logger: fixture.logger)

        #expect(first.isEmpty)
        #expect(second.isEmpty)
        #expect(await fixture.servedVersion() == "trm-1")
        let lines = fixture.rejectionLines(naming: "default@trm-2.ckpt")
        #expect(lines.count == 1, "one log line per rejected file, not one per poll")
        #expect(lines.first?.contains("checksum mismatch") == true)
    }

    @Test func mismatchedHeaderVersionIsRejected() async throws {
        let fixture = try ReloadFixture()
        try await fixture.registry.loadDefault(fixture.models, logger: fixture.logger, extractor: sharedExtractor.get())

        try tinyCheckpoint(version: "trm-8").save(path: fixture.store.path(model: "default", version: "trm-9"))
        await fixture.registry.reload(logger: fixture.logger)

        #expect(await fixture.servedVersion() != "trm-8")
        #expect(fixture.rejectionLines(naming: "default@trm-9.ckpt").count == 1)
    }

    @Test func publishServesAndPrunes() async throws {
        let fixture = try ReloadFixture()
        try await fixture.registry.loadDefault(fixture.models, logger: fixture.logger, extractor: sharedExtractor.get())

        for version in 1...4 {
            _ = try await fixture.registry.publish(
                tinyCheckpoint(version: "trm-\(version)"), model: "default", keep: 2, logger: fixture.logger)
        }

        #expect(await fixture.servedVersion() == "trm-4")
        #expect(fixture.store.versions(of: "default").map(\.version) == ["trm-4", "trm-3"])
        #expect(fixture.folder.entries().contains("trm.ckpt"), "the starting checkpoint is never pruned")
    }
}
