import Foundation
import Tensor

/// Trains the energy network by contrastive divergence.
///
/// Each step lowers the energy of positives (supported answers as written, and unsupported answers edited
/// towards their references) and raises the energy of negatives (unsupported answers as written, and samples of
/// short Langevin chains on the current energy), with an L2 penalty on every energy to keep its scale:
///
///     L = mean E(positives) − mean E(negatives) + λ · (mean E(positives)² + mean E(negatives)²)
///
/// The methods differ only in where the chains start:
/// - `cd1`: one Langevin step from the data, the answer as written;
/// - `pcd`: persistent chains kept in a replay buffer, one per example, each continued by one step per update
///   and restarted from the data with a small probability;
/// - `fpcd`: persistent chains as in `pcd`, sampled under the weights plus fast weights, which follow the same
///   gradient with a larger learning rate and decay towards zero, so the chains leave the modes they just
///   deepened.
public struct EnergyTrainer: Sendable {
    public enum Method: String, Sendable, Codable, CaseIterable {
        case cd1
        case pcd
        case fpcd
    }

    public struct Options: Sendable, Codable, Equatable {
        public var method: Method = .pcd
        public var epochs = 12
        public var batchSize = 32
        public var learningRate: Float = 0.002
        /// Weight λ of the L2 penalty on energies.
        public var energyPenalty: Float = 0.1
        /// Weight of the ranking terms within one answer's edits: `softplus(E(better) − E(worse))` for the edits
        /// towards the reference against the answer as written, and for a supported answer as written against
        /// one random single-span edit of it.
        public var pairWeight: Float = 1
        /// Step size and starting noise of the training chains.
        public var chainStepSize: Float = 1
        public var chainNoise: Float = 1
        /// Chance that a persistent chain restarts from the data at an update.
        public var restartProbability: Float = 0.05
        /// Fast-weight learning rate and the factor the fast weights shrink by at every update (`fpcd` only).
        public var fastLearningRate: Float = 0.02
        public var fastDecay: Float = 0.9
        public var seed: UInt64 = 1

        public init() {}
    }

    /// Figures of one finished epoch, measured on the held-out examples.
    public struct EpochReport: Sendable {
        public var epoch: Int
        public var loss: Float
        /// Mean energy of unsupported answers minus mean energy of supported ones; positive is right.
        public var energyGap: Float
        /// AUROC of the negated energy against the labels.
        public var auroc: Double?
    }

    public let network: EnergyNetwork
    public let options: Options

    public init(network: EnergyNetwork, options: Options) {
        self.network = network
        self.options = options
    }

    /// Trains on `examples` and reports each epoch's figures on `heldOut`.
    ///
    /// - Parameter shouldStop: Checked between updates; returning true ends training with the weights so far.
    public func train(
        _ examples: [EnergyExample], heldOut: [EnergyExample], shouldStop: () -> Bool = { false },
        report: (EpochReport) -> Void
    ) -> Parameters {
        var parameters = network.initialParameters(seed: options.seed)
        var fast = parameters.zeros()
        var optimizer = AdamW(learningRate: options.learningRate, weightDecay: 0.01)
        var generator = SeededGenerator(seed: options.seed &+ 17)
        let configuration = network.configuration
        var chains = examples.map { configuration.logits(choosing: $0.space.keepAll, in: $0.input) }

        for epoch in 1...max(options.epochs, 1) {
            var order = Array(examples.indices)
            order.shuffle(using: &generator)
            var lossTotal: Float = 0
            var batches = 0
            for start in stride(from: 0, to: order.count, by: options.batchSize) {
                if shouldStop() { return parameters }
                let batch = Array(order[start..<min(start + options.batchSize, order.count)])
                let seeds = batch.map { _ in generator.next() }
                let restarts = batch.map { _ in Float(generator.nextUniform()) < options.restartProbability }

                // Advance each example's chain by one Langevin step under the sampling weights.
                var sampling = parameters
                if options.method == .fpcd { sampling.add(fast, scaledBy: 1) }
                let starts = zip(batch, restarts).map { index, restart in
                    options.method == .cd1 || restart
                        ? configuration.logits(choosing: examples[index].space.keepAll, in: examples[index].input)
                        : chains[index]
                }
                let samples = zip(batch.indices, batch).map { position, index in
                    langevinStep(examples[index].input, starts[position], sampling, seed: seeds[position])
                }
                if options.method != .cd1 {
                    for (position, index) in batch.enumerated() { chains[index] = samples[position] }
                }

                let flips = batch.map { index in EnergyTrainer.randomEdit(examples[index], using: &generator) }
                let (loss, gradients) = lossAndGradients(batch.map { examples[$0] }, samples, flips, parameters)
                optimizer.step(&parameters, gradients: gradients)
                if options.method == .fpcd {
                    fast.scale(by: options.fastDecay)
                    fast.add(gradients, scaledBy: -options.fastLearningRate)
                }
                lossTotal += loss
                batches += 1
            }
            let (gap, auroc) = EnergyTrainer.measure(heldOut, network: network, parameters: parameters)
            report(EpochReport(epoch: epoch, loss: lossTotal / Float(max(batches, 1)), energyGap: gap, auroc: auroc))
        }
        return parameters
    }

    /// Takes one step `x − α ∇ₓE + σ ε` of a training chain.
    private func langevinStep(_ input: EnergyInput, _ logits: [Float], _ parameters: Parameters, seed: UInt64)
        -> [Float]
    {
        guard input.optionCount > 0 else { return logits }
        var generator = SeededGenerator(seed: seed)
        let (_, gradient) = network.logitGradient(input, logits: logits, parameters)
        return zip(logits, gradient).map { logit, slope in
            logit - options.chainStepSize * slope + options.chainNoise * generator.nextNormal()
        }
    }

    /// Returns the contrastive loss of one batch and its weight gradients, computed in two halves on two threads.
    private func lossAndGradients(
        _ batch: [EnergyExample], _ samples: [[Float]], _ flips: [[Int]?], _ parameters: Parameters
    ) -> (Float, Parameters) {
        var positives: [(Int, [Float])] = []
        var negatives: [(Int, [Float])] = []
        let configuration = network.configuration
        for (position, example) in batch.enumerated() {
            let asWritten = configuration.logits(choosing: example.space.keepAll, in: example.input)
            if example.label == 1 {
                positives.append((position, asWritten))
            } else {
                negatives.append((position, asWritten))
                if let target = example.target {
                    positives.append((position, configuration.logits(choosing: target, in: example.input)))
                }
            }
            if example.input.optionCount > 0 { negatives.append((position, samples[position])) }
        }
        let terms =
            positives.map { ($0.0, $0.1, Float(1) / Float(max(positives.count, 1))) }
            + negatives.map { ($0.0, $0.1, Float(-1) / Float(max(negatives.count, 1))) }
        // Ranking pairs within one answer: (position, logits that should score lower, logits that should not).
        var pairList: [(Int, [Float], [Float])] = []
        for (position, example) in batch.enumerated() {
            let asWritten = configuration.logits(choosing: example.space.keepAll, in: example.input)
            if example.label == 0, let target = example.target {
                pairList.append((position, configuration.logits(choosing: target, in: example.input), asWritten))
            } else if example.label == 1, let flip = flips[position] {
                pairList.append((position, asWritten, configuration.logits(choosing: flip, in: example.input)))
            }
        }
        let pairs = pairList
        let pairScale = options.pairWeight / Float(max(pairs.count, 1))

        let halves = 2
        let results = Array(0..<halves).parallelMap { half in
            var gradients = parameters.zeros()
            var loss: Float = 0
            for (position, logits, sign) in stride(from: half, to: terms.count, by: halves).map({ terms[$0] }) {
                let input = batch[position].input
                let (energy, cache) = network.energy(input, logits: logits, parameters)
                let scale = abs(sign)
                loss += sign * energy + options.energyPenalty * scale * energy * energy
                let weight = sign + 2 * options.energyPenalty * scale * energy
                _ = network.backward(input, cache, parameters, weight: weight, gradients: &gradients)
            }
            for (position, better, worse) in stride(from: half, to: pairs.count, by: halves).map({ pairs[$0] }) {
                let input = batch[position].input
                let (betterEnergy, betterCache) = network.energy(input, logits: better, parameters)
                let (worseEnergy, worseCache) = network.energy(input, logits: worse, parameters)
                loss += pairScale * softplus(betterEnergy - worseEnergy)
                let weight = pairScale * sigmoid(betterEnergy - worseEnergy)
                _ = network.backward(input, betterCache, parameters, weight: weight, gradients: &gradients)
                _ = network.backward(input, worseCache, parameters, weight: -weight, gradients: &gradients)
            }
            return (loss, gradients)
        }
        var total = parameters.zeros()
        var loss: Float = 0
        for (halfLoss, gradients) in results {
            loss += halfLoss
            total.add(gradients, scaledBy: 1)
        }
        total.clipGlobalNorm(5)
        return (loss, total)
    }

    /// Returns one random edit of one span of a supported answer, every other span kept; nil for other answers.
    static func randomEdit(_ example: EnergyExample, using generator: inout SeededGenerator) -> [Int]? {
        guard example.label == 1, !example.space.spans.isEmpty else { return nil }
        let span = Int(generator.next() % UInt64(example.space.spans.count))
        let optionCount = example.space.spans[span].options.count
        guard optionCount > 1 else { return nil }
        var choices = example.space.keepAll
        choices[span] = 1 + Int(generator.next() % UInt64(optionCount - 1))
        return choices
    }

    /// Energy gap and AUROC of the negated energy of each example as written.
    public static func measure(
        _ examples: [EnergyExample], network: EnergyNetwork, parameters: Parameters
    ) -> (gap: Float, auroc: Double?) {
        let energies = examples.map { example in
            network.energy(
                example.input, logits: network.configuration.logits(choosing: example.space.keepAll, in: example.input),
                parameters
            ).energy
        }
        let labels = examples.map(\.label)
        let supported = zip(energies, labels).filter { $0.1 == 1 }.map(\.0)
        let unsupported = zip(energies, labels).filter { $0.1 == 0 }.map(\.0)
        func mean(_ values: [Float]) -> Float { values.isEmpty ? 0 : values.reduce(0, +) / Float(values.count) }
        return (
            mean(unsupported) - mean(supported),
            ClassificationMetrics.auroc(scores: energies.map { -$0 }, labels: labels)
        )
    }
}
