import Foundation
import Tensor
import Testing
import Text

@testable import TRM

@Suite struct TRMCheckpointTests {
    /// Returns a checkpoint of the tiny network with seeded weights.
    private func makeCheckpoint(configuration: TRMConfiguration = tinyConfiguration()) -> TRMCheckpoint {
        let header = TRMCheckpoint.Header(
            version: "trm-test-1", createdAt: "2026-01-02T03:04:05", configuration: configuration,
            trainingDataHash: TRMCheckpoint.dataHash(Data("records".utf8)), options: TRMTrainer.Options(),
            metrics: ["train_auroc": 0.75], thresholds: TaskThresholds(question: 0.4, summary: 0.45))
        let parameters = TRMNetwork(configuration: configuration).initialParameters(seed: 17)
        return TRMCheckpoint(header: header, parameters: parameters)
    }

    /// Saves a checkpoint, changes its bytes with `edit`, and writes them back.
    private func savedAndEdited(in folder: TemporaryFolder, _ edit: (inout [UInt8]) -> Void) throws -> String {
        let path = folder.path("model.ckpt")
        try makeCheckpoint().save(path: path)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        edit(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Replaces the trailing CRC-32 so that only the check under test can fail.
    private func resealChecksum(_ bytes: inout [UInt8]) {
        var crc = CRC32()
        crc.update(Array(bytes.dropLast(4)))
        let value = crc.value
        for index in 0..<4 {
            bytes[bytes.count - 4 + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index)))
        }
    }

    @Test func saveAndLoadRoundTrip() throws {
        let folder = try TemporaryFolder()
        let original = makeCheckpoint()
        try original.save(path: folder.path("model.ckpt"))

        let loaded = try TRMCheckpoint.load(path: folder.path("model.ckpt"))

        #expect(loaded.header == original.header)
        #expect(loaded.parameters == original.parameters)
    }

    @Test func saveLeavesNoTemporaryFile() throws {
        let folder = try TemporaryFolder()
        try makeCheckpoint().save(path: folder.path("model.ckpt"))
        try makeCheckpoint().save(path: folder.path("model.ckpt"))

        #expect(try folder.entries() == ["model.ckpt"])
    }

    @Test func saveReplacesExistingCheckpoint() throws {
        let folder = try TemporaryFolder()
        try makeCheckpoint().save(path: folder.path("model.ckpt"))
        var second = makeCheckpoint()
        second.header.version = "trm-test-2"
        try second.save(path: folder.path("model.ckpt"))

        #expect(try TRMCheckpoint.load(path: folder.path("model.ckpt")).header.version == "trm-test-2")
    }

    @Test func flippedByteFailsChecksum() throws {
        let folder = try TemporaryFolder()
        let path = try savedAndEdited(in: folder) { bytes in bytes[bytes.count - 40] ^= 0x01 }

        let error = #expect(throws: CheckpointError.self) { try TRMCheckpoint.load(path: path) }

        #expect(error?.path == path)
        #expect(error?.description.contains(path) == true)
        #expect(error?.reason.contains("checksum") == true)
    }

    @Test(arguments: [4, 100, 1000])
    func truncatedFileFails(droppedBytes: Int) throws {
        let folder = try TemporaryFolder()
        let path = try savedAndEdited(in: folder) { bytes in bytes.removeLast(droppedBytes) }

        let error = #expect(throws: CheckpointError.self) { try TRMCheckpoint.load(path: path) }

        #expect(error?.description.contains(path) == true)
    }

    @Test func emptyFileFails() throws {
        let folder = try TemporaryFolder()
        let path = try savedAndEdited(in: folder) { bytes in bytes.removeAll() }

        #expect(throws: CheckpointError.self) { try TRMCheckpoint.load(path: path) }
    }

    @Test func wrongMagicFails() throws {
        let folder = try TemporaryFolder()
        let path = try savedAndEdited(in: folder) { bytes in
            bytes[0] = UInt8(ascii: "X")
            resealChecksum(&bytes)
        }

        let error = #expect(throws: CheckpointError.self) { try TRMCheckpoint.load(path: path) }

        #expect(error?.reason.contains("magic") == true)
        #expect(error?.description.contains(path) == true)
    }

    @Test func unknownFormatVersionFails() throws {
        let folder = try TemporaryFolder()
        let path = try savedAndEdited(in: folder) { bytes in
            bytes[CheckpointFile.magic.count] = 9
            resealChecksum(&bytes)
        }

        let error = #expect(throws: CheckpointError.self) { try TRMCheckpoint.load(path: path) }

        #expect(error?.reason.contains("format version 9") == true)
    }

    @Test func tensorOfWrongShapeFails() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("model.ckpt")
        var checkpoint = makeCheckpoint()
        checkpoint.parameters["tokenHead.weight"] = Matrix(rows: 3, columns: 1)
        try checkpoint.save(path: path)

        let error = #expect(throws: CheckpointError.self) { try TRMCheckpoint.load(path: path) }

        #expect(error?.reason.contains("tokenHead.weight") == true)
        #expect(error?.reason.contains("shape") == true)
        #expect(error?.description.contains(path) == true)
    }

    /// An energy model's checkpoint in the verifier's place is named as one, not as a malformed header.
    @Test func energyCheckpointNamesItsKind() throws {
        let path = try repositoryRoot().appendingPathComponent("Config/models/ebm.ckpt").path

        let error = #expect(throws: CheckpointError.self) { try TRMCheckpoint.load(path: path) }

        #expect(error?.reason == "model kind is ebm, expected trm")
    }

    @Test func weightsForOtherConfigurationFail() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("model.ckpt")
        var wider = tinyConfiguration()
        wider.width = 8
        var checkpoint = makeCheckpoint()
        checkpoint.parameters = TRMNetwork(configuration: wider).initialParameters(seed: 1)
        try checkpoint.save(path: path)

        let error = #expect(throws: CheckpointError.self) { try TRMCheckpoint.load(path: path) }

        #expect(error?.reason.contains("wrong shape") == true)
    }

    @Test func missingTensorFails() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("model.ckpt")
        var checkpoint = makeCheckpoint()
        var parameters = Parameters()
        for name in checkpoint.parameters.names where name != "haltHead.bias" {
            parameters[name] = checkpoint.parameters[name]
        }
        checkpoint.parameters = parameters
        try checkpoint.save(path: path)

        let error = #expect(throws: CheckpointError.self) { try TRMCheckpoint.load(path: path) }

        #expect(error?.reason.contains("haltHead.bias is missing") == true)
    }

    @Test func otherModelKindFails() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("model.ckpt")
        var checkpoint = makeCheckpoint()
        checkpoint.header.kind = "ebm"
        try checkpoint.save(path: path)

        let error = #expect(throws: CheckpointError.self) { try TRMCheckpoint.load(path: path) }

        #expect(error?.reason.contains("ebm") == true)
    }

    @Test func missingFileNamesPath() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("absent.ckpt")

        let error = #expect(throws: CheckpointError.self) { try TRMCheckpoint.load(path: path) }

        #expect(error?.description.contains(path) == true)
    }

    @Test func saveIntoMissingFolderFails() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("absent/model.ckpt")

        #expect(throws: CheckpointError.self) { try makeCheckpoint().save(path: path) }
        #expect(try folder.entries().isEmpty)
    }

    @Test func dataHashIsFNV1a() {
        #expect(TRMCheckpoint.dataHash(Data()) == "cbf29ce484222325")
        #expect(TRMCheckpoint.dataHash(Data("a".utf8)) == "af63dc4c8601ec8c")
    }
}
