import EBM
import Foundation
import Logging
import TRM
import Tensor
import Text

/// The loaded models by name, and whether loading has finished.
///
/// Each model serves the newest version in the checkpoint folder that loads. The `default` model falls back to the
/// configured starting checkpoint while the folder has no version of it. A version that fails its checks is
/// logged once and skipped, and the model keeps the version it serves.
public actor ModelRegistry {
    /// Loading state, reported by `GET /ready`.
    public enum State: Sendable {
        case loading
        case ready
        case failed(String)
    }

    public private(set) var state: State = .loading
    private var verifiers: [String: Verifier] = [:]
    /// Energy models by name; `ModelRegistry+Energy` loads and replaces them.
    var energies: [String: EnergyModel] = [:]
    private var extractor: FeatureExtractor?
    /// Shared by every engine, so the bound on CPU-heavy work running at once holds for the whole service.
    let limiter = WorkLimiter.twicePerCore()
    private var store: CheckpointStore?
    /// Files that failed their checks, with the size and time they had, so a poll does not retry them.
    var rejected: [String: CheckpointStore.Entry] = [:]

    public init() {}

    /// Loads WordNet, the newest loadable version of every verifier in the checkpoint folder and of every energy
    /// model in its `ebm` subfolder, and the default models' starting checkpoints when the folders have no
    /// version of them.
    ///
    /// On failure the state becomes `failed` with the reason, which `/ready` reports; the error is also thrown.
    ///
    /// - Parameter extractor: A feature extractor already loaded, used in place of reading WordNet again.
    public func loadDefault(
        _ configuration: ServiceConfiguration.Models, logger: Logger, extractor: FeatureExtractor? = nil
    ) async throws {
        let startingPath = URL(fileURLWithPath: configuration.checkpointDirectory)
            .appendingPathComponent(configuration.verifierCheckpoint).path
        let store = CheckpointStore(directory: configuration.checkpointDirectory)
        do {
            let started = Date()
            let extractor = try await Self.extractor(
                loaded: extractor, wordNetDirectory: configuration.wordNetDirectory)
            self.extractor = extractor
            self.store = store
            for model in Set(store.entries().map(\.model)).sorted() {
                _ = await loadNewest(model, from: store.versions(of: model), logger: logger)
            }
            // The energy models load whatever becomes of the verifier, so `/score` serves without it.
            var verifierError: (any Error)?
            if verifiers["default"] == nil {
                do {
                    let checkpoint = try TRMCheckpoint.load(path: startingPath)
                    verifiers["default"] = Verifier(
                        name: "default", checkpoint: checkpoint, extractor: extractor, limiter: limiter)
                    logger.info(
                        "model loaded",
                        ["model": "default", "model.version": checkpoint.header.version, "checkpoint": startingPath])
                } catch {
                    verifierError = error
                }
            }
            let energyStore = store.energy
            for model in Set(energyStore.entries().map(\.model)).sorted() {
                _ = await loadNewestEnergy(model, from: energyStore.versions(of: model), logger: logger)
            }
            if energies["default"] == nil {
                loadEnergy(configuration, extractor: extractor, logger: logger)
            }
            if let verifierError { throw verifierError }
            state = .ready
            logger.info(
                "models loaded",
                [
                    "models": .string(modelNames.joined(separator: ",")),
                    "duration_ms": .integer(Int(Date().timeIntervalSince(started) * 1000)),
                ])
        } catch {
            // The cause, which names server paths, goes to the log only.
            state = .failed("the default model failed to load; the service log names the cause")
            logger.error("model load failed", ["checkpoint": startingPath, "error": "\(error)"])
            throw error
        }
    }

    /// Returns `loaded`, or a feature extractor on WordNet read from `wordNetDirectory`.
    ///
    /// WordNet is read on a thread of its own, so the actor returns `state` as `loading` meanwhile and requests
    /// get 503 in place of waiting for the load.
    private static func extractor(loaded: FeatureExtractor?, wordNetDirectory: String) async throws
        -> FeatureExtractor
    {
        if let loaded { return loaded }
        let result = await offCooperativePool {
            Result { try FeatureExtractor(wordNet: WordNet.load(directory: wordNetDirectory)) }
        }
        return try result.get()
    }

    /// Loads the default energy model's starting checkpoint, which `/score` and `/refine` need and `/verify` does
    /// not. A missing or broken file is logged, those two endpoints return 503, and the verifier keeps serving.
    private func loadEnergy(_ configuration: ServiceConfiguration.Models, extractor: FeatureExtractor, logger: Logger) {
        let path = URL(fileURLWithPath: configuration.checkpointDirectory)
            .appendingPathComponent(configuration.energyCheckpoint).path
        do {
            let checkpoint = try EBMCheckpoint.load(path: path)
            energies["default"] = EnergyModel(
                name: "default", checkpoint: checkpoint, extractor: extractor, limiter: limiter)
            logger.info(
                "model loaded",
                [
                    "model": "default", "model.kind": "ebm", "model.version": checkpoint.header.version,
                    "checkpoint": path,
                ])
        } catch {
            logger.error("energy model load failed", ["checkpoint": path, "error": "\(error)"])
        }
    }

    /// Returns the energy model called `name`, or nil when none is loaded under it.
    public func energyModel(named name: String) -> EnergyModel? {
        energies[name]
    }

    /// Names of the loaded energy models, sorted.
    public var energyModelNames: [String] {
        energies.keys.sorted()
    }

    /// Version of each loaded energy model by name.
    public func energyVersions() async -> [String: String] {
        var versions: [String: String] = [:]
        for (name, model) in energies {
            versions[name] = await model.version
        }
        return versions
    }

    /// Loads the first version of `entries` (newest first) that passes its checks and is not served already.
    ///
    /// - Returns: The version now served, or nil when none loaded.
    func loadNewest(_ model: String, from entries: [CheckpointStore.Entry], logger: Logger) async -> String? {
        for entry in entries {
            if rejected[entry.path] == entry { continue }
            do {
                let checkpoint = try Self.readCheckpoint(entry)
                await activate(checkpoint, model: model)
                logger.info("model loaded", ["model": model, "model.version": entry.version, "checkpoint": entry.path])
                return entry.version
            } catch {
                rejected[entry.path] = entry
                logger.error("checkpoint rejected", ["model": model, "checkpoint": entry.path, "error": "\(error)"])
            }
        }
        return nil
    }

    private static func readCheckpoint(_ entry: CheckpointStore.Entry) throws -> TRMCheckpoint {
        let checkpoint = try TRMCheckpoint.load(path: entry.path)
        guard checkpoint.header.version == entry.version else {
            throw CheckpointError(
                path: entry.path, reason: "header names version \(checkpoint.header.version), not \(entry.version)")
        }
        return checkpoint
    }

    /// Serves `checkpoint` as `model`, replacing the weights of a loaded verifier of that name.
    ///
    /// A default verifier that arrives after the starting one failed to load makes the registry ready, so `/ready`
    /// recovers with it.
    func activate(_ checkpoint: TRMCheckpoint, model: String) async {
        if let verifier = verifiers[model] {
            await verifier.load(checkpoint)
        } else if let extractor {
            verifiers[model] = Verifier(name: model, checkpoint: checkpoint, extractor: extractor, limiter: limiter)
            if model == "default", case .failed = state { state = .ready }
        }
    }

    /// Registers a verifier under its name, replacing one of the same name.
    public func register(_ verifier: Verifier) {
        verifiers[verifier.name] = verifier
        state = .ready
    }

    public func verifier(named name: String) -> Verifier? {
        verifiers[name]
    }

    /// The feature extractor shared by every model, nil until loading succeeded.
    public var featureExtractor: FeatureExtractor? { extractor }

    /// The checkpoint folder, nil until loading succeeded.
    public var checkpointStore: CheckpointStore? { store }

    /// Names of the loaded models, sorted.
    public var modelNames: [String] {
        verifiers.keys.sorted()
    }

    /// Version of each loaded model by name.
    public func versions() async -> [String: String] {
        var versions: [String: String] = [:]
        for (name, verifier) in verifiers {
            versions[name] = await verifier.version
        }
        return versions
    }
}
