import Foundation
import Tensor

/// Gradient descent on the edit logits with decaying noise, then a discrete decision that is kept only if it
/// lowers the energy.
public struct Refinement: Sendable, Equatable {
    /// Options chosen per span; all zero (keep) when refinement changed nothing or was rejected.
    public var choices: [Int]
    /// Energy of the soft state before each step, then after the last one: `steps + 1` values.
    public var stepEnergies: [Float]
    /// Energy of the answer as written.
    public var originalEnergy: Float
    /// Energy of the decoded choices, before the acceptance check.
    public var decodedEnergy: Float
    /// True when descent decoded to a choice other than keep-all, whether or not it was accepted.
    public var flipped: Bool
    /// True when the decoded choices had a lower energy than the original and were kept.
    public var accepted: Bool
    /// Energy of the edited answer analysed afresh, as `/score` reads it; nil until `confirm` has run.
    public var editedEnergy: Float?

    /// Energy of the returned answer: the fresh reading of the edited answer once confirmed, else the descent's.
    public var finalEnergy: Float { accepted ? (editedEnergy ?? decodedEnergy) : originalEnergy }

    /// Keeps the accepted edits only if the edited answer, analysed as a new answer, also scores below the original.
    ///
    /// The descent compares energies in the original's edit space, where the edited spans are read through their
    /// options. Read afresh, the edited answer gets an edit space of its own and can score higher: "bracket" to
    /// "range" in a right summary fell in the descent's space but rose from 1.669 to 1.695 under `/score`.
    public mutating func confirm(editedEnergy energy: Float) {
        guard accepted else { return }
        if energy < originalEnergy {
            editedEnergy = energy
        } else {
            accepted = false
            choices = [Int](repeating: 0, count: choices.count)
        }
    }

    /// Step size α, starting noise σ and starting logit of keep for refinement, all fitted in training.
    public struct Schedule: Sendable, Codable, Equatable {
        public var stepSize: Float
        public var noise: Float
        /// Logit of keep at the start, the other options starting at 0. A start short of the one-hot corner
        /// keeps the softmax out of saturation, where the gradient on `x` vanishes.
        public var startLogit: Float

        public init(stepSize: Float, noise: Float, startLogit: Float) {
            self.stepSize = stepSize
            self.noise = noise
            self.startLogit = startLogit
        }

        /// Noise scale of step `step` of `steps`: σ falling linearly to 0 on the last step.
        public func noise(step: Int, of steps: Int) -> Float {
            guard steps > 1 else { return 0 }
            return noise * Float(steps - 1 - step) / Float(steps - 1)
        }
    }

    /// Runs `steps` updates `x ← x − α ∇ₓE + σₜ ε` from the answer as written and decodes the result.
    ///
    /// The same seed gives the same noise and so the same result.
    public static func run(
        _ input: EnergyInput, network: EnergyNetwork, parameters: Parameters, schedule: Schedule, steps: Int,
        seed: UInt64
    ) -> Refinement {
        let keep = [Int](repeating: 0, count: input.spanCount)
        let original = network.energyAsWritten(input, parameters)
        var start = network.configuration
        start.choiceLogit = schedule.startLogit
        var logits = start.logits(choosing: keep, in: input)
        var generator = SeededGenerator(seed: seed)
        var energies: [Float] = []
        for step in 0..<steps {
            let (energy, gradient) = network.logitGradient(input, logits: logits, parameters)
            energies.append(energy)
            let sigma = schedule.noise(step: step, of: steps)
            for option in logits.indices {
                logits[option] -= schedule.stepSize * gradient[option]
                if sigma > 0 { logits[option] += sigma * generator.nextNormal() }
            }
        }
        energies.append(network.energy(input, logits: logits, parameters).energy)

        let decoded = network.configuration.decode(logits, in: input)
        let flipped = decoded != keep
        let decodedEnergy =
            flipped
            ? network.energy(input, logits: network.configuration.logits(choosing: decoded, in: input), parameters)
                .energy : original
        let accepted = flipped && decodedEnergy < original
        return Refinement(
            choices: accepted ? decoded : keep, stepEnergies: energies, originalEnergy: original,
            decodedEnergy: decodedEnergy, flipped: flipped, accepted: accepted, editedEnergy: nil)
    }
}
