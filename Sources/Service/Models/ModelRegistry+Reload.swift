import Foundation
import Logging
import TRM
import Tensor

extension ModelRegistry {
    /// Loads the newest version of every model in the checkpoint folder and its `ebm` subfolder when it differs
    /// from the one served.
    ///
    /// A model whose newest file fails its checks keeps serving its version. The file is logged once and then
    /// skipped until its size or modification time changes.
    ///
    /// - Returns: The verifiers that changed version, sorted, then the energy models that did, as `ebm/<model>`.
    @discardableResult
    public func reload(logger: Logger) async -> [String] {
        guard let store = checkpointStore else { return [] }
        let served = await versions()
        var changed: [String] = []
        for model in Set(store.entries().map(\.model)).sorted() {
            guard let newest = store.versions(of: model).first, newest.version != served[model],
                rejected[newest.path] != newest
            else { continue }
            if await loadNewest(model, from: [newest], logger: logger) != nil {
                changed.append(model)
            }
        }
        return changed + (await reloadEnergy(logger: logger)).map { "\(CheckpointStore.energyFolderName)/\($0)" }
    }

    /// Polls the checkpoint folder every `interval` until the calling task is cancelled.
    public func watch(every interval: Duration, logger: Logger) async {
        logger.info("checkpoint polling started", ["interval_ms": .integer(Int(interval.milliseconds))])
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                break
            }
            let changed = await reload(logger: logger)
            if !changed.isEmpty {
                logger.notice("models reloaded", ["models": changed.joined(separator: ",")])
            }
        }
        logger.info("checkpoint polling stopped")
    }

    /// Writes `checkpoint` as the newest version of `model`, serves it, and removes versions past `keep`.
    ///
    /// - Returns: The path of the written file.
    /// - Throws: `CheckpointError` when the write fails; the served version then stays.
    public func publish(_ checkpoint: TRMCheckpoint, model: String, keep: Int, logger: Logger) async throws -> String {
        guard let store = checkpointStore else {
            throw CheckpointError(path: model, reason: "models are not loaded yet, so there is no checkpoint folder")
        }
        let path = try store.save(checkpoint, model: model)
        await activate(checkpoint, model: model)
        logger.notice(
            "model version published", ["model": model, "model.version": checkpoint.header.version, "checkpoint": path])

        let inUse = await versions()[model].map { Set([$0]) } ?? []
        for removed in store.prune(model: model, keep: keep, inUse: inUse) {
            logger.info("checkpoint removed", ["model": model, "checkpoint": removed])
        }
        return path
    }
}

extension Duration {
    /// The duration in whole milliseconds.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
