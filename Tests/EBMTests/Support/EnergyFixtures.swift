import Foundation
import Tensor
import Testing
import Text

@testable import EBM

/// An extractor without WordNet, so every lexical relation is `unknown` and no database is needed.
let plainExtractor = FeatureExtractor(wordNet: nil)

/// Returns the edit space and network input of `answer` against `contexts`.
func prepare(_ answer: String, contexts: [String]) -> (space: EditSpace, input: EnergyInput) {
    let index = ContextIndex(contexts: contexts)
    let analysis = plainExtractor.analyze(answer: answer, question: nil, contexts: index)
    let space = EditSpace(answer: answer, analysis: analysis, contexts: index)
    return (space, EnergyInput(space: space, analysis: analysis))
}

/// Returns a network small enough that a gradient check or a training run takes little time.
func smallNetwork(width: Int = 6) -> EnergyNetwork {
    var configuration = EnergyConfiguration()
    configuration.width = width
    return EnergyNetwork(configuration: configuration)
}

/// Returns initial weights with noise added to every entry, so no bias stays at zero.
func perturbedParameters(_ network: EnergyNetwork, seed: UInt64, noise: Float = 0.3) -> Parameters {
    var parameters = network.initialParameters(seed: seed)
    var generator = SeededGenerator(seed: seed &+ 1000)
    for name in parameters.names {
        let tensor = parameters[name]
        parameters[name] =
            tensor + .random(rows: tensor.rows, columns: tensor.columns, standardDeviation: noise, using: &generator)
    }
    return parameters
}

/// A fresh temporary folder, removed with its contents when the value is released.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ebm-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Returns the path of `name` inside the folder.
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
