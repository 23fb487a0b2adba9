import Foundation
import Logging
import TRM
import Text

/// The loaded models by name, and whether loading has finished.
public actor ModelRegistry {
    /// Loading state, reported by `GET /ready`.
    public enum State: Sendable {
        case loading
        case ready
        case failed(String)
    }

    public private(set) var state: State = .loading
    private var verifiers: [String: Verifier] = [:]

    public init() {}

    /// Loads WordNet and the default verifier checkpoint named by `configuration`.
    ///
    /// On failure the state becomes `failed` with the reason, which `/ready` reports; the error is also thrown.
    public func loadDefault(_ configuration: ServiceConfiguration.Models, logger: Logger) throws {
        let path = URL(fileURLWithPath: configuration.checkpointDirectory)
            .appendingPathComponent(configuration.verifierCheckpoint).path
        do {
            let started = Date()
            let wordNet = try WordNet.load(directory: configuration.wordNetDirectory)
            let checkpoint = try TRMCheckpoint.load(path: path)
            verifiers["default"] = Verifier(
                name: "default", checkpoint: checkpoint, extractor: FeatureExtractor(wordNet: wordNet))
            state = .ready
            logger.info(
                "models loaded",
                [
                    "model": "default", "model.version": .string(checkpoint.header.version),
                    "checkpoint": .string(path),
                    "duration_ms": .integer(Int(Date().timeIntervalSince(started) * 1000)),
                ])
        } catch {
            // The cause, which names server paths, goes to the log only.
            state = .failed("the default model failed to load; the service log names the cause")
            logger.error("model load failed", ["checkpoint": path, "error": "\(error)"])
            throw error
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
