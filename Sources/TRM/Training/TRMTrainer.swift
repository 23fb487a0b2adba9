import Foundation
import Tensor

/// Progress of a training run, reported once per optimizer step.
public struct TrainingProgress: Sendable {
    public var epoch: Int
    public var epochs: Int
    public var step: Int
    public var stepsPerEpoch: Int
    /// Mean loss over the supervision steps of the last batch.
    public var loss: Float
    public var examplesPerSecond: Double
    public var secondsLeft: Double
}

/// Trains the verifier with deep supervision, AdamW and an exponential moving average of the weights.
public struct TRMTrainer: Sendable {
    /// Hyper-parameters of a training run, each with its default.
    public struct Options: Sendable, Codable, Equatable {
        public var epochs = 6
        public var batchSize = 16
        /// AdamW step size. Default: 0.002.
        public var learningRate: Float = 0.002
        public var weightDecay: Float = 0.01
        /// Decay of the weight average that is served. Default: 0.995.
        public var emaDecay: Float = 0.995
        public var gradientClip: Float = 1
        /// Weight of the per-token loss against the whole-answer loss. Default: 0.5.
        public var tokenLossWeight: Float = 0.5
        /// Weight of the halting loss. Default: 0.5.
        public var haltLossWeight: Float = 0.5
        public var seed: UInt64 = 1

        public init() {}
    }

    public let network: TRMNetwork
    public let options: Options

    public init(network: TRMNetwork, options: Options) {
        self.network = network
        self.options = options
    }

    /// Trains on `windows` and returns the averaged weights.
    ///
    /// Every batch runs N_sup supervision steps; each step differentiates only the last recursion, updates the
    /// weights, and carries the detached states `y` and `z` into the next step.
    public func train(
        _ windows: [TrainingWindow], progress: (TrainingProgress) -> Void = { _ in }
    ) -> Parameters {
        var parameters = network.initialParameters(seed: options.seed)
        var optimizer = AdamW(learningRate: options.learningRate, weightDecay: options.weightDecay)
        var average = ExponentialMovingAverage(decay: options.emaDecay, initial: parameters)
        var generator = SeededGenerator(seed: options.seed &+ 1)
        let classWeights = TRMTrainer.classWeights(windows)
        let stepsPerEpoch = (windows.count + options.batchSize - 1) / options.batchSize
        let started = Date()

        for epoch in 1...max(options.epochs, 1) {
            let order = windows.indices.shuffled(using: &generator)
            for step in 0..<stepsPerEpoch {
                let batch = order[(step * options.batchSize)..<min((step + 1) * options.batchSize, order.count)]
                let loss = trainBatch(batch.map { windows[$0] }, classWeights, &parameters, &optimizer, &average)

                let done = Double((epoch - 1) * stepsPerEpoch + step + 1)
                let total = Double(options.epochs * stepsPerEpoch)
                let elapsed = Date().timeIntervalSince(started)
                progress(
                    TrainingProgress(
                        epoch: epoch, epochs: options.epochs, step: step + 1, stepsPerEpoch: stepsPerEpoch, loss: loss,
                        examplesPerSecond: done * Double(options.batchSize) / max(elapsed, 1e-9),
                        secondsLeft: elapsed / done * (total - done)))
            }
        }
        return average.average
    }

    /// Weights that make both labels count equally in the whole-answer loss.
    static func classWeights(_ windows: [TrainingWindow]) -> (negative: Float, positive: Float) {
        let positives = Float(windows.filter { $0.label == 1 }.count)
        let negatives = Float(windows.count) - positives
        guard positives > 0, negatives > 0 else { return (1, 1) }
        let total = positives + negatives
        return (total / (2 * negatives), total / (2 * positives))
    }
}
