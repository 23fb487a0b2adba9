import Foundation
import Tensor
import Testing
import Text

@testable import EBM

/// A header with the fields of a verifier checkpoint rather than an energy one.
private struct VerifierLikeHeader: Codable {
    var kind = "trm"
    var version = "trm-test-1"
    var createdAt = "2026-02-03T04:05:06"
    var thresholds = ["question": 0.4, "summary": 0.45]
}

@Suite struct EBMCheckpointTests {
    /// Returns a checkpoint of a small network with seeded weights.
    private func makeCheckpoint() -> EBMCheckpoint {
        var configuration = EnergyConfiguration()
        configuration.width = 5
        var options = EnergyTrainer.Options()
        options.method = .fpcd
        options.epochs = 3
        let header = EBMCheckpoint.Header(
            version: "ebm-test-1", createdAt: "2026-02-03T04:05:06", configuration: configuration,
            trainingDataHash: "00ff00ff00ff00ff", options: options,
            schedule: Refinement.Schedule(stepSize: 16, noise: 0.5, startLogit: 2),
            calibration: EnergyCalibration(slope: -1.5, intercept: 0.25), metrics: ["heldout_auroc": 0.875])
        let parameters = EnergyNetwork(configuration: configuration).initialParameters(seed: 23)
        return EBMCheckpoint(header: header, parameters: parameters)
    }

    /// Saves `checkpoint` in `folder` and returns its path.
    private func save(_ checkpoint: EBMCheckpoint, in folder: TemporaryFolder) throws -> String {
        let path = folder.path("energy.ckpt")
        try checkpoint.save(path: path)
        return path
    }

    @Test func saveAndLoadRoundTrip() throws {
        let folder = try TemporaryFolder()
        let original = makeCheckpoint()
        let path = try save(original, in: folder)

        let loaded = try EBMCheckpoint.load(path: path)

        #expect(loaded.header == original.header)
        #expect(loaded.parameters == original.parameters)
        #expect(loaded.header.kind == "ebm")
        #expect(loaded.header.featureLayoutVersion == TokenFeatures.layoutVersion)
    }

    @Test func otherModelKindIsRejected() throws {
        let folder = try TemporaryFolder()
        var checkpoint = makeCheckpoint()
        checkpoint.header.kind = "trm"
        let path = try save(checkpoint, in: folder)

        let error = #expect(throws: CheckpointError.self) { try EBMCheckpoint.load(path: path) }

        #expect(error?.path == path)
        #expect(error?.reason.contains("kind is trm") == true, "\(String(describing: error))")
    }

    /// A verifier checkpoint has its own header fields, so the kind must be checked before the rest of the header.
    @Test func verifierCheckpointIsRejectedByKind() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("verifier.ckpt")
        let header = VerifierLikeHeader()
        try CheckpointFile.write(header: header, parameters: smallNetwork().initialParameters(seed: 1), to: path)

        let error = #expect(throws: CheckpointError.self) { try EBMCheckpoint.load(path: path) }

        #expect(error?.path == path)
        #expect(error?.reason.contains("kind is trm") == true, "\(String(describing: error))")
    }

    @Test(arguments: [4, 64, 2000])
    func truncatedFileIsRejected(droppedBytes: Int) throws {
        let folder = try TemporaryFolder()
        let path = try save(makeCheckpoint(), in: folder)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes.removeLast(droppedBytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: CheckpointError.self) { try EBMCheckpoint.load(path: path) }

        #expect(error?.path == path)
        #expect(error?.reason.contains("checksum") == true, "\(String(describing: error))")
    }

    @Test func tensorOfWrongShapeIsRejected() throws {
        let folder = try TemporaryFolder()
        var checkpoint = makeCheckpoint()
        let name = try #require(checkpoint.parameters.names.first { $0.hasPrefix("span.") })
        let tensor = checkpoint.parameters[name]
        checkpoint.parameters[name] = Matrix(rows: tensor.columns + 1, columns: tensor.rows)
        let path = try save(checkpoint, in: folder)

        let error = #expect(throws: CheckpointError.self) { try EBMCheckpoint.load(path: path) }

        #expect(error?.reason.contains(name) == true, "\(String(describing: error))")
        #expect(error?.reason.contains("wrong shape") == true, "\(String(describing: error))")
    }

    /// Weights saved for one width do not fit a header that names another.
    @Test func configurationMismatchIsRejected() throws {
        let folder = try TemporaryFolder()
        var checkpoint = makeCheckpoint()
        checkpoint.header.configuration.width = 7
        let path = try save(checkpoint, in: folder)

        let error = #expect(throws: CheckpointError.self) { try EBMCheckpoint.load(path: path) }

        #expect(error?.reason.contains("wrong shape") == true, "\(String(describing: error))")
    }

    @Test func missingTensorIsRejected() throws {
        let folder = try TemporaryFolder()
        var checkpoint = makeCheckpoint()
        var kept = Parameters()
        let dropped = checkpoint.parameters.names[checkpoint.parameters.names.count - 1]
        for name in checkpoint.parameters.names where name != dropped {
            kept[name] = checkpoint.parameters[name]
        }
        checkpoint.parameters = kept
        let path = try save(checkpoint, in: folder)

        let error = #expect(throws: CheckpointError.self) { try EBMCheckpoint.load(path: path) }

        #expect(error?.reason.contains("tensor \(dropped) is missing") == true, "\(String(describing: error))")
    }

    @Test func otherFeatureLayoutIsRejected() throws {
        let folder = try TemporaryFolder()
        var checkpoint = makeCheckpoint()
        checkpoint.header.featureLayoutVersion = TokenFeatures.layoutVersion - 1
        let path = try save(checkpoint, in: folder)

        let error = #expect(throws: CheckpointError.self) { try EBMCheckpoint.load(path: path) }

        #expect(error?.reason.contains("feature layout") == true, "\(String(describing: error))")
    }

    @Test func missingFileIsRejected() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("absent.ckpt")

        let error = #expect(throws: CheckpointError.self) { try EBMCheckpoint.load(path: path) }

        #expect(error?.path == path)
        #expect(error?.reason.contains("missing") == true)
    }
}
