import Foundation
import Tensor
import Testing
import Text

@testable import TRM

/// One supervision step's inputs and targets, with the loss the trainer minimises on them.
///
/// The loss is the sum of the masked token cross-entropy, the whole-answer cross-entropy and the halting
/// cross-entropy. Its halting target is fixed here, where the trainer derives it from the prediction without
/// differentiating through that choice.
struct SupervisionProblem {
    var features: Matrix
    var tokenTargets: Matrix
    var tokenWeights: Matrix
    var answerTarget: Float = 1
    var haltTarget: Float = 0

    init(configuration: TRMConfiguration, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let slots = configuration.slots
        features = .random(
            rows: slots, columns: configuration.features, standardDeviation: 0.5, using: &generator)
        tokenTargets = Matrix(rows: slots, columns: 1, values: (0..<slots).map { Float($0 % 2) })
        tokenWeights = Matrix(rows: slots, columns: 1, values: (0..<slots).map { $0 == 0 ? 0 : 1 })
    }

    /// Returns the loss after one supervision step from `state`, accumulated in Double.
    func loss(_ network: TRMNetwork, _ parameters: Parameters, from state: RecursionState) -> Double {
        let next = network.supervisionStep(features, state, parameters, trace: false).0
        let outputs = network.heads(next.y, parameters)
        let token = binaryCrossEntropy(logits: outputs.tokenLogits, targets: tokenTargets, weights: tokenWeights)
        let answer = softplus(outputs.answerLogit) - answerTarget * outputs.answerLogit
        let halt = softplus(outputs.haltLogit) - haltTarget * outputs.haltLogit
        return Double(token.loss) + Double(answer) + Double(halt)
    }

    /// Returns the gradient of `loss` from the heads' and the recursion's backward passes.
    func gradient(_ network: TRMNetwork, _ parameters: Parameters, from state: RecursionState) throws -> Parameters {
        let (next, trace) = network.supervisionStep(features, state, parameters, trace: true)
        let outputs = network.heads(next.y, parameters)
        let token = binaryCrossEntropy(logits: outputs.tokenLogits, targets: tokenTargets, weights: tokenWeights)

        var gradients = parameters.zeros()
        let yGradient = network.headsBackward(
            tokenGradient: token.gradient, answerGradient: sigmoid(outputs.answerLogit) - answerTarget,
            haltGradient: sigmoid(outputs.haltLogit) - haltTarget, outputs, parameters, gradients: &gradients)
        network.recursionBackward(yGradient, try #require(trace), parameters, gradients: &gradients)
        return gradients
    }
}

/// Returns initial weights with every entry moved by noise, so no bias is zero and no gain is one.
func perturbedParameters(_ network: TRMNetwork, seed: UInt64) -> Parameters {
    var parameters = network.initialParameters(seed: seed)
    var generator = SeededGenerator(seed: seed &+ 100)
    for name in parameters.names {
        let tensor = parameters[name]
        parameters[name] =
            tensor + .random(rows: tensor.rows, columns: tensor.columns, standardDeviation: 0.2, using: &generator)
    }
    return parameters
}

/// Returns up to four entry indices spread over a tensor of `count` entries.
func sampledEntries(_ count: Int) -> [Int] {
    Array(Set([0, count / 3, (2 * count) / 3, count - 1])).sorted()
}

/// Central-difference step and the accepted error between an analytic and a numerical derivative.
///
/// The RMS norms of 4-wide rows curve sharply, so a step of 1e-2 leaves truncation errors of up to 3 % in the
/// embedding's derivatives. At 2e-3 the measured errors, Float rounding of the loss included, stay below 1.2e-4,
/// while scaling a derivative of 0.1 by 5 % already moves it by 5e-3.
private let step: Float = 2e-3
private let absoluteTolerance = 5e-4
private let relativeTolerance = 1e-2

@Suite struct RecursionGradientTests {
    static let tensorNames = TRMNetwork(configuration: tinyConfiguration()).initialParameters(seed: 0).names

    /// Compares the analytic gradient of `name` with central differences of `loss` at a few entries.
    private func expectGradientMatches(
        _ name: String, analytic: Parameters, parameters: Parameters, loss: (Parameters) -> Double
    ) {
        for entry in sampledEntries(parameters[name].count) {
            var probe = parameters
            probe[name].values[entry] += step
            let plus = loss(probe)
            probe[name].values[entry] = parameters[name].values[entry] - step
            let minus = loss(probe)
            let numerical = (plus - minus) / (2 * Double(step))

            let derivative = Double(analytic[name].values[entry])
            let tolerance = absoluteTolerance + relativeTolerance * max(abs(derivative), abs(numerical))
            #expect(abs(derivative - numerical) <= tolerance, "\(name)[\(entry)]: \(derivative) vs \(numerical)")
        }
    }

    @Test(arguments: tensorNames)
    func singleRecursionGradientMatchesFiniteDifferences(name: String) throws {
        let network = TRMNetwork(configuration: tinyConfiguration(recursions: 1))
        let parameters = perturbedParameters(network, seed: 11)
        let problem = SupervisionProblem(configuration: network.configuration, seed: 12)
        let zero = RecursionState(slots: network.configuration.slots, width: network.configuration.width)

        let analytic = try problem.gradient(network, parameters, from: zero)

        expectGradientMatches(name, analytic: analytic, parameters: parameters) { probe in
            problem.loss(network, probe, from: zero)
        }
    }

    /// With two recursions, only the last is differentiated: the first one's output counts as a constant, so the
    /// finite differences run one recursion from that output, computed once with the unperturbed weights.
    @Test(arguments: tensorNames)
    func lastRecursionGradientMatchesFiniteDifferences(name: String) throws {
        let network = TRMNetwork(configuration: tinyConfiguration(recursions: 2))
        let lastRecursion = TRMNetwork(configuration: tinyConfiguration(recursions: 1))
        let parameters = perturbedParameters(network, seed: 21)
        let problem = SupervisionProblem(configuration: network.configuration, seed: 22)
        let carried = randomState(network.configuration, seed: 23)
        let detached = lastRecursion.supervisionStep(problem.features, carried, parameters, trace: false).0

        let analytic = try problem.gradient(network, parameters, from: carried)

        expectGradientMatches(name, analytic: analytic, parameters: parameters) { probe in
            problem.loss(lastRecursion, probe, from: detached)
        }
    }

    @Test func earlierRecursionsAreDetached() throws {
        let network = TRMNetwork(configuration: tinyConfiguration(recursions: 3))
        let lastRecursion = TRMNetwork(configuration: tinyConfiguration(recursions: 1))
        let firstRecursions = TRMNetwork(configuration: tinyConfiguration(recursions: 2))
        let parameters = perturbedParameters(network, seed: 31)
        let problem = SupervisionProblem(configuration: network.configuration, seed: 32)
        let carried = randomState(network.configuration, seed: 33)
        let detached = firstRecursions.supervisionStep(problem.features, carried, parameters, trace: false).0

        let full = try problem.gradient(network, parameters, from: carried)
        let last = try problem.gradient(lastRecursion, parameters, from: detached)

        for name in parameters.names {
            #expect(full[name] == last[name], "\(name)")
        }
    }

    @Test func tracedStepMatchesUntracedStep() {
        let network = TRMNetwork(configuration: tinyConfiguration(recursions: 2))
        let parameters = perturbedParameters(network, seed: 41)
        let problem = SupervisionProblem(configuration: network.configuration, seed: 42)
        let carried = randomState(network.configuration, seed: 43)

        let traced = network.supervisionStep(problem.features, carried, parameters, trace: true).0
        let untraced = network.supervisionStep(problem.features, carried, parameters, trace: false).0

        #expect(traced.y == untraced.y)
        #expect(traced.z == untraced.z)
    }

    private func randomState(_ configuration: TRMConfiguration, seed: UInt64) -> RecursionState {
        var generator = SeededGenerator(seed: seed)
        let slots = configuration.slots
        let width = configuration.width
        return RecursionState(
            y: .random(rows: slots, columns: width, standardDeviation: 1, using: &generator),
            z: .random(rows: slots, columns: width, standardDeviation: 1, using: &generator))
    }
}
