import Tensor
import Text

/// Serves one trained energy model: energies of answers, and refinement of an answer by descent on its edits.
///
/// Feature extraction runs on a thread of its own outside the actor. Only the weights are isolated, so a reload
/// never races a request.
public actor EnergyModel {
    /// The energy of one answer and the probability of support that the calibration maps it to.
    public struct Score: Sendable, Equatable {
        public var energy: Float
        public var probability: Float
        /// False for an answer with no claim, whose probability is 0 and which `/score` ranks last.
        public var makesClaim = true
    }

    /// A refined answer: the edits chosen, the descent that chose them, and the options it could choose from.
    public struct Result: Sendable {
        public var edited: EditedAnswer
        public var refinement: Refinement
        public var space: EditSpace
        /// The answer as written, as `/score` scores it.
        public var original: Score
        /// The answer returned, as `/score` scores it: the edited answer when edits were kept, else the original.
        public var final: Score
    }

    public nonisolated let name: String
    public private(set) var checkpoint: EBMCheckpoint
    private var network: EnergyNetwork
    public nonisolated let extractor: FeatureExtractor
    /// Bounds how many requests extract features at once.
    nonisolated let limiter: WorkLimiter

    /// Creates an energy model. Engines that share `limiter` share its bound on work running at once.
    public init(
        name: String, checkpoint: EBMCheckpoint, extractor: FeatureExtractor, limiter: WorkLimiter = .twicePerCore()
    ) {
        self.name = name
        self.checkpoint = checkpoint
        self.network = EnergyNetwork(configuration: checkpoint.header.configuration)
        self.extractor = extractor
        self.limiter = limiter
    }

    public var version: String { checkpoint.header.version }

    /// Replaces the served weights.
    public func load(_ checkpoint: EBMCheckpoint) {
        self.checkpoint = checkpoint
        network = EnergyNetwork(configuration: checkpoint.header.configuration)
    }

    /// Scores each answer against the same contexts, in the order given.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled, for example because its client left.
    public nonisolated func score(question: String?, contexts: [String], answers: [String])
        async throws(CancellationError) -> [Score]
    {
        let extractor = extractor
        let inputs = try await limiter.run { cancellation in
            let index = ContextIndex(contexts: contexts)
            var inputs: [EnergyInput] = []
            // Checked between answers, so a cancelled request with many long candidates stops early.
            for answer in answers where !cancellation.isCancelled {
                let analysis = extractor.analyze(answer: answer, question: question, contexts: index)
                inputs.append(
                    EnergyInput(
                        space: EditSpace(answer: answer, analysis: analysis, contexts: index, question: question),
                        analysis: analysis))
            }
            return inputs
        }
        return await score(inputs)
    }

    /// Returns each input's energy and calibrated probability.
    ///
    /// An answer with no claim ("...", a refusal) gives the network no claim to read, so its energy is what the
    /// network makes of input it was never trained on: "..." had scored 0.74 beside 0.09 for a right answer.
    /// Such an answer gets probability 0, as `/verify` gives it score 0 and label abstain.
    private func score(_ inputs: [EnergyInput]) -> [Score] {
        // NOTE: words the aligned context sentence lacks raise the energy even when another sentence contains them:
        // beside "...named after the engineer Gustave Eiffel... The tower is 330 metres tall.", "The tower is 330
        // metres tall." scored 0.97 and "The Eiffel Tower is 330 metres tall." 0.09, just above an unrelated answer.
        inputs.map { input in
            let energy = network.energyAsWritten(input, checkpoint.parameters)
            let probability = input.makesClaim ? checkpoint.header.calibration.probability(energy) : 0
            return Score(energy: energy, probability: probability, makesClaim: input.makesClaim)
        }
    }

    /// Refines `answer` by `steps` descent steps with noise drawn from `seed`.
    ///
    /// The weights are read once, so a reload during the request never mixes two models' energies. Analysis and
    /// descent run on a thread of its own, as scoring does. Accepted edits are kept only if the edited answer,
    /// analysed afresh, also scores below the original, so `final` is the energy `/score` gives the answer returned.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled, for example because its client left.
    public nonisolated func refine(
        question: String?, contexts: [String], answer: String, steps: Int, seed: UInt64
    ) async throws(CancellationError) -> Result {
        let extractor = extractor
        let (network, checkpoint) = await (self.network, self.checkpoint)
        let result = try await limiter.run { cancellation -> Result? in
            let index = ContextIndex(contexts: contexts)
            guard !cancellation.isCancelled else { return nil }
            // NOTE: the extractor does not check the flag, so a cancelled request still finishes this analysis:
            // about 0.5 s against 32 contexts of 20,000 characters.
            func read(_ text: String) -> (EditSpace, EnergyInput) {
                let analysis = extractor.analyze(answer: text, question: question, contexts: index)
                let space = EditSpace(answer: text, analysis: analysis, contexts: index, question: question)
                return (space, EnergyInput(space: space, analysis: analysis))
            }
            let (space, input) = read(answer)
            guard !cancellation.isCancelled else { return nil }
            var refinement = Refinement.run(
                input, network: network, parameters: checkpoint.parameters,
                schedule: checkpoint.schedule(hasQuestion: question.isPresentQuestion), steps: steps, seed: seed)
            if refinement.accepted {
                let (_, edited) = read(space.apply(refinement.choices).text)
                refinement.confirm(editedEnergy: network.energyAsWritten(edited, checkpoint.parameters))
            }
            return EnergyModel.result(space, input, refinement, checkpoint)
        }
        guard let result else { throw CancellationError() }
        return result
    }

    /// Gathers the edits chosen with the energies of the original and of the answer returned.
    private static func result(
        _ space: EditSpace, _ input: EnergyInput, _ refinement: Refinement, _ checkpoint: EBMCheckpoint
    ) -> Result {
        // An answer without a claim, a refusal or an unrelated one scores 0, as `/score` gives it. Refinement leaves
        // it unedited, so the final answer is the original.
        let calibration = checkpoint.header.calibration
        let claims = input.makesClaim
        return Result(
            edited: space.apply(refinement.choices), refinement: refinement, space: space,
            original: Score(
                energy: refinement.originalEnergy,
                probability: claims ? calibration.probability(refinement.originalEnergy) : 0, makesClaim: claims),
            final: Score(
                energy: refinement.finalEnergy,
                probability: claims ? calibration.probability(refinement.finalEnergy) : 0, makesClaim: claims))
    }
}
