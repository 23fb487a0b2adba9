import Foundation
import Tensor
import Testing
import Text

@testable import TRM

/// Returns the folder of `Package.swift` above this file.
func repositoryRoot(file: String = #filePath) throws -> URL {
    var folder = URL(fileURLWithPath: file).deletingLastPathComponent()
    while folder.path != "/" {
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            return folder
        }
        folder = folder.deletingLastPathComponent()
    }
    throw FixtureError(description: "no Package.swift above \(file)")
}

/// A test fixture that could not be set up.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
}

/// The verifier checkpoint that ships in `Config/models`, with the WordNet database, loaded once for all suites.
let shippedVerifier = Result {
    let path = try repositoryRoot().appendingPathComponent("Config/models/trm.ckpt").path
    let checkpoint = try TRMCheckpoint.load(path: path)
    let extractor = FeatureExtractor(wordNet: try WordNet.load())
    return Verifier(name: "default", checkpoint: checkpoint, extractor: extractor)
}

/// Returns a configuration small enough that a whole training run or gradient check takes milliseconds.
func tinyConfiguration(recursions: Int = 2, supervisionSteps: Int = 2) -> TRMConfiguration {
    var configuration = TRMConfiguration()
    configuration.slots = 6
    configuration.features = TokenFeatures.count
    configuration.width = 4
    configuration.tokenHidden = 4
    configuration.channelHidden = 4
    configuration.blocks = 1
    configuration.latentSteps = 2
    configuration.recursions = recursions
    configuration.supervisionSteps = supervisionSteps
    return configuration
}

/// A fresh temporary folder, removed with its contents when the value is released.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("trm-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Returns the path of `name` inside the folder.
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    /// Names of every entry in the folder, hidden ones included, sorted.
    func entries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
