import EBM
import Foundation
import Tensor

extension CheckpointStore {
    /// Name of the subfolder that contains the energy model versions.
    public static let energyFolderName = "ebm"

    /// The store of energy model versions, `ebm/<model>@<version>.ckpt` under this folder.
    ///
    /// Energy versions are kept in a subfolder, so listing and pruning the verifier versions of this folder skips
    /// them, and a verifier and an energy model may share a name.
    public var energy: CheckpointStore {
        CheckpointStore(directory: URL(fileURLWithPath: directory).appendingPathComponent(Self.energyFolderName).path)
    }

    /// Writes an energy checkpoint as a new version of `model` in the energy subfolder, atomically.
    ///
    /// - Returns: The path of the written file.
    /// - Throws: `CheckpointError` when the name cannot be used, the folder cannot be created or the write fails.
    @discardableResult
    public func saveEnergy(_ checkpoint: EBMCheckpoint, model: String) throws -> String {
        let store = energy
        let version = checkpoint.header.version
        guard Self.isValidModelName(model), Self.isValidVersion(version) else {
            throw CheckpointError(
                path: store.directory, reason: "model name \(model) or version \(version) cannot be used in a file name"
            )
        }
        try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: true)
        let path = store.path(model: model, version: version)
        try checkpoint.save(path: path)
        return path
    }
}
