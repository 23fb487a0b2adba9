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

/// A training run stopped because its caller cancelled it.
public struct TrainingCancelled: Error, Sendable, CustomStringConvertible {
    public init() {}

    public var description: String { "training was cancelled" }
}

/// Trains the verifier with deep supervision, AdamW and an exponential moving average of the weights.
public struct TRMTrainer: Sendable {
    /// Hyper-parameters of a training run, each with its default.
    public struct Options: Sendable, Codable, Equatable {
        public var epochs = 10
        public var batchSize = 16
        /// AdamW step size. Default: 0.002.
        public var learningRate: Float = 0.002
        public var weightDecay: Float = 0.01
        /// Decay of the weight average that is served. Default: 0.995.
        public var emaDecay: Float = 0.995
        public var gradientClip: Float = 1
        /// Weight of the per-token loss against the whole-answer loss. Default: 1.
        public var tokenLossWeight: Float = 1
        /// Weight of the halting loss. Default: 0.5.
        public var haltLossWeight: Float = 0.5
        public var seed: UInt64 = 1
        /// Networks trained with different seeds whose predictions the verifier averages, which reduces the
        /// spread between training runs. Default: 3.
        public var members = 3

        public init() {}
    }

    public let network: TRMNetwork
    public let options: Options
    /// Slices each batch is split into and run on separate threads, whose gradients are summed. Default: 2.
    /// Use 1 to keep a run on the calling thread, as a background job beside a serving process does.
    public var parallelSlices = 2

    public init(network: TRMNetwork, options: Options) {
        self.network = network
        self.options = options
    }

    /// Trains on `windows` from a fresh initialisation and returns the averaged weights.
    ///
    /// Every batch runs N_sup supervision steps. Each step differentiates only the last recursion, updates the
    /// weights, and carries the detached states `y` and `z` into the next step.
    public func train(
        _ windows: [TrainingWindow], progress: (TrainingProgress) -> Void = { _ in }
    ) -> Parameters {
        do {
            return try train(windows, startingFrom: nil, isCancelled: { false }, progress: progress)
        } catch {
            // Unreachable: nothing cancels this run.
            return network.initialParameters(seed: options.seed)
        }
    }

    /// Trains on `windows` and returns the averaged weights, checking `isCancelled` before every batch.
    ///
    /// - Parameters:
    ///   - initial: Weights to continue from, such as one member of a checkpoint; nil starts from a seeded
    ///     initialisation. The optimizer moments always start at zero, because checkpoints do not store them.
    ///   - isCancelled: Called between optimizer steps; returning true stops the run.
    /// - Throws: `TrainingCancelled` when `isCancelled` returned true.
    public func train(
        _ windows: [TrainingWindow], startingFrom initial: Parameters?, isCancelled: () -> Bool,
        progress: (TrainingProgress) -> Void
    ) throws(TrainingCancelled) -> Parameters {
        var parameters = initial ?? network.initialParameters(seed: options.seed)
        var optimizer = AdamW(learningRate: options.learningRate, weightDecay: options.weightDecay)
        var average = ExponentialMovingAverage(decay: options.emaDecay, initial: parameters)
        var generator = SeededGenerator(seed: options.seed &+ 1)
        let weights = TRMTrainer.balancedWeights(windows)
        let stepsPerEpoch = (windows.count + options.batchSize - 1) / options.batchSize
        let started = Date()

        for epoch in 1...max(options.epochs, 1) {
            let order = windows.indices.shuffled(using: &generator)
            var epochLoss: Float = 0
            for step in 0..<stepsPerEpoch {
                if isCancelled() { throw TrainingCancelled() }
                let batch = order[(step * options.batchSize)..<min((step + 1) * options.batchSize, order.count)]
                optimizer.learningRate = learningRate(
                    at: (epoch - 1) * stepsPerEpoch + step, of: options.epochs * stepsPerEpoch)
                epochLoss += trainBatch(
                    batch.map { windows[$0] }, batch.map { weights[$0] }, &parameters, &optimizer, &average)

                let done = Double((epoch - 1) * stepsPerEpoch + step + 1)
                let total = Double(options.epochs * stepsPerEpoch)
                let elapsed = Date().timeIntervalSince(started)
                progress(
                    TrainingProgress(
                        epoch: epoch, epochs: options.epochs, step: step + 1, stepsPerEpoch: stepsPerEpoch,
                        loss: epochLoss / Float(step + 1),
                        examplesPerSecond: done * Double(options.batchSize) / max(elapsed, 1e-9),
                        secondsLeft: elapsed / done * (total - done)))
            }
        }
        return average.average
    }

    /// Returns a loss weight per window so that every (source, label) group weighs the same in total.
    ///
    /// Without it the largest source and the majority label dominate, and the decision threshold learned on
    /// one source does not carry over to another.
    static func balancedWeights(_ windows: [TrainingWindow]) -> [Float] {
        let groups = windows.reduce(into: [String: Int]()) { counts, window in
            counts["\(window.source)|\(window.label)", default: 0] += 1
        }
        let share = Float(windows.count) / Float(max(groups.count, 1))
        return windows.map { window in share / Float(groups["\(window.source)|\(window.label)"] ?? 1) }
    }

    /// Returns the step size at `step`: a linear warm-up over the first 5 % of steps, then cosine decay to 10 %.
    func learningRate(at step: Int, of total: Int) -> Float {
        let warmup = max(total / 20, 1)
        guard step >= warmup else { return options.learningRate * Float(step + 1) / Float(warmup) }
        let progress = Float(step - warmup) / Float(max(total - warmup, 1))
        return options.learningRate * (0.1 + 0.45 * (1 + cos(Float.pi * progress)))
    }
}
