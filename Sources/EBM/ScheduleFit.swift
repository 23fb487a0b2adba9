import Tensor
import Text

/// Fits refinement's step size α, starting noise σ and starting logit on training examples.
///
/// The energy gives no closed form for α, and learning it by back-propagating through the unrolled steps would
/// need second derivatives of the energy. Instead refinement runs on the training examples for every point of a
/// grid. The point kept scores best on repairs minus damage: the share of unsupported answers moved closer to
/// their reference, minus the share moved farther, minus the share of supported answers changed.
public enum ScheduleFit {
    public static let stepSizes: [Float] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
    public static let noises: [Float] = [0, 0.5]
    public static let startLogits: [Float] = [0.5, 1, 2, 4]

    /// Shares of repaired, damaged and changed examples under one schedule.
    public struct Outcome: Sendable {
        public var schedule: Refinement.Schedule
        public var closer: Double
        public var farther: Double
        public var changed: Double
        public var objective: Double { closer - farther - changed }
    }

    /// Returns the best schedule and every outcome, for the training log.
    public static func fit(
        _ examples: [EnergyExample], network: EnergyNetwork, parameters: Parameters, steps: Int, seed: UInt64
    ) -> (Refinement.Schedule, [Outcome]) {
        var outcomes: [Outcome] = []
        let grid = stepSizes.flatMap { stepSize in
            noises.flatMap { noise in
                startLogits.map { Refinement.Schedule(stepSize: stepSize, noise: noise, startLogit: $0) }
            }
        }
        for schedule in grid {
            let results = examples.parallelMap { example in
                RepairOutcome(
                    example, network: network, parameters: parameters, schedule: schedule, steps: steps, seed: seed)
            }
            outcomes.append(
                Outcome(
                    schedule: schedule, closer: share(results, \.closer, of: \.hasReference),
                    farther: share(results, \.farther, of: \.hasReference),
                    changed: share(results, \.changed, of: \.isSupported)))
        }
        let best = outcomes.max { $0.objective < $1.objective }
        return (best?.schedule ?? Refinement.Schedule(stepSize: 1, noise: 0, startLogit: 4), outcomes)
    }

    static func share(
        _ results: [RepairOutcome], _ flag: KeyPath<RepairOutcome, Bool>, of group: KeyPath<RepairOutcome, Bool>
    ) -> Double {
        let members = results.filter { $0[keyPath: group] }
        return members.isEmpty ? 0 : Double(members.filter { $0[keyPath: flag] }.count) / Double(members.count)
    }
}

/// The change refinement made to one example, judged against its label and reference.
public struct RepairOutcome: Sendable {
    /// The descent that chose the edits; nil for fixed choices.
    public var refinement: Refinement?
    public var refined: EditedAnswer
    public var isSupported: Bool
    public var hasReference: Bool
    /// Word edit distance to the reference fell, rose, or reached zero (unsupported answers with a reference).
    public var closer = false
    public var farther = false
    public var exact = false
    /// The text changed at all.
    public var changed: Bool

    /// Refines `example` by descent. With `editedEnergy`, the energy of an answer analysed afresh, accepted edits are
    /// confirmed as `/refine` confirms them.
    public init(
        _ example: EnergyExample, network: EnergyNetwork, parameters: Parameters, schedule: Refinement.Schedule,
        steps: Int, seed: UInt64, editedEnergy: ((String) -> Float)? = nil
    ) {
        var refinement = Refinement.run(
            example.input, network: network, parameters: parameters, schedule: schedule, steps: steps, seed: seed)
        if refinement.accepted, let editedEnergy {
            refinement.confirm(editedEnergy: editedEnergy(example.space.apply(refinement.choices).text))
        }
        self.init(example, choices: refinement.choices, refinement: refinement)
    }

    /// Judges fixed choices, as the naive repair makes them.
    public init(_ example: EnergyExample, choices: [Int], refinement: Refinement? = nil) {
        self.refinement = refinement
        refined = example.space.apply(choices)
        isSupported = example.label == 1
        changed = refined.text != example.space.answer
        hasReference = example.label == 0 && example.reference != nil
        if hasReference, let reference = example.reference {
            let before = WordEditDistance.distance(example.space.answer, reference)
            let after = WordEditDistance.distance(refined.text, reference)
            closer = after < before
            farther = after > before
            exact = after == 0
        }
    }
}
