import EBM
import Foundation
import Logging
import Tensor

extension ModelRegistry {
    /// Loads the first version of `entries` (newest first) that passes its checks, as the energy model `model`.
    ///
    /// A file that fails is logged once and then skipped until its size or modification time changes.
    ///
    /// - Returns: The version now served, or nil when none loaded.
    func loadNewestEnergy(_ model: String, from entries: [CheckpointStore.Entry], logger: Logger) async -> String? {
        for entry in entries {
            if rejected[entry.path] == entry { continue }
            do {
                let checkpoint = try Self.readEnergyCheckpoint(entry)
                await activateEnergy(checkpoint, model: model)
                logger.info(
                    "model loaded",
                    ["model": model, "model.kind": "ebm", "model.version": entry.version, "checkpoint": entry.path])
                return entry.version
            } catch {
                rejected[entry.path] = entry
                logger.error(
                    "checkpoint rejected",
                    ["model": model, "model.kind": "ebm", "checkpoint": entry.path, "error": "\(error)"])
            }
        }
        return nil
    }

    private static func readEnergyCheckpoint(_ entry: CheckpointStore.Entry) throws -> EBMCheckpoint {
        let checkpoint = try EBMCheckpoint.load(path: entry.path)
        guard checkpoint.header.version == entry.version else {
            throw CheckpointError(
                path: entry.path, reason: "header names version \(checkpoint.header.version), not \(entry.version)")
        }
        return checkpoint
    }

    /// Serves `checkpoint` as the energy model `model`, replacing the weights of a loaded model of that name.
    func activateEnergy(_ checkpoint: EBMCheckpoint, model: String) async {
        if let energyModel = energies[model] {
            await energyModel.load(checkpoint)
        } else if let extractor = featureExtractor {
            energies[model] = EnergyModel(
                name: model, checkpoint: checkpoint, extractor: extractor, limiter: limiter)
        }
    }

    /// Loads the newest energy version of every model in the `ebm` subfolder when it differs from the one served.
    ///
    /// - Returns: The energy models that changed version, sorted.
    func reloadEnergy(logger: Logger) async -> [String] {
        guard let store = checkpointStore?.energy else { return [] }
        let served = await energyVersions()
        var changed: [String] = []
        for model in Set(store.entries().map(\.model)).sorted() {
            guard let newest = store.versions(of: model).first, newest.version != served[model],
                rejected[newest.path] != newest
            else { continue }
            if await loadNewestEnergy(model, from: [newest], logger: logger) != nil {
                changed.append(model)
            }
        }
        return changed
    }

    /// Writes `checkpoint` as the newest energy version of `model`, serves it, and removes versions past `keep`.
    ///
    /// - Returns: The path of the written file.
    /// - Throws: `CheckpointError` when the write fails; the served version then stays.
    public func publishEnergy(
        _ checkpoint: EBMCheckpoint, model: String, keep: Int, logger: Logger
    ) async throws -> String {
        guard let store = checkpointStore else {
            throw CheckpointError(path: model, reason: "models are not loaded yet, so there is no checkpoint folder")
        }
        let path = try store.saveEnergy(checkpoint, model: model)
        await activateEnergy(checkpoint, model: model)
        logger.notice(
            "model version published",
            ["model": model, "model.kind": "ebm", "model.version": checkpoint.header.version, "checkpoint": path])

        let inUse = await energyVersions()[model].map { Set([$0]) } ?? []
        for removed in store.energy.prune(model: model, keep: keep, inUse: inUse) {
            logger.info("checkpoint removed", ["model": model, "model.kind": "ebm", "checkpoint": removed])
        }
        return path
    }
}
